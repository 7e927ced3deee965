import { describe, expect, it } from "@jest/globals";
import { safeNext } from "../../../../src/web/auth/redirect-target.js";

describe("safeNext", () => {
  it.each<[string, string | null | undefined, string]>([
    ["missing", undefined, "/audit"],
    ["null", null, "/audit"],
    ["empty", "", "/audit"],
    ["the audit home", "/audit", "/audit"],
    ["a page with a query", "/audit/acme/eprescribe/pull/7?format=json", "/audit/acme/eprescribe/pull/7?format=json"],
    ["a fragment dropped", "/audit/hazards/HAZ-001#links", "/audit/hazards/HAZ-001"],
    ["encoded characters kept", "/audit/search?q=a%20b%26c", "/audit/search?q=a%20b%26c"],
    ["another site", "https://evil.example/audit", "/audit"],
    ["scheme-relative", "//evil.example/audit", "/audit"],
    ["backslash trick", "/\\evil.example/audit", "/audit"],
    ["backslash inside", "/audit\\..\\x", "/audit"],
    ["javascript scheme", "javascript:alert(1)", "/audit"],
    ["a path outside /audit", "/api/github/webhooks", "/audit"],
    ["a prefix that is not the folder", "/auditor", "/audit"],
    ["dot segments out of /audit", "/audit/../api/github/webhooks", "/audit"],
    ["encoded dot segments out of /audit", "/audit/%2e%2e/probot", "/audit"],
    ["dot segments that stay inside", "/audit/a/../b", "/audit/b"],
    ["a tab (browsers strip it)", "/\t/evil.example", "/audit"],
    ["a newline", "/audit\n/x", "/audit"],
    ["a relative path", "audit/x", "/audit"],
    ["the sign-in page (would loop)", "/audit/login?next=/audit", "/audit"],
    ["the callback", "/audit/callback?code=x", "/audit"],
    ["the sign-out page", "/audit/logout", "/audit"],
    ["far too long", `/audit/${"a".repeat(2100)}`, "/audit"],
  ])("%s", (_name, next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});
