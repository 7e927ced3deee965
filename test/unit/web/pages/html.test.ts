import { describe, expect, it } from "@jest/globals";
import { appPath } from "../../../../src/reports/links.js";
import { escapeHtml, html, join, layout, trustedHtml } from "../../../../src/web/html.js";

describe("escapeHtml", () => {
  it.each([
    ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ['" onmouseover="alert(1)', "&quot; onmouseover=&quot;alert(1)"],
    ["' onfocus='x", "&#39; onfocus=&#39;x"],
    ["Tom & Jerry", "Tom &amp; Jerry"],
    ["&lt;", "&amp;lt;"],
    ["plain text", "plain text"],
  ])("%s → %s", (input, output) => {
    expect(escapeHtml(input)).toBe(output);
  });
});

describe("html", () => {
  it("escapes interpolated text in content and in attributes", () => {
    const title = '"><img src=x onerror=alert(1)>';
    expect(html`<a title="${title}">${title}</a>`.value).toBe(
      '<a title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</a>',
    );
  });

  it("keeps markup made by html itself, once", () => {
    const inner = html`<b>${"<i>"}</b>`;
    expect(html`<p>${inner}</p>`.value).toBe("<p><b>&lt;i&gt;</b></p>");
  });

  it.each<[string, unknown, string]>([
    ["null", null, "<p></p>"],
    ["undefined", undefined, "<p></p>"],
    ["false", false, "<p></p>"],
    ["a number", 42, "<p>42</p>"],
    ["a list of text and markup", ["<a>", trustedHtml("<br>")], "<p>&lt;a&gt;<br></p>"],
  ])("renders %s", (_what, value, expected) => {
    expect(html`<p>${value as string}</p>`.value).toBe(expected);
  });

  it("joins with an escaped separator", () => {
    expect(join(["a", "b"], "<&>").value).toBe("a&lt;&amp;&gt;b");
  });
});

describe("appPath", () => {
  it.each<[(string | number)[], Record<string, string | undefined>, string]>([
    [["audit", "acme", "app", "pull", 7], {}, "/audit/acme/app/pull/7"],
    [["audit", "acme", "a/b?c"], {}, "/audit/acme/a%2Fb%3Fc"],
    [["audit"], { repo: "acme/app", risk: "", role: undefined }, "/audit?repo=acme%2Fapp"],
    [["audit"], { hazard: '"><script>' }, "/audit?hazard=%22%3E%3Cscript%3E"],
  ])("%j %j → %s", (segments, query, path) => {
    expect(appPath(segments, query)).toBe(path);
  });
});

describe("layout", () => {
  const page = layout({ title: "Merge <history>", user: "<img src=x onerror=alert(1)>", body: html`<p>body</p>`, section: "history" });

  it("is a whole document with one h1 and the title escaped", () => {
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page.match(/<h1>/g)).toHaveLength(1);
    expect(page).toContain("<h1>Merge &lt;history&gt;</h1>");
    expect(page).toContain("<title>Merge &lt;history&gt; — Clinical Safety Gate</title>");
  });

  it("escapes the login", () => {
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(page).not.toContain("<img");
  });

  it("starts with a skip link to the main content, which can take focus", () => {
    expect(page).toMatch(/<body>\s*<a class="skip" href="#main">Skip to content<\/a>/);
    expect(page).toContain('<main id="main" tabindex="-1">');
  });

  it("marks the current section in the navigation", () => {
    expect(page).toContain('<a href="/audit" aria-current="page">Merge history</a>');
    expect(page).not.toContain('<a href="/audit/involvement" aria-current');
  });

  it("loads nothing from anywhere and runs no script", () => {
    expect(page).not.toMatch(/<script|<link|src=["']?http|url\(http|@import/i);
  });

  it("has visible focus and a print style", () => {
    expect(page).toContain(":focus-visible{outline:3px solid");
    expect(page).toContain("@media print{");
  });
});
