import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { CSV_COLUMNS } from "../../../../src/audit/export-format.js";
import type { AuditRecord } from "../../../../src/audit/record.js";
import type { SqlAuditStore } from "../../../../src/store/audit-store.js";
import type { SqlStore } from "../../../../src/store/sql-store.js";
import { tamperSql } from "../../../audit/databases.js";
import { cso, get, seededStore } from "./seed.js";
import { mainText, rowHeads, textOf } from "./text.js";

describe("/audit/:owner/:repo/pull/:number: one PR's evidence", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;
  beforeAll(async () => {
    ({ sql, audit } = await seededStore());
  });
  afterAll(() => sql.close());

  it("shows the whole trail in time order", async () => {
    const res = await get(audit, cso(), "/audit/acme/eprescribe/pull/7");
    expect(res.status).toBe(200);
    expect(rowHeads(res.body)).toEqual([
      "Classified: waiting",
      "Checklist answer",
      "Checklist answer",
      "Hazard linked",
      "Sign-off",
      "Sign-off voided",
      "Sign-off",
      "Sign-off",
      "Check: success",
      "Merged",
    ]);
  });

  it.each([
    ["the classification's reasons", "Rule prescribing: src/prescribing/dose/weight.ts matches src/prescribing/**"],
    [
      "an answer, how it was given and that it completed the checklist while a draft",
      "Does this change a calculation? calculations Answer: yes (by command) · while the PR was a draft · completed the checklist",
    ],
    ["who answered", "2026-03-02 15:00 UTC Checklist answer dev-dan"],
    [
      "the hazard link with its rating and where it was written",
      "HAZ-002 Paediatric dose uses a stale weight or the wrong unit Residual risk 3 — undesirable · status open Written in PR description",
    ],
    ["a sign-off with its commit and meaning", "dr-cso b2b2b2b As cso on commit b2b2b2b Meaning: clinical safety approval as CSO"],
    ["a void and why", "cso sign-off by dr-cso on commit a1a1a1a voided by push of b2b2b2b"],
    ["the check conclusion", "Check: success clinical-safety-gate[bot] b2b2b2b Clinical safety: passed"],
    ["the merge", "Gate passed Merge commit c3c3c3c of head b2b2b2b into main · risk 3 — undesirable"],
    ["the summary", "Merged 2026-03-05 12:00 UTC by dev-dan, merge commit c3c3c3c (head b2b2b2b) Risk 3 — undesirable"],
  ])("says %s", async (_what, text) => {
    const res = await get(audit, cso(), "/audit/acme/eprescribe/pull/7");
    expect(mainText(res.body)).toContain(text);
  });

  it("verifies the whole chain, not only this PR's records", async () => {
    const res = await get(audit, cso(), "/audit/acme/eprescribe/pull/7");
    expect(mainText(res.body)).toContain("Hash chain intact (24 records)");
  });

  it("shows a bypass and an objection", async () => {
    expect(mainText((await get(audit, cso(), "/audit/acme/eprescribe/pull/8")).body)).toContain(
      "Bypass merged without a passing gate: Waiting for sign-off: cso",
    );
    const open = mainText((await get(audit, cso(), "/audit/acme/eprescribe/pull/11")).body);
    expect(open).toContain("Objection dr-cso 4b4b4b4 As cso: Rounding must be tested at 0.5 mg boundaries");
    expect(open).toContain("Merged not merged (as of the last record)");
  });

  it("exports the trail as CSV with the columns of `audit export`", async () => {
    const res = await get(audit, cso(), "/audit/acme/eprescribe/pull/7?format=csv");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="acme-eprescribe-pr-7-evidence.csv"');
    const lines = res.body.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe(CSV_COLUMNS.join(","));
    expect(lines.slice(1).map((l) => l.split(",").slice(3, 6))).toEqual([
      ["classification", "acme/eprescribe", "7"],
      ["answer", "acme/eprescribe", "7"],
      ["answer", "acme/eprescribe", "7"],
      ["hazard-link", "acme/eprescribe", "7"],
      ["sign-off", "acme/eprescribe", "7"],
      ["void", "acme/eprescribe", "7"],
      ["sign-off", "acme/eprescribe", "7"],
      ["sign-off", "acme/eprescribe", "7"],
      ["check-conclusion", "acme/eprescribe", "7"],
      ["merge", "acme/eprescribe", "7"],
    ]);
  });

  it("exports the trail as JSON with the chain's verdict and every field of every record", async () => {
    const res = await get(audit, cso(), "/audit/acme/eprescribe/pull/7?format=json");
    const body = JSON.parse(res.body) as {
      repo: string;
      pr: number;
      chain: { intact: boolean; records: number; head: string };
      records: AuditRecord[];
    };
    expect(body.repo).toBe("acme/eprescribe");
    expect(body.pr).toBe(7);
    expect(body.chain).toEqual({ intact: true, records: 24, head: (await audit.latest())?.hash });
    expect(body.records).toHaveLength(10);
    expect(Object.keys(body.records[0] ?? {}).sort()).toEqual([
      "actor",
      "at",
      "configSha",
      "data",
      "hash",
      "headSha",
      "id",
      "kind",
      "pr",
      "prevHash",
      "repo",
      "seq",
    ]);
  });

  it("is not found for a PR with no records", async () => {
    const res = await get(audit, cso(), "/audit/acme/eprescribe/pull/404");
    expect(res.status).toBe(404);
  });
});

describe("a PR's page when the chain is broken", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;
  beforeAll(async () => {
    ({ sql, audit } = await seededStore());
    // What an attacker with database access would do: change an answer, triggers switched off.
    await sql.driver.exec(tamperSql(`UPDATE audit_records SET data = jsonb_set(data, '{answer}', '"yes"') WHERE seq = 2`));
  });
  afterAll(() => sql.close());

  it("names the broken record and marks every record from it on", async () => {
    const res = await get(audit, cso(), "/audit/acme/eprescribe/pull/7");
    const text = mainText(res.body);
    expect(text).toContain("Hash chain broken at record 2: hash mismatch.");
    expect(text).toContain("The 1 records before it verify.");
    const marked = [...res.body.matchAll(/<tr id="record-(\d+)">([\s\S]*?)<\/tr>/g)]
      .filter((m) => textOf(m[2] ?? "").includes("after the break"))
      .map((m) => Number(m[1]));
    expect(marked).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("says so in the JSON export", async () => {
    const res = await get(audit, cso(), "/audit/acme/eprescribe/pull/7?format=json");
    expect((JSON.parse(res.body) as { chain: unknown }).chain).toEqual({ intact: false, brokenAt: 2, reason: "hash mismatch", intactBefore: 1 });
  });
});
