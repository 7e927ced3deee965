import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { AuditInput } from "../../../../src/audit/record.js";
import type { SqlAuditStore } from "../../../../src/store/audit-store.js";
import type { SqlStore } from "../../../../src/store/sql-store.js";
import { cso, get, SCRIPT, SHA, seededStore, sha, story } from "./seed.js";
import { mainText, rowHeads } from "./text.js";

const PUSH = `/audit/acme/eprescribe/push/${SHA.push}`;

/** The story, plus the CSO's review of the direct push (a review carries the reviewed bypass's commit). */
function reviewed(): AuditInput[] {
  const inputs = story();
  const bypassSeq = inputs.findIndex((r) => r.kind === "bypass" && r.pr === null) + 1;
  return [
    ...inputs,
    {
      kind: "bypass-review",
      repo: "acme/eprescribe",
      pr: null,
      headSha: SHA.push,
      at: "2026-04-05T09:00:00Z",
      actor: "dr-cso",
      configSha: sha("cf"),
      data: {
        title: "",
        decision: "accept",
        reason: `hotfix reviewed against HAZ-002 ${SCRIPT}`,
        role: "cso",
        source: "comment:1",
        writtenOn: 13,
        bypass: { id: "ignored", seq: bypassSeq, at: "2026-04-02T07:30:00Z", reason: "direct-push" },
      },
    },
  ];
}

describe("/audit/:owner/:repo/push/:sha: a direct push's evidence", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;
  beforeAll(async () => {
    ({ sql, audit } = await seededStore(reviewed()));
  });
  afterAll(() => sql.close());

  it("shows who pushed, the files it touched, the rules they hit and the bypass with its review", async () => {
    const res = await get(audit, cso(), PUSH);
    expect(res.status).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain("Pushed 2026-04-02 07:30 UTC by admin-ann");
    expect(text).toContain("Rules hit prescribing");
    expect(text).toContain("src/prescribing/dose.ts");
    expect(text).toContain("direct push: pushed to main without a pull request (issue #13)");
    expect(text).toContain("reviewed by dr-cso");
    expect(rowHeads(res.body)).toEqual(["Bypass", "Bypass reviewed"]);
  });

  it("escapes the review's reason", async () => {
    const res = await get(audit, cso(), PUSH);
    expect(res.body).not.toContain(SCRIPT);
    expect(res.body).toContain("&lt;script&gt;");
  });

  it("downloads the push's records as JSON with the chain's verdict", async () => {
    const res = await get(audit, cso(), `${PUSH}?format=json`);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { sha: string; chain: { intact: boolean }; records: { kind: string }[] };
    expect(body.sha).toBe(SHA.push);
    expect(body.chain.intact).toBe(true);
    expect(body.records.map((r) => r.kind)).toEqual(["bypass", "bypass-review"]);
  });

  it.each([
    ["a commit the gate never recorded as a push", `/audit/acme/eprescribe/push/${sha("99")}`],
    ["a PR's merged head (that PR has its own page)", `/audit/acme/eprescribe/push/${SHA.p7head}`],
    ["the push's commit in another repository", `/audit/acme/triage/push/${SHA.push}`],
    ["a repository the person cannot read", `/audit/acme/secret-pharmacy/push/${SHA.secret}`],
  ])("answers %s as missing", async (_what, path) => {
    expect((await get(audit, cso(), path)).status).toBe(404);
  });

  it("refuses a format it does not offer", async () => {
    expect((await get(audit, cso(), `${PUSH}?format=pdf`)).status).toBe(400);
  });

  it("is where the merge history's row of the push leads", async () => {
    const res = await get(audit, cso(), "/audit?repo=acme%2Feprescribe&bypass=1");
    expect(res.body).toContain(`href="${PUSH}"`);
  });
});
