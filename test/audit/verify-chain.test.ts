import { describe, expect, it } from "@jest/globals";
import { GENESIS_HASH, sealRecord, type AuditRecord } from "../../src/audit/record.js";
import { ChainChecker, verifyChain } from "../../src/audit/verify-chain.js";
import { body, chainOf, reseal } from "./chain.js";

/** Records 1…5, and what an attacker with database access makes of them. */
const [r1, r2, r3, r4, r5] = chainOf(5) as [AuditRecord, AuditRecord, AuditRecord, AuditRecord, AuditRecord];
const altered = { ...r3, data: { role: "cpm", meaning: "clinical safety approval as CPM" } };

describe("verifyChain on an intact chain", () => {
  it.each<[string, AuditRecord[], number, string, number]>([
    ["an empty trail", [], 0, GENESIS_HASH, 0],
    ["one record", [r1], 1, r1.hash, 1],
    ["five records", [r1, r2, r3, r4, r5], 5, r5.hash, 5],
  ])("%s is intact, ending in its last hash", (_name, records, count, head, headSeq) => {
    expect(verifyChain(records)).toEqual({ ok: true, count, head, headSeq });
  });
});

describe("verifyChain names the first record altered or removed", () => {
  it.each<[string, AuditRecord[], { seq: number; id?: string }, string, number]>([
    ["a record edited in place", [r1, r2, altered, r4, r5], { seq: 3, id: r3.id }, "hash mismatch", 2],
    ["the first record edited", [{ ...r1, actor: "mallory" }, r2, r3], { seq: 1, id: r1.id }, "hash mismatch", 0],
    ["the last record edited", [r1, r2, { ...r3, pr: 13 }], { seq: 3, id: r3.id }, "hash mismatch", 2],
    ["a stored hash replaced", [r1, r2, { ...r3, hash: "f".repeat(64) }, r4], { seq: 3, id: r3.id }, "hash mismatch", 2],
    ["a record removed", [r1, r2, r4, r5], { seq: 3 }, "chain broken: record 3 missing", 2],
    ["two records removed", [r1, r2, r5], { seq: 3 }, "chain broken: records 3 to 4 missing", 2],
    ["the first record removed", [r2, r3], { seq: 1 }, "chain broken: record 1 missing", 0],
    [
      "a record rewritten with its hash recomputed",
      [r1, r2, reseal(altered), r4, r5],
      { seq: 3, id: r3.id },
      "chain broken: record 3 was rewritten: record 4 holds another hash for it",
      2,
    ],
    [
      // Nothing after record 5 vouches for it, so which of the two changed cannot be told: the earlier is named.
      "the last-but-one record rewritten with its hash recomputed",
      [r1, r2, r3, reseal({ ...r4, actor: "mallory" }), r5],
      { seq: 4, id: r4.id },
      "chain broken: record 5 does not hold the hash of record 4 (record 4 rewritten, or record 5 moved or replaced)",
      3,
    ],
    [
      "two records swapped, their hashes recomputed for their new places",
      [r1, reseal({ ...r3, seq: 2 }), reseal({ ...r2, seq: 3 }), r4, r5],
      { seq: 2, id: r3.id },
      "chain broken: record 2 does not follow record 1 (moved or replaced)",
      1,
    ],
    ["two records swapped, hashes left as they were", [r1, { ...r3, seq: 2 }, { ...r2, seq: 3 }, r4], { seq: 2, id: r3.id }, "hash mismatch", 1],
    [
      "a record replaced by a forged one chained to nothing",
      [r1, r2, sealRecord(body(3, { actor: "mallory" }), "d".repeat(64)), r4],
      { seq: 3, id: r3.id },
      "chain broken: record 3 does not follow record 2 (moved or replaced)",
      2,
    ],
    [
      "a forged first record",
      [sealRecord(body(1), "d".repeat(64)), r2],
      { seq: 1, id: r1.id },
      "chain broken: the first record does not start from the genesis hash",
      0,
    ],
    ["records handed over out of order", [r1, r2, r3, r2], { seq: 2, id: r2.id }, "out of order: record 2 comes after record 3", 3],
  ])("%s", (_name, records, at, reason, intact) => {
    const verdict = verifyChain(records);
    expect(verdict).toMatchObject({ ok: false, at, reason, intact });
  });

  it("gives the record found where the chain resumes after a removal, and the altered record itself", () => {
    expect(verifyChain([r1, r2, r4])).toMatchObject({ next: r4 });
    expect(verifyChain([r1, r2, altered])).toMatchObject({ record: altered });
  });

  it("reports the first break, not a later one", () => {
    const verdict = verifyChain([r1, { ...r2, actor: "x" }, r3, r5]);
    expect(verdict).toMatchObject({ at: { seq: 2 }, reason: "hash mismatch" });
  });
});

describe("what the chain alone cannot show (docs/audit-trail.md)", () => {
  it("a removed last record leaves a chain that verifies: only a head kept elsewhere reveals it", () => {
    const verdict = verifyChain([r1, r2, r3, r4]);
    expect(verdict).toEqual({ ok: true, count: 4, head: r4.hash, headSeq: 4 });
    expect(verdict.ok && verdict.head).not.toBe(r5.hash);
  });

  it("a last record rewritten with its hash recomputed verifies: its new head differs from the one kept", () => {
    const forged = reseal({ ...r5, actor: "mallory" });
    const verdict = verifyChain([r1, r2, r3, r4, forged]);
    expect(verdict).toEqual({ ok: true, count: 5, head: forged.hash, headSeq: 5 });
    expect(forged.hash).not.toBe(r5.hash);
  });
});

describe("ChainChecker", () => {
  it("stops at the first break: records pushed after it change nothing", () => {
    const checker = new ChainChecker();
    expect(checker.push(r1)).toBeUndefined();
    const broken = checker.push(altered);
    expect(broken).toMatchObject({ reason: "chain broken: record 2 missing" });
    expect(checker.push(r4)).toBe(broken);
    expect(checker.finish()).toBe(broken);
  });
});
