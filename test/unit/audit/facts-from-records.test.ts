import { describe, expect, it } from "@jest/globals";
import { factsOf } from "../../../src/audit/facts-from-records.js";
import { GENESIS_HASH, type AuditRecord, type JsonObject } from "../../../src/audit/record.js";

const AT = "2026-11-23T10:00:00.000Z";
const SHA = "a".repeat(40);
const record = (kind: AuditRecord["kind"], data: JsonObject, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  seq: 1,
  id: "00000000-0000-0000-0000-000000000001",
  kind,
  actor: "cleo",
  at: AT,
  repo: "acme/eprescribe",
  pr: 7,
  headSha: SHA,
  configSha: null,
  data,
  prevHash: GENESIS_HASH,
  hash: "h",
  ...extra,
});

describe("factsOf: the facts of a PR are read back from its audit records", () => {
  it.each<[string, AuditRecord, unknown]>([
    [
      "an answer",
      record("answer", { questionId: "calculations", answer: "no", via: "checkbox", source: "boxes:1:t:calculations" }),
      {
        kind: "answer",
        questionId: "calculations",
        answer: "no",
        via: "checkbox",
        actor: "cleo",
        at: AT,
        headSha: SHA,
        source: "boxes:1:t:calculations",
      },
    ],
    [
      "a cleared answer",
      record("answer", { questionId: "calculations", answer: null, via: "command" }),
      { kind: "answer", questionId: "calculations", answer: null, via: "command", actor: "cleo", at: AT, headSha: SHA },
    ],
    [
      "a sign-off, with the meaning it was signed with",
      record("sign-off", { role: "cso", meaning: "…", source: "comment:5:created#0" }),
      { kind: "sign-off", role: "cso", meaning: "…", actor: "cleo", at: AT, headSha: SHA, source: "comment:5:created#0" },
    ],
    [
      "a sign-off with the signer's printed name",
      record("sign-off", { role: "cpm", meaning: "clinical impact approval as CPM", name: "Pat Jones" }),
      { kind: "sign-off", role: "cpm", meaning: "clinical impact approval as CPM", name: "Pat Jones", actor: "cleo", at: AT, headSha: SHA },
    ],
    [
      "an older sign-off record without a meaning: the default is applied later",
      record("sign-off", { role: "cso" }),
      { kind: "sign-off", role: "cso", actor: "cleo", at: AT, headSha: SHA },
    ],
    ["a revocation", record("revocation", { role: "cso" }), { kind: "revoke", actor: "cleo", at: AT, headSha: SHA }],
    [
      "an objection",
      record("objection", { role: "cso", reason: "no test" }),
      { kind: "objection", role: "cso", reason: "no test", actor: "cleo", at: AT, headSha: SHA },
    ],
    [
      "an objection withdrawn",
      record("objection-withdrawn", { role: "cso", reason: "" }),
      { kind: "withdraw-objection", actor: "cleo", at: AT, headSha: SHA },
    ],
    // Fail closed: what would approve must be whole; what blocks counts anyway.
    ["a sign-off without a role approves nothing", record("sign-off", { meaning: "…" }), undefined],
    ["an answer that is not yes, no or cleared", record("answer", { questionId: "q", answer: "maybe", via: "checkbox" }), undefined],
    [
      "an objection with its reason missing still blocks",
      record("objection", {}),
      { kind: "objection", role: "", reason: "", actor: "cleo", at: AT, headSha: SHA },
    ],
    ["a gate decision is not a fact", record("check-conclusion", { conclusion: "success" }), undefined],
    ["a record without a commit is not a PR's fact", record("sign-off", { role: "cso" }, { headSha: null }), undefined],
  ])("%s", (_name, r, expected) => {
    expect(factsOf([r])).toEqual(expected === undefined ? [] : [expected]);
  });
});
