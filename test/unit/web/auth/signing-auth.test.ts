import { describe, expect, it } from "@jest/globals";
import { csrfToken, validCsrf } from "../../../../src/web/auth/csrf.js";
import { authorizeUrl } from "../../../../src/web/auth/oauth.js";
import { deriveKey } from "../../../../src/web/auth/sealed.js";
import { freshSignInPath } from "../../../../src/web/auth/sign-in.js";

/** What signing adds to sign-in: a form token bound to the session, and a sign-in that asks GitHub afresh. */

const key = deriveKey("a-session-secret-of-at-least-32-characters", "signing form");

describe("the signing form's token", () => {
  const token = csrfToken(key, "session-1");

  it.each<[string, string, string | null | undefined, boolean]>([
    ["the session's own token", "session-1", token, true],
    ["another session's token", "session-2", token, false],
    ["a token cut short", "session-1", token.slice(0, -1), false],
    ["no token", "session-1", null, false],
    ["an empty token", "session-1", "", false],
  ])("accepts only %s", (_name, session, given, expected) => {
    expect(validCsrf(key, session, given)).toBe(expected);
  });

  it("is not the session id, and differs under another key", () => {
    expect(token).not.toContain("session-1");
    expect(csrfToken(deriveKey("another-secret-of-at-least-32-characters!", "signing form"), "session-1")).not.toBe(token);
  });
});

describe("signing in again before a signature", () => {
  const base = { webBase: "https://github.com", clientId: "Iv1.abc", redirectUri: "https://gate.example.org/audit/callback", state: "s" };

  it("asks GitHub for its account picker only when told to", () => {
    expect(new URL(authorizeUrl({ ...base, prompt: "select_account" })).searchParams.get("prompt")).toBe("select_account");
    expect(new URL(authorizeUrl(base)).searchParams.has("prompt")).toBe(false);
  });

  it("comes back to the signing page, and never leaves the audit pages", () => {
    expect(freshSignInPath("/audit/acme/eprescribe/pull/7/sign?role=cso")).toBe(
      "/audit/login?next=%2Faudit%2Facme%2Feprescribe%2Fpull%2F7%2Fsign%3Frole%3Dcso&fresh=1",
    );
    expect(freshSignInPath("https://evil.example/")).toBe("/audit/login?next=%2Faudit&fresh=1");
  });
});
