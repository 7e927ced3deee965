/**
 * The real server process (`node dist/main.js`, what `npm start` runs) for the reliability tests: started
 * against the HTTP GitHub simulator with nothing but its environment, killed with SIGKILL, restarted on the
 * same storage. Deliveries are signed and posted as GitHub does; one refused while the process is down is
 * sent again (as an admin redelivers what GitHub shows failed) until it is answered 2xx.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { AuditRecord } from "../../src/audit/record.js";
import { SqlAuditStore } from "../../src/store/audit-store.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import { openPostgresStore } from "../../src/store/postgres.js";
import { freePort } from "../simulator/free-port.js";
import { generatePrivateKey } from "../simulator/probot.js";
import { deliverWebhook } from "../simulator/webhook.js";
import type { GitHubState, SimComment } from "../simulator/state.js";

export const SECRET = "e2e-reliability-secret";
export const BOT = "clinical-safety-gate[bot]";
export const STICKY_MARKER = "<!-- clinical-safety-gate:sticky -->";
export const REPLY_MARKER = "<!-- clinical-safety-gate:reply ";

/** Storage for the process: embedded PGlite in a directory, or PostgreSQL at a URL. */
export type Storage = { dataDir: string } | { databaseUrl: string };

export interface AppProcess {
  port: number;
  appUrl: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown hook runs, leases stay held until they expire. */
  kill(): Promise<void>;
  /** SIGTERM, the orderly stop. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `node dist/main.js` and waits until it answers `GET /ping`. */
export async function startApp(o: {
  storage: Storage;
  gheHost: string;
  privateKey: string;
  port?: number;
  /** INBOX_LEASE_SECONDS: how soon a killed process's deliveries are taken over (default 30). */
  leaseSeconds?: number;
}): Promise<AppProcess> {
  const port = o.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    APP_ID: "1",
    PRIVATE_KEY: o.privateKey,
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: o.gheHost,
    GHE_PROTOCOL: "http",
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: (process.env.E2E_LOG_LEVEL ?? "warn") as NodeJS.ProcessEnv["LOG_LEVEL"],
    ...(o.leaseSeconds === undefined ? {} : { INBOX_LEASE_SECONDS: String(o.leaseSeconds) }),
    ...("dataDir" in o.storage ? { DATA_DIR: o.storage.dataDir } : { DATABASE_URL: o.storage.databaseUrl }),
  };
  const child = spawn(process.execPath, [join(process.cwd(), "dist/main.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
  track(child);
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-200_000)));
  child.stderr?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-200_000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/ping`)).ok) {
        return {
          port,
          appUrl: `http://127.0.0.1:${port}/api/github/webhooks`,
          child,
          output: () => output,
          kill: () => stopWith("SIGKILL"),
          stop: () => stopWith("SIGTERM"),
        };
      }
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}): ${output.slice(-4000)}`);
    await sleep(50);
  }
  await stopWith("SIGKILL");
  throw new Error(`the app did not start: ${output.slice(-4000)}`);
}

/** A webhook event as the simulator's payload builders return it. */
export interface WebhookEvent {
  name: string;
  payload: unknown;
}

/**
 * Posts a delivery (one delivery id for all its attempts, as a redelivery keeps it) to whichever process
 * `appUrl()` names at the moment, until one answers 2xx; returns the attempts it took.
 */
export async function deliverUntilAccepted(
  appUrl: () => string | undefined,
  event: WebhookEvent,
  id: string = randomUUID(),
  timeoutMs = 60_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const url = appUrl();
    if (url !== undefined) {
      try {
        const status = await deliverWebhook({ appUrl: url, secret: SECRET, name: event.name, payload: event.payload, id });
        if (status >= 200 && status < 300) return attempt;
      } catch {
        // connection refused: the process is down
      }
    }
    if (Date.now() > deadline) throw new Error(`delivery ${id} (${event.name}) was not accepted within ${timeoutMs} ms`);
    await sleep(100);
  }
}

export interface InboxState {
  ready: boolean;
  inbox: { pending: number; parked: number; oldestAgeSeconds: number | null };
}

export async function readyz(port: number): Promise<InboxState> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`);
  return (await response.json()) as InboxState;
}

/** Polls `/readyz` until the inbox has nothing pending (or the wait runs out, which throws). */
export async function waitForEmptyInbox(port: number, timeoutMs: number): Promise<InboxState> {
  const deadline = Date.now() + timeoutMs;
  let last: InboxState | undefined;
  while (Date.now() < deadline) {
    try {
      last = await readyz(port);
      if (last.inbox.pending === 0) return last;
    } catch {
      // a moment's refusal; ask again
    }
    await sleep(100);
  }
  throw new Error(`the inbox still has pending deliveries after ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

/** The app's sticky comments on a PR (there must be exactly one). */
export function stickies(gh: GitHubState, number: number): SimComment[] {
  return gh.comments.filter((c) => c.issueNumber === number && c.user === BOT && c.body.includes(STICKY_MARKER));
}

/** The app's replies on a PR, by the source (the command's comment) their hidden marker names. */
export function replies(gh: GitHubState, number: number): SimComment[] {
  return gh.comments.filter((c) => c.issueNumber === number && c.user === BOT && c.body.includes(REPLY_MARKER));
}

/** The app's replies refusing commands (one per comment whose commands were refused). */
export function refusalReplies(gh: GitHubState, number: number): SimComment[] {
  return replies(gh, number).filter((c) => c.body.includes("was refused"));
}

/** The app's replies confirming a sign-off (one per accepted sign-off). */
export function signOffReplies(gh: GitHubState, number: number): SimComment[] {
  return replies(gh, number).filter((c) => c.body.includes("your sign-off is recorded"));
}

/** The last check run on a commit (the one branch protection looks at). */
export function latestCheck(gh: GitHubState, headSha: string) {
  return gh.checkRuns.filter((c) => c.headSha === headSha).at(-1);
}

/** The whole audit trail on the storage the (stopped) process used. */
export async function readTrail(storage: Storage): Promise<AuditRecord[]> {
  const store = "dataDir" in storage ? await openPgliteStore(storage.dataDir) : await openPostgresStore(storage.databaseUrl);
  try {
    const audit = new SqlAuditStore(store.driver);
    const records: AuditRecord[] = [];
    for await (const r of audit.all()) records.push(r);
    return records;
  } finally {
    await store.close();
  }
}

/** mulberry32: a small seeded PRNG, so a failing run can be repeated with the seed it prints. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export { generatePrivateKey, sleep };

// A test that fails or times out must not leave a server behind.
const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});
export function track(child: ChildProcess): void {
  children.add(child);
  child.once("exit", () => children.delete(child));
}
