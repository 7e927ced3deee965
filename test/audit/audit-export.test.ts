import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { setTimeout as sleep } from "node:timers/promises";
import type { AuditRecord } from "../../src/audit/record.js";
import { runAudit } from "../../src/cli/audit-command.js";
import { exportAudit } from "../../src/cli/audit-export.js";
import { terminalProgress, type AuditIo } from "../../src/cli/audit-io.js";
import { SqlAuditStore, type AuditQuery } from "../../src/store/audit-store.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import type { SqlStore } from "../../src/store/sql-store.js";

/** The real store, counting the pages read from it. */
class CountingStore extends SqlAuditStore {
  pagesRead = 0;
  override async list(query: AuditQuery): Promise<AuditRecord[]> {
    const page = await super.list(query);
    this.pagesRead += 1;
    return page;
  }
}

describe("exportAudit", () => {
  let sql: SqlStore;
  let store: CountingStore;

  beforeAll(async () => {
    sql = await openPgliteStore();
    store = new CountingStore(sql.driver);
    for (let n = 0; n < 25; n++) {
      await store.append({
        kind: "answer",
        actor: `user${n}`,
        at: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
        repo: "acme/app",
        pr: 1,
        headSha: null,
        configSha: null,
        data: { n },
      });
    }
  });
  afterAll(() => sql.close());

  it("writes each page before it reads the next, and waits for standard output to take it", async () => {
    store.pagesRead = 0;
    const writes: { text: string; pagesAtStart: number; pagesAtEnd: number }[] = [];
    const io = {
      write: async (text: string) => {
        const pagesAtStart = store.pagesRead;
        await sleep(5); // a slow reader at the other end of the pipe
        writes.push({ text, pagesAtStart, pagesAtEnd: store.pagesRead });
      },
    };
    const count = await exportAudit(store, { format: "json", scope: { repo: "acme/app" }, filter: { repo: "acme/app" } }, io, 10);
    expect(count).toBe(25);
    // The opening bracket, two full pages of 10, then the last 5 with the closing bracket.
    expect(writes.map((w) => [w.pagesAtStart, w.pagesAtEnd])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(writes.map((w) => w.text.split("\n").filter((line) => line.startsWith("{")).length)).toEqual([0, 10, 10, 5]);
    expect(JSON.parse(writes.map((w) => w.text).join(""))).toHaveLength(25);
  });

  it("shows progress per page on a terminal, and a last line saying what was exported", async () => {
    const shown: string[] = [];
    const progress = { show: (text: string) => shown.push(`show ${text}`), done: (text?: string) => shown.push(`done ${text}`) };
    await exportAudit(store, { format: "csv", scope: { repo: "acme/app" }, filter: { repo: "acme/app" } }, { write: async () => {}, progress }, 10);
    expect(shown).toEqual(["show exported 10 records…", "show exported 20 records…", "done exported 25 records of acme/app"]);
  });
});

describe("terminalProgress", () => {
  it.each<[string, (p: ReturnType<typeof terminalProgress>) => void, string]>([
    ["rewrites the line in place", (p) => p.show("verified 1000 records…"), "\r\u001b[Kverified 1000 records…"],
    ["ends the line with the last text", (p) => p.done("exported 3 records"), "\r\u001b[Kexported 3 records\n"],
    ["erases the line when the result follows", (p) => p.done(), "\r\u001b[K"],
  ])("%s", (_name, act, written) => {
    let text = "";
    act(terminalProgress({ write: (chunk: string) => (text += chunk) }));
    expect(text).toBe(written);
  });
});

describe("runAudit", () => {
  const io: AuditIo = { env: {}, write: async () => {} };
  const printed = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { lines: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
  };

  it("exits 2 with the reason when the database cannot be opened", async () => {
    const { lines, out, err } = printed();
    const status = await runAudit({ kind: "audit verify" }, lines, io, async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
    });
    expect([status, out, err]).toEqual([2, [], ["clinical-safety: cannot open the audit database: connect ECONNREFUSED 127.0.0.1:5432"]]);
  });

  it("exits 2 when reading fails midway, and lets go of the database", async () => {
    const { lines, err } = printed();
    let closed = false;
    const failing = {
      append: async () => {
        throw new Error("unused");
      },
      appendAll: async () => {
        throw new Error("unused");
      },
      list: async () => [],
      latest: async () => undefined,
      all: () => failingStream(),
      stream: () => failingStream(),
    };
    const status = await runAudit({ kind: "audit verify" }, lines, io, async () => ({
      store: failing,
      close: async () => {
        closed = true;
      },
    }));
    expect([status, err, closed]).toEqual([2, ["clinical-safety: audit verify failed: connection terminated"], true]);
  });
});

async function* failingStream(): AsyncIterable<AuditRecord> {
  yield* [];
  throw new Error("connection terminated");
}
