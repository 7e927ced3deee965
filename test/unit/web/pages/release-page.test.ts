import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { SqlAuditStore } from "../../../../src/store/audit-store.js";
import type { SqlStore } from "../../../../src/store/sql-store.js";
import { CHANGE_CSV_COLUMNS } from "../../../../src/web/pages/change-export.js";
import { cso, get, PUBLIC_URL, refSha, seededStore, SHA } from "./seed.js";
import { mainText, rowHeads } from "./text.js";

const RELEASE = "/audit/acme/eprescribe/release";

describe("/audit/:owner/:repo/release: the release report", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;
  beforeAll(async () => {
    ({ sql, audit } = await seededStore());
  });
  afterAll(() => sql.close());

  it("asks for the two refs first", async () => {
    const res = await get(audit, cso(), RELEASE);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<label for="r-from">');
    expect(res.body).toContain('<label for="r-to">');
    expect(rowHeads(res.body)).toEqual([]);
  });

  it("groups the clinically relevant changes between the refs by hazard, then those with none", async () => {
    const res = await get(audit, cso(), `${RELEASE}?from=v1.0.0&to=v1.1.0`);
    expect(res.status).toBe(200);
    const headings = [...res.body.matchAll(/<h2>([\s\S]*?)<\/h2>/g)].map((m) => mainText(`<main>${m[1]}</main>`));
    expect(headings).toEqual([
      "Release approval",
      "Hazard log changes in this release",
      "Open objections and bypasses",
      "HAZ-002: Paediatric dose uses a stale weight or the wrong unit",
      "No hazard linked",
      "Changes in detail",
      "Every commit in the release",
    ]);
    // #9 merged in the range but is not clinically relevant; #8 merged outside it. Then #7 in detail (its
    // answer, its two signers), and every commit: #7's, #9's, the direct push, and one the trail knows nothing of.
    expect(rowHeads(res.body)).toEqual([
      "acme/eprescribe#7",
      "acme/eprescribe direct push 0707070",
      "Does this change a calculation? calculations",
      "dr-cso",
      "pm-pat",
      "c3c3c3c",
      "f6f6f6f",
      "0707070",
      "9999999",
    ]);
    expect(mainText(res.body)).toContain("2 clinically relevant changes among 4 commits from v1.0.0 to v1.1.0, 1 of them without a passing gate.");
    expect(mainText(res.body)).toContain(
      "1 commit is unassessed: no record in the audit trail shows it was assessed (1 assessed, 1 not relevant, 1 bypass, 1 unassessed).",
    );
    expect(res.body).toMatch(/<div class="notice warn" role="alert"><p><strong>1 commit is unassessed/);
  });

  it("downloads Markdown ready to paste into the safety case report", async () => {
    const res = await get(audit, cso(), `${RELEASE}?from=v1.0.0&to=v1.1.0&format=md`);
    expect(res.headers["content-type"]).toBe("text/markdown; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="acme-eprescribe-release-v1.0.0-to-v1.1.0.md"');
    // The head's hash covers each record's random id: the same trail, written twice, is another chain.
    expect(res.body.replace(/hash `[0-9a-f]{64}`/, "hash `HEAD`")).toBe(
      [
        "# Clinically relevant changes in acme/eprescribe: `v1.0.0` → `v1.1.0`",
        "",
        "From the Clinical Safety Gate audit trail, 2026-04-20 12:00 UTC. 2 clinically relevant changes among 4 commits; **1 reached the branch without a passing gate** (marked below).",
        "",
        "> **WARNING: 1 commit is UNASSESSED** — no record in the audit trail shows it was assessed (1 assessed, 1 not relevant, 1 bypass, 1 unassessed). Marked below.",
        "",
        `Range: \`v1.0.0\` at \`${refSha("v1.0.0")}\` → \`v1.1.0\` at \`${refSha("v1.1.0")}\`. Audit trail head at the time of this report: record 24, hash \`HEAD\`.`,
        "",
        "## Release approval",
        "",
        "**Not approved**: no release approval by the CSO is recorded for this range. Approve it at <https://gate.example.org/audit/acme/eprescribe/release/approve?from=v1.0.0&to=v1.1.0>.",
        "",
        "## Hazard log changes in this release",
        "",
        "No change to the hazard log was merged in this release.",
        "",
        "## Open objections and bypasses",
        "",
        "- **Bypass**: `0707070` Direct push of src/prescribing/dose.ts — direct push: pushed to main without a pull request (issue \\#13); **not reviewed**",
        "",
        "## HAZ-002 — Paediatric dose uses a stale weight or the wrong unit",
        "",
        "Residual risk 3 — undesirable · status open",
        "",
        "| Change | Title | Merged (UTC) | Merge commit | Risk | Sign-offs | Gate | Other checks |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        "| [acme/eprescribe\\#7](https://gate.example.org/audit/acme/eprescribe/pull/7) | Recalculate paediatric dose from current weight | 2026-03-05 12:00 | `c3c3c3c` | 3 — undesirable | cso: dr-cso @ `b2b2b2b`; cpm: pm-pat @ `b2b2b2b` | passed | not recorded |",
        "",
        "## No hazard linked",
        "",
        "| Change | Title | Merged (UTC) | Merge commit | Risk | Sign-offs | Gate | Other checks |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        `| [direct push](${PUBLIC_URL}/audit/acme/eprescribe/push/${"07".repeat(20)}) ` +
          "| Direct push of src/prescribing/dose.ts | 2026-04-02 07:30 | `0707070` | none linked | none | **bypass**: direct push: pushed to main without a pull request | not recorded |",
        "",
        "## Changes in detail",
        "",
        "### [acme/eprescribe\\#7](https://gate.example.org/audit/acme/eprescribe/pull/7) — Recalculate paediatric dose from current weight",
        "",
        "Merged 2026-03-05 12:00 UTC by dev-dan as `c3c3c3c` (head `b2b2b2b`) · gate passed · rules prescribing",
        "",
        "Checklist:",
        "",
        "- Does this change a calculation? (`calculations`): **Yes** — dev-dan, 2026-03-02 15:00 UTC",
        "",
        "Hazards:",
        "",
        "- HAZ-002 — Paediatric dose uses a stale weight or the wrong unit: initial 5 — unacceptable, residual 3 — undesirable, open",
        "",
        "Sign-offs:",
        "",
        "| Signer (login) | Role | Signed (UTC) | Meaning | Commit |",
        "| --- | --- | --- | --- | --- |",
        `| dr-cso | cso | 2026-03-05 09:00 | clinical safety approval as CSO | \`${SHA.p7head}\` |`,
        `| pm-pat | cpm | 2026-03-05 11:00 | clinical product approval as CPM | \`${SHA.p7head}\` |`,
        "",
        "Other checks: not recorded",
        "",
        `### [direct push](${PUBLIC_URL}/audit/acme/eprescribe/push/${"07".repeat(20)}) — Direct push of src/prescribing/dose.ts`,
        "",
        "Pushed 2026-04-02 07:30 UTC by admin-ann as `0707070` · **bypass**: direct push: pushed to main without a pull request · rules prescribing",
        "",
        "Checklist:",
        "",
        "- no answer recorded",
        "",
        "Hazards:",
        "",
        "- none linked",
        "",
        "Sign-offs:",
        "",
        "- none",
        "",
        "Other checks: not recorded",
        "",
        "## Every commit in the release",
        "",
        "| Commit | State | Change | What the trail says |",
        "| --- | --- | --- | --- |",
        "| `c3c3c3c` | assessed | \\#7 | signed off by cso dr-cso at 2026-03-05 09:00 UTC, cpm pm-pat at 2026-03-05 11:00 UTC, under config cfcfcfc |",
        "| `f6f6f6f` | not relevant | \\#9 | classified not clinically relevant at 2026-04-01 08:00 UTC, under config cfcfcfc |",
        "| `0707070` | bypass | direct push | direct push: pushed to main without a pull request; not reviewed |",
        "| `9999999` | **UNASSESSED** | — | **no record in the audit trail: nothing shows this change was assessed** |",
        "",
      ].join("\n"),
    );
  });

  it("downloads CSV, one row per hazard and change", async () => {
    const res = await get(audit, cso(), `${RELEASE}?from=v1.0.0&to=v1.1.0&format=csv`);
    const lines = res.body.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe(["hazard_id", "hazard_title", ...CHANGE_CSV_COLUMNS].join(","));
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 4))).toEqual([
      ["HAZ-002", "Paediatric dose uses a stale weight or the wrong unit", "acme/eprescribe", "7"],
      ["", "", "acme/eprescribe", ""],
    ]);
  });

  it("downloads JSON with every commit in its state (PRODUCT.md's contract: sha, status, pr) and the groups", async () => {
    const res = await get(audit, cso(), `${RELEASE}?from=v1.0.0&to=v1.1.0&format=json`);
    const body = JSON.parse(res.body) as {
      from: string;
      to: string;
      commits: { sha: string; status: string; pr: number | null; configSha: string | null; bypass: { review: unknown } | null }[];
      commitCounts: Record<string, number>;
      groups: { hazard: { id: string } | null; changes: { pr: number | null }[] }[];
    };
    expect([body.from, body.to]).toEqual(["v1.0.0", "v1.1.0"]);
    expect(body.commits.map((c) => [c.sha.slice(0, 2), c.status, c.pr])).toEqual([
      ["c3", "assessed", 7],
      ["f6", "not-relevant", 9],
      ["07", "bypass", null],
      ["99", "unassessed", null],
    ]);
    expect(body.commits[1]?.configSha).toBe("cf".repeat(20));
    expect(body.commits[2]?.bypass).toMatchObject({ review: null });
    expect(body.commitCounts).toEqual({ assessed: 1, "not-relevant": 1, bypass: 1, unassessed: 1 });
    expect(body.groups.map((g) => [g.hazard?.id ?? null, g.changes.map((c) => c.pr)])).toEqual([
      ["HAZ-002", [7]],
      [null, [null]],
    ]);
  });

  it("says when nothing clinically relevant was merged", async () => {
    const res = await get(audit, cso(), `${RELEASE}?from=v1.1.0&to=v1.2.0`);
    expect(mainText(res.body)).toContain("No clinically relevant change was merged between these refs.");
    expect((await get(audit, cso(), `${RELEASE}?from=v1.1.0&to=v1.2.0&format=md`)).body).toContain(
      "No clinically relevant change was merged between these refs.",
    );
  });

  it.each([
    ["a ref that does not exist", "from=v0.0.1&to=v1.1.0", 'acme/eprescribe has no ref "v0.0.1" or no ref "v1.1.0".'],
    ["a ref with a space", "from=v1+0&to=v1.1.0", '"From" must be a tag, branch or commit SHA, not "v1 0".'],
    ["a ref that tries to leave the compare path", "from=..%3F&to=v1.1.0", '"From" must be a tag, branch or commit SHA, not "..?".'],
  ])("refuses %s, keeping what was typed in the form", async (_what, query, message) => {
    const res = await get(audit, cso(), `${RELEASE}?${query}`);
    expect(res.status).toBe(400);
    expect(mainText(res.body)).toContain(message);
    const md = await get(audit, cso(), `${RELEASE}?${query}&format=md`);
    expect([md.status, md.body]).toEqual([400, `${message}\n`]);
  });
});
