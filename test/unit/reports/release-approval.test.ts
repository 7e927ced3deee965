import { describe, expect, it } from "@jest/globals";
import { GENESIS_HASH, sealRecord, type AuditRecord, type JsonObject } from "../../../src/audit/record.js";
import { approvePath, releaseApproval } from "../../../src/reports/release-approval.js";

const FROM = "a".repeat(40);
const TO = "b".repeat(40);

/** A `release-approval` record (or another kind) at `seq`. */
function record(seq: number, data: JsonObject, over: Partial<AuditRecord> = {}): AuditRecord {
  return sealRecord(
    {
      seq,
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
      kind: "release-approval",
      actor: "dr-cso",
      at: `2026-04-2${seq % 10}T09:00:00.000Z`,
      repo: "acme/eprescribe",
      pr: null,
      headSha: TO,
      configSha: null,
      data,
      ...over,
    },
    GENESIS_HASH,
  );
}

const approval = (over: JsonObject = {}): JsonObject => ({
  from: "v1.0.0",
  to: "v1.1.0",
  fromSha: FROM,
  toSha: TO,
  meaning: "clinical safety approval of the release as CSO",
  name: "Dr Cleo Smith",
  method: "github-reauthentication",
  auditHead: { seq: 40, hash: "c".repeat(64) },
  ...over,
});

describe("releaseApproval: the latest approval of exactly the report's range", () => {
  it("reads the approval in the contract's shape", () => {
    expect(releaseApproval([record(41, approval({ rationale: "Reviewed the hazard log changes" }))], FROM, TO)).toEqual({
      by: "dr-cso",
      name: "Dr Cleo Smith",
      at: "2026-04-21T09:00:00.000Z",
      meaning: "clinical safety approval of the release as CSO",
      method: "github-reauthentication",
      rationale: "Reviewed the hazard log changes",
      auditHead: { seq: 40, hash: "c".repeat(64) },
      seq: 41,
    });
  });

  it.each<[string, AuditRecord[], number | null]>([
    ["none recorded", [], null],
    ["the latest of two", [record(3, approval({ meaning: "first" })), record(7, approval({ meaning: "second" }))], 7],
    ["the latest even when given out of order", [record(7, approval()), record(3, approval())], 7],
    ["another range's (the tag moved since)", [record(5, approval({ toSha: "d".repeat(40) }))], null],
    ["one with the refs swapped", [record(5, approval({ fromSha: TO, toSha: FROM }))], null],
    ["SHAs in capitals", [record(5, approval({ fromSha: FROM.toUpperCase(), toSha: TO.toUpperCase() }))], 5],
    ["a record of another kind with the same data", [record(5, approval(), { kind: "bypass-review" })], null],
    ["one without SHAs", [record(5, approval({ fromSha: "", toSha: "" }))], null],
  ])("%s", (_case, records, seq) => {
    expect(releaseApproval(records, FROM, TO)?.seq ?? null).toBe(seq);
  });

  it("leaves out what the record does not say: no name, no rationale, no head", () => {
    const data = approval();
    delete data.name;
    delete data.auditHead;
    expect(releaseApproval([record(2, data)], FROM, TO)).toEqual({
      by: "dr-cso",
      name: null,
      at: "2026-04-22T09:00:00.000Z",
      meaning: "clinical safety approval of the release as CSO",
      method: "github-reauthentication",
      auditHead: null,
      seq: 2,
    });
  });
});

describe("approvePath", () => {
  it("links the approval page for the range as typed, encoded", () => {
    expect(approvePath("acme/eprescribe", "v1.0.0", "release/1.1")).toBe("/audit/acme/eprescribe/release/approve?from=v1.0.0&to=release%2F1.1");
  });
});
