import { describe, expect, it } from "@jest/globals";
import { deriveKey, seal, unseal } from "../../../../src/web/auth/sealed.js";
import { decodeSession, encodeSession, sessionKey, SESSION_TTL_MS } from "../../../../src/web/auth/session.js";

const SECRET = "a-session-secret-of-at-least-32-characters";
const NOW = Date.parse("2026-11-23T09:00:00Z");
const key = sessionKey({ sessionSecret: SECRET, clientSecret: "client-secret" });
const person = { login: "dr-cleo", token: "ghu_secret_token_value" };

/** Flips one character of part `index` of a sealed value, keeping it valid base64url. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split(".");
  const part = parts[index] ?? "";
  const flipped = part[0] === "A" ? "B" : "A";
  parts[index] = `${flipped}${part.slice(1)}`;
  return parts.join(".");
}

describe("session cookie value", () => {
  it("round-trips login, token, an expiry eight hours ahead and when the person signed in with GitHub", () => {
    const value = encodeSession(key, person, NOW);
    expect(decodeSession(key, value, NOW)).toEqual({ ...person, id: expect.any(String), expiresAt: NOW + SESSION_TTL_MS, signedInAt: NOW });
  });

  it("keeps a session sealed before sign-in times were kept (it reads, never signs), and refuses a sign-in time that is not a number", () => {
    const older = seal(key, { ...person, id: "an-older-session-id-1234", expiresAt: NOW + SESSION_TTL_MS });
    expect(decodeSession(key, older, NOW)?.signedInAt).toBeUndefined();
    expect(decodeSession(key, older, NOW)?.login).toBe(person.login);
    const odd = seal(key, { ...person, id: "an-older-session-id-1234", expiresAt: NOW + SESSION_TTL_MS, signedInAt: "just now" });
    expect(decodeSession(key, odd, NOW)).toBeUndefined();
  });

  it("gives every session its own random id, which sign-out revokes", () => {
    const ids = new Set(Array.from({ length: 20 }, () => decodeSession(key, encodeSession(key, person, NOW), NOW)?.id));
    expect(ids.size).toBe(20);
    expect([...ids].every((id) => typeof id === "string" && id.length >= 22)).toBe(true);
  });

  it("refuses a session sealed without an id (it could not be revoked)", () => {
    const value = seal(key, { ...person, expiresAt: NOW + SESSION_TTL_MS });
    expect(decodeSession(key, value, NOW)).toBeUndefined();
  });

  it("does not show the token or the login in the cookie value", () => {
    const value = encodeSession(key, person, NOW);
    expect([value.includes(person.token), value.includes(person.login), value.includes(Buffer.from(person.token).toString("base64url"))]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("seals the same session differently every time (fresh IV)", () => {
    expect(encodeSession(key, person, NOW)).not.toBe(encodeSession(key, person, NOW));
  });

  it.each([
    ["the version", 0],
    ["the IV", 1],
    ["the ciphertext", 2],
    ["the tag", 3],
  ])("treats a change to %s as signed out", (_part, index) => {
    const value = encodeSession(key, person, NOW);
    expect(decodeSession(key, tamper(value, index), NOW)).toBeUndefined();
  });

  it.each([
    ["empty", ""],
    ["garbage", "not-a-cookie"],
    ["too few parts", "v1.AAAA.BBBB"],
    ["too many parts", "v1.a.b.c.d"],
    ["non-base64url characters", "v1.a+b.c/d.e=f"],
    ["a short tag", "v1.AAAAAAAAAAAAAAAA.AAAA.AAAA"],
  ])("treats %s as signed out", (_name, value) => {
    expect(decodeSession(key, value, NOW)).toBeUndefined();
  });

  it.each([
    ["just before expiry", SESSION_TTL_MS - 1, true],
    ["at expiry", SESSION_TTL_MS, false],
    ["a day later", 24 * 3600_000, false],
  ])("%s the session is valid: %s", (_when, elapsed, valid) => {
    const value = encodeSession(key, person, NOW);
    expect(decodeSession(key, value, NOW + elapsed) !== undefined).toBe(valid);
  });

  it.each([
    ["another SESSION_SECRET", sessionKey({ sessionSecret: `${SECRET}-rotated`, clientSecret: "client-secret" })],
    ["the client secret instead of SESSION_SECRET", sessionKey({ clientSecret: "client-secret" })],
    ["the same secret for another purpose", deriveKey(SECRET, "login state")],
  ])("is refused under %s", (_name, otherKey) => {
    expect(decodeSession(otherKey, encodeSession(key, person, NOW), NOW)).toBeUndefined();
  });

  it("refuses a sealed value that is not a session (right key, wrong shape)", () => {
    expect(decodeSession(key, seal(key, { login: "x", expiresAt: NOW + 1000 }), NOW)).toBeUndefined();
  });
});

describe("sessionKey", () => {
  it("derives from the client secret when SESSION_SECRET is unset or empty, the same key both ways", () => {
    const a = sessionKey({ clientSecret: "client-secret" });
    const b = sessionKey({ sessionSecret: "", clientSecret: "client-secret" });
    expect([a.length, a.equals(b), a.equals(Buffer.from("client-secret"))]).toEqual([32, true, false]);
  });

  it("refuses a SESSION_SECRET shorter than 32 characters", () => {
    expect(() => sessionKey({ sessionSecret: "short", clientSecret: "client-secret" })).toThrow(/at least 32 characters/);
  });
});

describe("seal / unseal", () => {
  it.each([[{ a: 1 }], ["text"], [[1, "two", null]], [null]])("round-trips %j", (payload) => {
    const k = deriveKey("secret", "test");
    expect(unseal(k, seal(k, payload))).toEqual(payload);
  });

  it("refuses to derive a key from an empty secret", () => {
    expect(() => deriveKey("", "session")).toThrow(/empty secret/);
  });
});
