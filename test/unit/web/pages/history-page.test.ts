import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { CHANGE_CSV_COLUMNS } from "../../../../src/web/pages/change-export.js";
import type { SqlAuditStore } from "../../../../src/store/audit-store.js";
import type { SqlStore } from "../../../../src/store/sql-store.js";
import { cso, get, PUBLIC_URL, seededStore } from "./seed.js";
import { mainText, rowHeads, textOf } from "./text.js";

describe("/audit: the merge history", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;
  beforeAll(async () => {
    ({ sql, audit } = await seededStore());
  });
  afterAll(() => sql.close());

  it("lists the changes of every repository the person can read, newest first, and nothing of the others", async () => {
    const github = cso();
    const res = await get(audit, github, "/audit");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(rowHeads(res.body)).toEqual(["acme/triage#3", "acme/eprescribe direct push 0707070", "acme/eprescribe#8", "acme/eprescribe#7"]);
    expect(res.body).not.toContain("secret");
    expect(new Set(github.asked)).toEqual(new Set(["acme/eprescribe", "acme/triage", "acme/secret-pharmacy"]));
  });

  it("shows each row's title, time, risk with its meaning, hazards, sign-offs with their commit, and the bypass flag", async () => {
    const res = await get(audit, cso(), "/audit?repo=acme%2Feprescribe&hazard=HAZ-002");
    const row = /<tr>\s*<th scope="row">[\s\S]*?<\/tr>/.exec(res.body)?.[0] ?? "";
    expect(textOf(row)).toBe(
      "acme/eprescribe#7 Recalculate paediatric dose from current weight 2026-03-05 12:00 UTC 3 — undesirable " +
        "HAZ-002 Paediatric dose uses a stale weight or the wrong unit cso: dr-cso @ b2b2b2b cpm: pm-pat @ b2b2b2b no",
    );
    expect(row).toContain('href="/audit/acme/eprescribe/pull/7"');
    expect(row).toContain('href="/audit/acme/eprescribe/hazard/HAZ-002"');
  });

  it.each<[string, string[]]>([
    ["repo=acme%2Ftriage", ["acme/triage#3"]],
    ["bypass=1", ["acme/eprescribe direct push 0707070", "acme/eprescribe#8"]],
    ["hazard=haz-003", ["acme/eprescribe#8"]],
    ["risk=3&repo=acme%2Feprescribe", ["acme/eprescribe#8", "acme/eprescribe#7"]],
    ["risk=4", []],
    ["role=cpm", ["acme/eprescribe#8", "acme/eprescribe#7"]],
    ["from=2026-03-06&to=2026-03-31", ["acme/eprescribe#8"]],
    ["to=2026-03-05", ["acme/eprescribe#7"]],
    ["all=1&repo=acme%2Feprescribe", ["acme/eprescribe direct push 0707070", "acme/eprescribe#9", "acme/eprescribe#8", "acme/eprescribe#7"]],
  ])("?%s", async (query, heads) => {
    const res = await get(audit, cso(), `/audit?${query}`);
    expect(res.status).toBe(200);
    expect(rowHeads(res.body)).toEqual(heads);
  });

  it("keeps the filters in the form, so a filtered view can be adjusted", async () => {
    const res = await get(audit, cso(), "/audit?repo=acme%2Feprescribe&from=2026-03-01&risk=3&role=cso&hazard=HAZ-002&bypass=1");
    expect(res.body).toContain('<option value="acme/eprescribe" selected>');
    expect(res.body).toContain('<input id="f-from" name="from" type="date" value="2026-03-01">');
    expect(res.body).toContain('<option value="3" selected>');
    expect(res.body).toContain('<option value="cso" selected>');
    expect(res.body).toContain('name="hazard" type="text" value="HAZ-002"');
    expect(res.body).toMatch(/id="f-bypass" name="bypass" type="checkbox" value="1" checked>/);
  });

  it("labels every form control", async () => {
    const res = await get(audit, cso(), "/audit");
    const ids = [...res.body.matchAll(/<(?:input|select) id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBe(8);
    for (const id of ids) expect(res.body).toContain(`for="${id}"`);
  });

  it("answers a repository the person cannot read exactly as one that does not exist", async () => {
    const hidden = await get(audit, cso(), "/audit?repo=acme%2Fsecret-pharmacy");
    const missing = await get(audit, cso(), "/audit?repo=acme%2Fno-such-repo");
    expect(rowHeads(hidden.body)).toEqual([]);
    expect(hidden.status).toBe(missing.status);
    expect(hidden.body.replaceAll("secret-pharmacy", "X")).toBe(missing.body.replaceAll("no-such-repo", "X"));
  });

  it("refuses filters it cannot use, saying why, and lists nothing rather than something else", async () => {
    const res = await get(audit, cso(), "/audit?from=2026-02-30&risk=9");
    expect(res.status).toBe(400);
    expect(mainText(res.body)).toContain('Merged from must be a date written YYYY-MM-DD, not "2026-02-30".');
    expect(mainText(res.body)).toContain('Minimum risk must be a rating from 1 to 5, not "9".');
    expect(rowHeads(res.body)).toEqual([]);
    expect((await get(audit, cso(), "/audit?risk=9&format=csv")).status).toBe(400);
  });

  it("exports exactly the filtered list as CSV, as a download", async () => {
    const res = await get(audit, cso(), "/audit?bypass=1&format=csv");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="merge-history.csv"');
    const lines = res.body.split("\r\n");
    expect(lines[0]).toBe(CHANGE_CSV_COLUMNS.join(","));
    expect(lines.slice(1)).toEqual([
      `acme/eprescribe,,Direct push of src/prescribing/dose.ts,2026-04-02T07:30:00.000Z,admin-ann,${"07".repeat(20)},${"07".repeat(20)},,,,,direct push: pushed to main without a pull request,${PUBLIC_URL}/audit/acme/eprescribe/push/${"07".repeat(20)}`,
      `acme/eprescribe,8,Show allergy free text in the banner,2026-03-20T16:00:00.000Z,admin-ann,${"e5".repeat(20)},${"d4".repeat(20)},3 — undesirable,HAZ-003,cpm; cso,cpm: pm-pat @ d4d4d4d,merged without a passing gate: Waiting for sign-off: cso,https://gate.example.org/audit/acme/eprescribe/pull/8`,
      "",
    ]);
  });

  it("exports exactly the filtered list as JSON, with the filters that made it", async () => {
    const res = await get(audit, cso(), "/audit?repo=acme%2Feprescribe&risk=3&format=json");
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="merge-history-acme-eprescribe.json"');
    const body = JSON.parse(res.body) as {
      generatedAt: string;
      filters: Record<string, string>;
      count: number;
      changes: { pr: number; risk: number; riskMeaning: string; auditUrl: string; signOffs: unknown[] }[];
    };
    expect(body.generatedAt).toBe("2026-04-20T12:00:00.000Z");
    expect(body.filters).toEqual({ repo: "acme/eprescribe", risk: "3" });
    expect(body.count).toBe(2);
    expect(body.changes.map((c) => [c.pr, c.risk, c.riskMeaning, c.auditUrl])).toEqual([
      [8, 3, "3 — undesirable", "https://gate.example.org/audit/acme/eprescribe/pull/8"],
      [7, 3, "3 — undesirable", "https://gate.example.org/audit/acme/eprescribe/pull/7"],
    ]);
    expect(body.changes[1]?.signOffs).toEqual([
      { role: "cso", actor: "dr-cso", at: "2026-03-05T09:00:00Z", headSha: "b2".repeat(20), meaning: "clinical safety approval as CSO" },
      { role: "cpm", actor: "pm-pat", at: "2026-03-05T11:00:00Z", headSha: "b2".repeat(20), meaning: "clinical product approval as CPM" },
    ]);
  });

  it("offers the downloads with the filters kept", async () => {
    const res = await get(audit, cso(), "/audit?bypass=1");
    expect(res.body).toContain('<a href="/audit?bypass=1&amp;format=csv" download>');
    expect(res.body).toContain('<a href="/audit?bypass=1&amp;format=json" download>');
  });

  it("refuses a format it does not offer", async () => {
    const res = await get(audit, cso(), "/audit?format=xml");
    expect(res.status).toBe(400);
    expect(res.body).toContain("format=csv or format=json");
  });
});
