import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { html, layout, type LayoutOptions } from "../../../../src/web/html.js";
import type { SqlAuditStore } from "../../../../src/store/audit-store.js";
import type { SqlStore } from "../../../../src/store/sql-store.js";
import { cso, get, seededStore } from "./seed.js";

/** The navigation every page shares: the person's workspace first, and a repository's own pages on its pages. */

/** The navigation's links as `label → href`, `*` marking the current one. */
function links(page: string): string[] {
  const nav = [...page.matchAll(/<nav aria-label="[^"]*"><ul>(.*?)<\/ul><\/nav>/gs)].map((m) => m[1] ?? "").join("");
  return [...nav.matchAll(/<a href="([^"]*)"( aria-current="page")?>([^<]*)<\/a>/g)].map((m) => `${m[3]} → ${m[1]}${m[2] ? " *" : ""}`);
}

const base: LayoutOptions = { title: "T", user: "dr-cso", body: html`<p>x</p>` };

describe("layout navigation", () => {
  it.each<[string, Partial<LayoutOptions>, string[]]>([
    ["the sections, Needs me first", {}, ["Needs me → /audit/needs-me", "Merge history → /audit", "Was safety asked early? → /audit/involvement"]],
    [
      "the current section marked",
      { section: "needs-me" },
      ["Needs me → /audit/needs-me *", "Merge history → /audit", "Was safety asked early? → /audit/involvement"],
    ],
    [
      "a repository's hazard index and release report on its pages",
      { repo: "acme/eprescribe", section: "release" },
      [
        "Needs me → /audit/needs-me",
        "Merge history → /audit",
        "Was safety asked early? → /audit/involvement",
        "Hazard index → /audit/acme/eprescribe/hazards",
        "Release report → /audit/acme/eprescribe/release *",
      ],
    ],
  ])("%s", (_what, options, expected) => {
    expect(links(layout({ ...base, ...options }))).toEqual(expected);
  });

  it("names the repository's navigation by the repository, escaped, and encodes its links", () => {
    const page = layout({ ...base, repo: 'acme/x"y' });
    expect(page).toContain('<nav aria-label="acme/x&quot;y"><ul><li class="repo">acme/x&quot;y</li>');
    expect(page).toContain('<a href="/audit/acme/x%22y/hazards">Hazard index</a>');
  });

  it("is left out of print", () => {
    expect(layout(base)).toMatch(/@media print\{\.top,/);
  });
});

describe("the pages' navigation", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;
  beforeAll(async () => {
    ({ sql, audit } = await seededStore());
  });
  afterAll(async () => {
    await sql.close();
  });

  it.each([
    ["/audit/acme/eprescribe/pull/7", true],
    ["/audit/acme/eprescribe/hazard/HAZ-002", true],
    ["/audit/acme/eprescribe/release", true],
    ["/audit", false],
    ["/audit/involvement", false],
    // The refusal is the same for every repository, readable or not: it names none.
    ["/audit/acme/secret-pharmacy/pull/1", false],
  ])("%s links the repository's own pages: %s", async (path, linked) => {
    const page = (await get(audit, cso(), path)).body;
    const repo = path.split("/").slice(2, 4).join("/");
    expect(page.includes(`href="/audit/${repo}/hazards"`)).toBe(linked);
    expect(links(page).slice(0, 3)).toEqual([
      "Needs me → /audit/needs-me",
      expect.stringMatching(/^Merge history/),
      expect.stringMatching(/^Was safety/),
    ]);
  });
});
