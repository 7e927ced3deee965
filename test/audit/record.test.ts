import { describe, expect, it } from "@jest/globals";
import { createHash } from "node:crypto";
import { GENESIS_HASH, recordHash, sealRecord, type AuditBody } from "../../src/audit/record.js";
import { body } from "./chain.js";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("recordHash", () => {
  it("is the SHA-256 of the canonical JSON of the record without its hash, spelled out", () => {
    const record: AuditBody = {
      seq: 1,
      id: "00000000-0000-4000-8000-000000000001",
      kind: "sign-off",
      actor: "dr-cso",
      at: "2026-01-01T09:00:00.000Z",
      repo: "acme/app",
      pr: 12,
      headSha: "abc",
      configSha: null,
      data: { role: "cso", meaning: "clinical safety approval as CSO" },
    };
    // Written by hand, so that the format itself is pinned: anyone re-implementing verify needs exactly this.
    const text =
      '{"actor":"dr-cso","at":"2026-01-01T09:00:00.000Z","configSha":null,' +
      '"data":{"meaning":"clinical safety approval as CSO","role":"cso"},"headSha":"abc",' +
      '"id":"00000000-0000-4000-8000-000000000001","kind":"sign-off","pr":12,' +
      `"prevHash":"${GENESIS_HASH}","repo":"acme/app","seq":1}`;
    expect(recordHash(GENESIS_HASH, record)).toBe(sha256(text));
  });

  it.each<[string, Partial<AuditBody>]>([
    ["seq", { seq: 2 }],
    ["id", { id: "00000000-0000-4000-8000-000000000099" }],
    ["kind", { kind: "revocation" }],
    ["actor", { actor: "mallory" }],
    ["at", { at: "2026-01-01T09:01:00.001Z" }],
    ["repo", { repo: "acme/other" }],
    ["pr", { pr: null }],
    ["headSha", { headSha: "b".repeat(40) }],
    ["configSha", { configSha: null }],
    ["data", { data: { role: "cpm", meaning: "clinical safety approval as CSO" } }],
  ])("changes when %s changes", (_field, change) => {
    expect(recordHash(GENESIS_HASH, body(1, change))).not.toBe(recordHash(GENESIS_HASH, body(1)));
  });

  it("changes when the previous hash changes: each record commits to the one before", () => {
    expect(recordHash("f".repeat(64), body(1))).not.toBe(recordHash(GENESIS_HASH, body(1)));
  });

  it("reads only the record's fields, so a whole record hashes as its body", () => {
    const record = sealRecord(body(3), "e".repeat(64));
    expect(recordHash(record.prevHash, { ...record, hash: "x" } as AuditBody)).toBe(record.hash);
  });
});

describe("sealRecord", () => {
  it("chains the body to the previous hash and hashes it", () => {
    const record = sealRecord(body(1), GENESIS_HASH);
    expect(record).toEqual({ ...body(1), prevHash: GENESIS_HASH, hash: recordHash(GENESIS_HASH, body(1)) });
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
