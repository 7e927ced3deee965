import { describe, expect, it } from "@jest/globals";
import { GENESIS_HASH, type AuditRecord } from "../../src/audit/record.js";
import { verifyChain } from "../../src/audit/verify-chain.js";
import { describeVerdict } from "../../src/cli/audit-verify.js";
import { chainOf } from "./chain.js";

const [r1, r2, r3, r4] = chainOf(4) as [AuditRecord, AuditRecord, AuditRecord, AuditRecord];
const outside = { ...r3, pr: null, kind: "bypass" as const };

describe("describeVerdict", () => {
  it.each<[string, AuditRecord[], number, string[]]>([
    ["an empty trail", [], 0, ["0 records, chain intact"]],
    ["one record", [r1], 0, ["1 record, chain intact", `head: record 1, hash ${r1.hash}`]],
    ["an intact trail, with the head to keep elsewhere", [r1, r2, r3, r4], 0, ["4 records, chain intact", `head: record 4, hash ${r4.hash}`]],
    [
      "an altered record, by seq, id, kind, repo and PR",
      [r1, r2, { ...r3, actor: "mallory" }, r4],
      1,
      [
        "audit trail broken at record 3: hash mismatch",
        `  record 3: id ${r3.id}, kind sign-off, repo acme/app, PR #12, at ${r3.at}`,
        "  2 records before it are intact",
      ],
    ],
    [
      "an altered record outside a PR",
      [r1, r2, outside],
      1,
      [
        "audit trail broken at record 3: hash mismatch",
        `  record 3: id ${r3.id}, kind bypass, repo acme/app, no PR, at ${r3.at}`,
        "  2 records before it are intact",
      ],
    ],
    [
      "a removed record, by seq, and where the chain resumes",
      [r1, r3, r4],
      1,
      [
        "audit trail broken at record 2: chain broken: record 2 missing",
        `  the chain resumes at record 3: id ${r3.id}, kind sign-off, repo acme/app, PR #12, at ${r3.at}`,
        "  1 record before it is intact",
      ],
    ],
  ])("reports %s", (_name, records, exitCode, lines) => {
    expect(describeVerdict(verifyChain(records))).toEqual({ exitCode, lines });
  });

  it("never reports the genesis hash as a head", () => {
    expect(describeVerdict(verifyChain([])).lines.join("\n")).not.toContain(GENESIS_HASH);
  });
});
