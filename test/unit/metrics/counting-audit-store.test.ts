import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { AuditInput } from "../../../src/audit/record.js";
import { CountingAuditStore } from "../../../src/metrics/counting-audit-store.js";
import { SqlAuditStore } from "../../../src/store/audit-store.js";
import { openPgliteStore } from "../../../src/store/pglite.js";
import type { SqlStore } from "../../../src/store/sql-store.js";

const input = (kind: AuditInput["kind"], pr: number): AuditInput => ({
  kind,
  actor: "clinical-safety-gate[bot]",
  at: "2026-11-23T09:00:00.000Z",
  repo: "acme/eprescribe",
  pr,
  headSha: "a".repeat(40),
  configSha: null,
  data: { note: "counted" },
});

describe("CountingAuditStore: counts what the trail stored, by kind", () => {
  let store: SqlStore;
  beforeAll(async () => {
    store = await openPgliteStore();
  });
  afterAll(async () => {
    await store.close();
  });

  it("counts each stored record once, passes reads through, and counts nothing for an append that was refused", async () => {
    const counted: string[] = [];
    const audit = new CountingAuditStore(new SqlAuditStore(store.driver), (kinds) => counted.push(...kinds));

    const one = await audit.append(input("classification", 1));
    expect(counted).toEqual(["classification"]);
    await audit.appendAll([input("answer", 1), input("check-conclusion", 1)]);
    expect(counted).toEqual(["classification", "answer", "check-conclusion"]);

    // A record that is not plain JSON refuses the whole decision: nothing stored, nothing counted.
    await expect(audit.appendAll([input("sign-off", 1), { ...input("void", 1), data: { when: new Date() } }])).rejects.toThrow();
    expect(counted).toHaveLength(3);

    expect((await audit.latest())?.kind).toBe("check-conclusion");
    expect((await audit.list({ limit: 10 })).map((r) => r.seq)).toEqual([one.seq, one.seq + 1, one.seq + 2]);
    const streamed: string[] = [];
    for await (const r of audit.stream({ repo: "acme/eprescribe", pr: 1 })) streamed.push(r.kind);
    expect(streamed).toEqual(counted);
  });

  it("a counter that throws does not make a stored record look unstored", async () => {
    const audit = new CountingAuditStore(new SqlAuditStore(store.driver), () => {
      throw new Error("metrics broken");
    });
    const record = await audit.append(input("merge", 2));
    expect(record.kind).toBe("merge");
    expect((await audit.latest())?.id).toBe(record.id);
  });
});
