import { describe, expect, it } from "@jest/globals";
import { escapeHtml, noticePage } from "../../../../src/web/auth/notice-page.js";
import { SECURITY_HEADERS, withSecurityHeaders } from "../../../../src/web/auth/security-headers.js";

describe("withSecurityHeaders", () => {
  it.each([
    ["adds no-store when the page set no caching", { "content-type": "text/html" }, "no-store"],
    ["keeps the page's own caching", { "Cache-Control": "private, max-age=60" }, "private, max-age=60"],
  ])("%s", (_name, headers, cacheControl) => {
    expect(withSecurityHeaders(headers)["cache-control"]).toBe(cacheControl);
  });

  it("cannot be weakened by a page", () => {
    const merged = withSecurityHeaders({ "Content-Security-Policy": "script-src *", "x-frame-options": "ALLOWALL" });
    expect([merged["content-security-policy"], merged["x-frame-options"]]).toEqual([SECURITY_HEADERS["content-security-policy"], "DENY"]);
  });

  it("forbids script and outside resources", () => {
    expect(SECURITY_HEADERS["content-security-policy"]).toMatch(
      /^default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'none'/,
    );
  });
});

describe("noticePage", () => {
  it.each([
    ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    [`"><img src=x onerror=alert(1)>`, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"],
    ["a & b 'c'", "a &amp; b &#39;c&#39;"],
  ])("escapes %j", (text, escaped) => {
    expect(escapeHtml(text)).toBe(escaped);
    const page = noticePage({ status: 400, title: text, paragraphs: [text], action: { kind: "link", href: text, label: text } });
    expect([page.body.includes(text), page.body.split(escaped).length - 1]).toEqual([false, 5]);
  });

  it("renders a sign-out button as a POST form", () => {
    const page = noticePage({
      status: 200,
      title: "Sign out?",
      paragraphs: [],
      action: { kind: "form", action: "/audit/logout", label: "Sign out" },
    });
    expect(page.body).toContain('<form method="post" action="/audit/logout"><button type="submit">Sign out</button></form>');
  });
});
