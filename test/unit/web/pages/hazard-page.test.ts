import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { SqlAuditStore } from "../../../../src/store/audit-store.js";
import type { SqlStore } from "../../../../src/store/sql-store.js";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../../../fixtures/repo.js";
import { FakeGitHub, cso, get, seededStore } from "./seed.js";
import { mainText, rowHeads } from "./text.js";

describe("/audit/:owner/:repo/hazard/:id: one hazard", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;
  beforeAll(async () => {
    ({ sql, audit } = await seededStore());
  });
  afterAll(() => sql.close());

  it("shows the hazard's fields and ratings from the log the configuration names", async () => {
    const res = await get(audit, cso(), "/audit/acme/eprescribe/hazard/HAZ-002");
    expect(res.status).toBe(200);
    const text = mainText(res.body);
    expect(text).toMatch(
      /^HAZ-002: Paediatric dose uses a stale weight or the wrong unit All hazards of acme\/eprescribe In the hazard log Status open Description The weight-based dose calculator/,
    );
    expect(res.body).toContain('<a href="/audit/acme/eprescribe/hazards">All hazards of acme/eprescribe</a>');
    expect(text).toContain("Harm Overdose or underdose in a child");
    expect(text).toContain("Initial risk catastrophic × high → 5 — unacceptable");
    expect(text).toContain("Residual risk catastrophic × very-low → 3 — undesirable");
    expect(text).toContain("test: Boundary tests for weight age and unit conversion (evidence: tests/dose-weight.test.ts)");
  });

  it("lists every PR of the repository that linked it, and none of other repositories", async () => {
    const res = await get(audit, cso(), "/audit/acme/eprescribe/hazard/HAZ-002");
    // acme/secret-pharmacy #1 linked a HAZ-002 too: it is another repository's hazard, and hidden anyway.
    expect(rowHeads(res.body)).toEqual(["acme/eprescribe#7"]);
    expect(mainText(res.body)).toContain(
      "2026-03-02 15:05 UTC by dev-dan in PR description 2026-03-05 12:00 UTC 3 — undesirable cso: dr-cso @ b2b2b2b",
    );
    expect(res.body).not.toContain("Secret");
  });

  it("finds the log where a configuration that extends another repository's puts it", async () => {
    const moved = PRODUCT_CONFIG.replace("hazard_log: { path: docs/safety/hazard-log.yml", "hazard_log: { path: safety/log.yml");
    expect(moved).not.toBe(PRODUCT_CONFIG);
    const github = new FakeGitHub("dr-cso", ["acme/eprescribe", "acme/policies"], {
      "acme/eprescribe": { ".github/clinical-safety.yml": "_extends: policies\n", "safety/log.yml": SAMPLE_HAZARD_LOG },
      "acme/policies": { ".github/clinical-safety.yml": moved },
    });
    const res = await get(audit, github, "/audit/acme/eprescribe/hazard/HAZ-002");
    expect(res.status).toBe(200);
    expect(mainText(res.body)).toContain("Residual risk catastrophic × very-low → 3 — undesirable");
  });

  it("shows a hazard in the log that no PR linked", async () => {
    const res = await get(audit, cso(), "/audit/acme/eprescribe/hazard/HAZ-001");
    expect(res.status).toBe(200);
    expect(mainText(res.body)).toContain("No pull request has linked this hazard.");
  });

  it("is not found when neither the log nor any PR knows the id", async () => {
    expect((await get(audit, cso(), "/audit/acme/eprescribe/hazard/HAZ-999")).status).toBe(404);
  });

  it("still shows what the PRs recorded when the log is gone", async () => {
    const noLog = new FakeGitHub("dr-cso", ["acme/eprescribe"]);
    const res = await get(audit, noLog, "/audit/acme/eprescribe/hazard/HAZ-002");
    expect(res.status).toBe(200);
    expect(mainText(res.body)).toContain("There is no hazard log at docs/safety/hazard-log.yml on the default branch.");
    expect(mainText(res.body)).toMatch(/^HAZ-002: Paediatric dose uses a stale weight or the wrong unit/);
    expect(rowHeads(res.body)).toEqual(["acme/eprescribe#7"]);
  });

  it("reads the log at the path the configuration gives", async () => {
    const moved = new FakeGitHub("dr-cso", ["acme/eprescribe"], {
      "acme/eprescribe": {
        ".github/clinical-safety.yml": PRODUCT_CONFIG.replace("path: docs/safety/hazard-log.yml", "path: safety/log.yml"),
        "safety/log.yml": SAMPLE_HAZARD_LOG,
      },
    });
    const res = await get(audit, moved, "/audit/acme/eprescribe/hazard/HAZ-001");
    expect(res.status).toBe(200);
    expect(mainText(res.body)).toContain("Initial risk major × medium → 3 — undesirable");
    // The default path holds nothing here: had it been read, HAZ-001 would be unknown.
    expect(mainText(res.body)).not.toContain("There is no hazard log");
  });

  it("says when the configuration is invalid and the default path was read instead", async () => {
    const broken = new FakeGitHub("dr-cso", ["acme/eprescribe"], {
      "acme/eprescribe": { ".github/clinical-safety.yml": "roles: [", "docs/safety/hazard-log.yml": SAMPLE_HAZARD_LOG },
    });
    const res = await get(audit, broken, "/audit/acme/eprescribe/hazard/HAZ-002");
    expect(mainText(res.body)).toContain(
      ".github/clinical-safety.yml is invalid, so the hazard log was read from docs/safety/hazard-log.yml with the default risk matrix.",
    );
    expect(mainText(res.body)).toContain("Residual risk catastrophic × very-low → 3 — undesirable");
  });

  it("exports the PRs that linked it as CSV and JSON", async () => {
    const csv = await get(audit, cso(), "/audit/acme/eprescribe/hazard/HAZ-002?format=csv");
    expect(csv.headers["content-disposition"]).toBe('attachment; filename="acme-eprescribe-HAZ-002-pull-requests.csv"');
    expect(csv.body.split("\r\n")).toEqual([
      "repo,pr,title,linked_at,linked_by,source,merged_at,merge_sha,residual_risk,sign_offs,bypass,audit_url",
      `acme/eprescribe,7,Recalculate paediatric dose from current weight,2026-03-02T15:05:00.000Z,dev-dan,PR description,2026-03-05T12:00:00.000Z,${"c3".repeat(20)},3 — undesirable,cso: dr-cso @ b2b2b2b; cpm: pm-pat @ b2b2b2b,,https://gate.example.org/audit/acme/eprescribe/pull/7`,
      "",
    ]);
    const json = JSON.parse((await get(audit, cso(), "/audit/acme/eprescribe/hazard/HAZ-002?format=json")).body) as {
      hazardId: string;
      hazard: { id: string; residualRating: number };
      pullRequests: { pr: number; merge: { mergeSha: string } }[];
    };
    expect(json.hazardId).toBe("HAZ-002");
    expect(json.hazard).toMatchObject({ id: "HAZ-002", initialRating: 5, residualRating: 3 });
    expect(json.pullRequests.map((p) => [p.pr, p.merge.mergeSha])).toEqual([[7, "c3".repeat(20)]]);
  });
});
