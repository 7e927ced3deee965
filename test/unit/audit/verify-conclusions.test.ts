import { describe, expect, it } from "@jest/globals";
import { GENESIS_HASH, type AuditKind, type AuditRecord, type JsonObject } from "../../../src/audit/record.js";
import { ConclusionChecker } from "../../../src/audit/verify-conclusions.js";

let seq = 0;
const r = (kind: AuditKind, actor: string, data: JsonObject, pr = 7): AuditRecord => ({
  seq: ++seq,
  id: `00000000-0000-0000-0000-${String(seq).padStart(12, "0")}`,
  kind,
  actor,
  at: "2026-11-23T10:00:00.000Z",
  repo: "acme/eprescribe",
  pr,
  headSha: "a".repeat(40),
  configSha: null,
  data,
  prevHash: GENESIS_HASH,
  hash: "h",
});
const classified = (roles: string[], pr = 7) => r("classification", "gate[bot]", { requiredRoles: roles }, pr);
const signed = (actor: string, role: string, pr = 7) => r("sign-off", actor, { role }, pr);
const success = (pr = 7) => r("check-conclusion", "gate[bot]", { conclusion: "success", state: "pass" }, pr);

describe("audit verify: every success is backed by sign-off records in the trail", () => {
  it.each<[string, AuditRecord[], string[][]]>([
    ["both roles signed", [classified(["cso", "cpm"]), signed("cleo", "cso"), signed("pat", "cpm"), success()], []],
    ["no sign-off at all", [classified(["cso", "cpm"]), success()], [["cso", "cpm"]]],
    ["one role missing", [classified(["cso", "cpm"]), signed("pat", "cpm"), success()], [["cso"]]],
    [
      "a revoked sign-off does not back it",
      [classified(["cso"]), signed("cleo", "cso"), r("revocation", "cleo", { role: "cso" }), success()],
      [["cso"]],
    ],
    ["another PR's sign-off does not back it", [classified(["cso"]), signed("cleo", "cso", 8), success()], [["cso"]]],
    ["a PR that needs no role", [classified([]), success()], []],
    ["a not-relevant success needs nothing", [r("check-conclusion", "gate[bot]", { conclusion: "success", state: "not-relevant" })], []],
  ])("%s", (_name, records, missing) => {
    const checker = new ConclusionChecker();
    for (const record of records) checker.push(record);
    expect(checker.finish().map((u) => u.missing)).toEqual(missing);
  });
});
