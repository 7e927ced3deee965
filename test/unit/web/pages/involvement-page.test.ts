import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { SqlAuditStore } from "../../../../src/store/audit-store.js";
import type { SqlStore } from "../../../../src/store/sql-store.js";
import { addMonths, monthsBetween } from "../../../../src/web/pages/involvement.js";
import { FakeGitHub, cso, get, seededStore } from "./seed.js";
import { mainText, textOf } from "./text.js";

describe("months", () => {
  it.each<[string, number, string]>([
    ["2026-04", -11, "2025-05"],
    ["2026-01", -1, "2025-12"],
    ["2025-12", 1, "2026-01"],
    ["2026-03", 0, "2026-03"],
  ])("addMonths(%s, %d) → %s", (month, n, expected) => {
    expect(addMonths(month, n)).toBe(expected);
  });

  it.each<[string, string, string[]]>([
    ["2025-11", "2026-02", ["2025-11", "2025-12", "2026-01", "2026-02"]],
    ["2026-03", "2026-03", ["2026-03"]],
    ["2026-04", "2026-03", []],
  ])("monthsBetween(%s, %s)", (first, last, months) => {
    expect(monthsBetween(first, last)).toEqual(months);
  });
});

describe("/audit/involvement: was safety asked early?", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;
  beforeAll(async () => {
    ({ sql, audit } = await seededStore());
  });
  afterAll(() => sql.close());

  /** The rows of the table in the section of `repo`, as text. */
  const tableRows = (page: string, repo: string) => {
    const section = new RegExp(`<h2 id="[^"]+">${repo}</h2>[\\s\\S]*?</section>`).exec(page)?.[0] ?? "";
    return [...section.matchAll(/<tr><th scope="row"[^>]*>[\s\S]*?<\/tr>/g)].map((m) => textOf(m[0]));
  };

  it("shows, per repository and month merged, the medians and the share complete while draft, for the last 12 months", async () => {
    const res = await get(audit, cso(), "/audit/involvement");
    expect(res.status).toBe(200);
    const eprescribe = tableRows(res.body, "acme/eprescribe");
    expect(eprescribe).toHaveLength(12);
    expect(eprescribe[0]).toBe("2025-05 0 — — —");
    // #7: checklist 6 h, sign-off 74 h, complete while draft; #8: checklist 24 h, never signed in full.
    expect(eprescribe.slice(-2)).toEqual(["2026-03 2 0.6 days (15 h) 3.1 days (3 d 2 h) 1 of 2 (50%)", "2026-04 0 — — —"]);
    expect(tableRows(res.body, "acme/triage").slice(-1)).toEqual(["2026-04 1 1 hour (1 h) 25 hours (1 d 1 h) 0 of 1 (0%)"]);
    expect(res.body).not.toContain("secret");
  });

  it("draws a chart per repository whose description holds the same numbers as its table", async () => {
    const res = await get(audit, cso(), "/audit/involvement?repo=acme%2Feprescribe");
    const svg = /<svg[\s\S]*?<\/svg>/.exec(res.body)?.[0] ?? "";
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(
      /<title id="chart-0-title">acme\/eprescribe: median days from PR opened to checklist complete and to final sign-off, by month merged<\/title>/,
    );
    expect(svg).toContain("2026-03: to checklist complete 0.6 days, to final sign-off 3.1 days;");
    expect(tableRows(res.body, "acme/eprescribe").slice(-2)[0]).toContain("0.6 days (15 h) 3.1 days");
  });

  it("shows every month when asked for all time", async () => {
    const res = await get(audit, cso(), "/audit/involvement?period=all");
    expect(tableRows(res.body, "acme/eprescribe").map((r) => r.slice(0, 7))).toEqual(["2026-03", "2026-04"]);
  });

  it("exports the numbers as CSV and JSON", async () => {
    const csv = await get(audit, cso(), "/audit/involvement?format=csv");
    expect(csv.headers["content-disposition"]).toBe('attachment; filename="involvement-2025-05-to-2026-04.csv"');
    expect(csv.body.split("\r\n")).toEqual([
      "repo,month,relevant_prs,median_hours_to_checklist_complete,median_hours_to_final_sign_off,checklist_complete_while_draft,share_complete_while_draft",
      "acme/eprescribe,2026-03,2,15,74,1,0.5",
      "acme/triage,2026-04,1,1,25,0,0",
      "",
    ]);
    const json = JSON.parse((await get(audit, cso(), "/audit/involvement?repo=acme%2Ftriage&format=json")).body) as { rows: unknown[] };
    expect(json.rows).toEqual([
      {
        repo: "acme/triage",
        month: "2026-04",
        relevantPrs: 1,
        medianHoursToChecklistComplete: 1,
        medianHoursToFinalSignOff: 25,
        checklistCompleteWhileDraft: 0,
        shareCompleteWhileDraft: 0,
      },
    ]);
  });

  it("answers a repository the person cannot read exactly as one that does not exist", async () => {
    const hidden = await get(audit, cso(), "/audit/involvement?repo=acme%2Fsecret-pharmacy");
    const missing = await get(audit, cso(), "/audit/involvement?repo=acme%2Fno-such-repo");
    expect(hidden.status).toBe(404);
    expect(hidden).toEqual(missing);
  });

  it("says so when nothing was merged in the period", async () => {
    const res = await get(audit, cso(), "/audit/involvement?repo=acme%2Feprescribe&format=json");
    expect((JSON.parse(res.body) as { rows: unknown[] }).rows).toHaveLength(1);
    const empty = await get(audit, new FakeGitHub("newcomer", []), "/audit/involvement");
    expect(mainText(empty.body)).toContain(
      "No clinically relevant pull request with a recorded timeline was merged between 2025-05 and 2026-04 in the repositories you can read.",
    );
  });
});
