import { describe, expect, it } from "@jest/globals";
import { decodeLoginState, encodeLoginState, LOGIN_STATE_TTL_MS, newStateValue, sameState } from "../../../../src/web/auth/login-state.js";
import { deriveKey } from "../../../../src/web/auth/sealed.js";

const key = deriveKey("client-secret", "login state");
const NOW = Date.parse("2026-11-23T09:00:00Z");

describe("login state cookie", () => {
  it("round-trips the state and where to go next", () => {
    const value = encodeLoginState(key, "s1", "/audit/acme/eprescribe", NOW);
    expect(decodeLoginState(key, value, NOW + 1000)).toEqual({ state: "s1", next: "/audit/acme/eprescribe", expiresAt: NOW + LOGIN_STATE_TTL_MS });
  });

  it.each([
    ["within ten minutes", LOGIN_STATE_TTL_MS - 1, true],
    ["after ten minutes", LOGIN_STATE_TTL_MS, false],
  ])("is accepted %s: %s", (_when, elapsed, ok) => {
    const value = encodeLoginState(key, "s1", "/audit", NOW);
    expect(decodeLoginState(key, value, NOW + elapsed) !== undefined).toBe(ok);
  });

  it("is refused under another key", () => {
    const value = encodeLoginState(key, "s1", "/audit", NOW);
    expect(decodeLoginState(deriveKey("client-secret", "session"), value, NOW)).toBeUndefined();
  });
});

describe("sameState", () => {
  it.each([
    ["abc", "abc", true],
    ["abc", "abd", false],
    ["abc", "ab", false],
    ["abc", "", false],
    ["abc", null, false],
  ])("%j vs %j → %s", (expected, received, same) => {
    expect(sameState(expected, received)).toBe(same);
  });
});

describe("newStateValue", () => {
  it("is 256 random bits, base64url, different every time", () => {
    const a = newStateValue();
    expect([/^[A-Za-z0-9_-]{43}$/.test(a), a === newStateValue()]).toEqual([true, false]);
  });
});
