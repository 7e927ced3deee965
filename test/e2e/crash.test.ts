import { afterAll, describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { POSTGRES_URL, scratchPostgres, type ScratchDatabase } from "../audit/databases.js";
import { startSimulatorServer } from "../simulator/server.js";
import {
  deliverUntilAccepted,
  generatePrivateKey,
  latestCheck,
  prng,
  readTrail,
  refusalReplies,
  signOffReplies,
  sleep,
  startApp,
  stickies,
  waitForEmptyInbox,
  type AppProcess,
  type Storage,
} from "./process-harness.js";
import { nextStep, scriptedGitHub, threePrs, type Step } from "./pr-script.js";

/**
 * Crashes: the real process (`node dist/main.js`) is killed with SIGKILL at random moments (a seeded PRNG:
 * CRASH_SEED repeats a run) while three PRs' histories are delivered to it, and restarted on the same
 * storage. Deliveries refused while it is down are sent again until accepted. At the end every PR must be
 * exactly where its uninterrupted history puts it: no event lost, none applied twice.
 */
const SEED = Number(process.env.CRASH_SEED ?? 20261203);
const privateKey = generatePrivateKey();
/** A killed process's deliveries are taken over when its lease expires: 5 s (INBOX_LEASE_SECONDS) instead of the default 30 keeps the test short; what it proves does not depend on the length. */
const LEASE_SECONDS = 5;
const trace = process.env.E2E_TRACE ? (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 23)} ${m}\n`) : () => undefined;

interface CrashRun {
  kills: number;
  deliveries: number;
  redelivered: number;
  ms: number;
}

/** Figures of each variant, printed at the end (docs/reliability.md quotes them). */
const figures: Record<string, CrashRun> = {};

async function crashRun(name: string, storage: Storage, seed: number, minKills: number) {
  const started = Date.now();
  const gh = scriptedGitHub();
  const simulator = await startSimulatorServer(gh);
  const rand = prng(seed);
  const prs = threePrs(gh);
  const queues = prs.map((p) => p.steps.slice(1));
  let app: AppProcess | undefined;
  let kills = 0;
  let deliveries = 0;
  let redelivered = 0;
  const url = () => app?.appUrl;
  const deliver = async (step: { label: string; act(): { name: string; payload: unknown } }) => {
    trace(`${name}: ${step.label}`);
    const attempts = await deliverUntilAccepted(url, step.act());
    deliveries += 1;
    if (attempts > 1) redelivered += 1;
  };
  try {
    // The PRs are opened and the app comments on each (people tick boxes in that comment); then the crashes.
    app = await startApp({ storage, gheHost: simulator.gheHost, privateKey, leaseSeconds: LEASE_SECONDS });
    for (const pr of prs) await deliver(pr.steps[0] as Step);
    for (let i = 0; i < 300 && prs.some((p) => stickies(gh, p.number).length === 0); i++) await sleep(50);
    await app.kill();
    app = undefined;
    kills += 1;
    while (queues.some((q) => q.length > 0) || kills < minKills) {
      // Sometimes a person acts while the app is down: GitHub's delivery fails and is sent again later.
      let whileDown: Promise<void> | undefined;
      if (rand() < 0.3) {
        const step = nextStep(queues, rand);
        if (step) whileDown = deliver(step);
      }
      app = await startApp({ storage, gheHost: simulator.gheHost, privateKey, leaseSeconds: LEASE_SECONDS });
      await whileDown;
      const burst = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < burst; i++) {
        const step = nextStep(queues, rand);
        if (!step) break;
        await deliver(step);
      }
      // Killed at a random moment: while it stores, leases, reads GitHub, writes the trail or the check.
      await sleep(Math.floor(rand() * 500));
      await app.kill();
      app = undefined;
      kills += 1;
      trace(`${name}: kill ${kills}`);
      // A tick needs the app's comment: when none is ready, the next cycle gives the app time to catch up.
      if (queues.some((q) => q.length > 0) && !queues.some((q) => q[0]?.ready())) {
        app = await startApp({ storage, gheHost: simulator.gheHost, privateKey, leaseSeconds: LEASE_SECONDS });
        for (let i = 0; i < 400 && !queues.some((q) => q[0]?.ready()); i++) await sleep(100);
        await app.kill();
        app = undefined;
        kills += 1;
      }
    }
    app = await startApp({ storage, gheHost: simulator.gheHost, privateKey, leaseSeconds: LEASE_SECONDS });
    // A delivery held by a killed process waits for its lease (LEASE_SECONDS) to expire; a failed one for its retry.
    const final = await waitForEmptyInbox(app.port, 75_000);
    expect(final.inbox.parked).toBe(0);
    await app.stop();
    app = undefined;

    const trail = await readTrail(storage);
    for (const pr of prs) {
      const head = gh.requirePull({ owner: "acme", repo: "eprescribe", number: pr.number }).headSha;
      expect({ pr: pr.number, conclusion: latestCheck(gh, head)?.conclusion }).toEqual({ pr: pr.number, conclusion: pr.expected.conclusion });
      expect({ pr: pr.number, stickies: stickies(gh, pr.number).length }).toEqual({ pr: pr.number, stickies: 1 });
      // Every refused command answered once: one reply per command comment, none twice.
      const sources = refusalReplies(gh, pr.number).map((c) => /clinical-safety-gate:reply (\S+)/.exec(c.body)?.[1]);
      // Every accepted sign-off answered once (its reply names what was signed).
      const confirmed = signOffReplies(gh, pr.number).map((c) => /clinical-safety-gate:reply (\S+)/.exec(c.body)?.[1]);
      expect({ pr: pr.number, confirmed: new Set(confirmed).size }).toEqual({ pr: pr.number, confirmed: confirmed.length });
      expect({ pr: pr.number, replies: sources.length, distinct: new Set(sources).size }).toEqual({
        pr: pr.number,
        replies: pr.expected.refusedCommands,
        distinct: pr.expected.refusedCommands,
      });
      const ofPr = trail.filter((r) => r.pr === pr.number);
      // The roles' teams asked for a review exactly once, however often the app died around it.
      const asked = gh.requests.filter((r) => r.method === "POST" && r.path === `/repos/acme/eprescribe/pulls/${pr.number}/requested_reviewers`);
      expect({ pr: pr.number, reviewRequests: asked.length, recorded: ofPr.filter((r) => r.kind === "review-request").length }).toEqual({
        pr: pr.number,
        reviewRequests: 1,
        recorded: 1,
      });
      expect({
        pr: pr.number,
        signOffs: ofPr.filter((r) => r.kind === "sign-off").length,
        answers: ofPr.filter((r) => r.kind === "answer").length,
      }).toEqual({
        pr: pr.number,
        signOffs: pr.expected.signOffs,
        answers: pr.expected.answers,
      });
    }
    gh.assertNoUnhandled();
    figures[name] = { kills, deliveries, redelivered, ms: Date.now() - started };
  } catch (error) {
    throw new Error(
      `${name}, seed ${seed}: ${error instanceof Error ? error.message : String(error)}\n--- app output ---\n${app?.output().slice(-3000) ?? ""}`,
    );
  } finally {
    await app?.kill();
    await simulator.close();
  }
}

describe("the real process, killed with SIGKILL at random moments", () => {
  afterAll(() => {
    const all = Object.values(figures);
    if (all.length > 0) {
      const sum = (k: keyof CrashRun) => all.reduce((n, f) => n + f[k], 0);
      console.log(`crash test (seed ${SEED}): ${JSON.stringify(figures)}; total ${sum("kills")} kills, ${sum("deliveries")} deliveries`);
    }
  });

  // Two runs at once (each its own process, simulator and storage), so the test takes the time of one: most
  // of it is a killed process's lease (LEASE_SECONDS) running out before the last deliveries are taken over.
  it(`on embedded PGlite and on ${POSTGRES_URL === undefined ? "PGlite again (no TEST_DATABASE_URL)" : "PostgreSQL"}, at once: every PR ends as its uninterrupted history implies`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "csg-crash-"));
    const secondDir = mkdtempSync(join(tmpdir(), "csg-crash-"));
    const db: ScratchDatabase | undefined = POSTGRES_URL === undefined ? undefined : await scratchPostgres();
    try {
      // The kills are shared between two runs at once: PGlite and PostgreSQL, or (without PostgreSQL) two on
      // PGlite with different seeds, so a run without TEST_DATABASE_URL kills as often and takes as long.
      const runs = [crashRun("pglite", { dataDir }, SEED, 10)];
      if (db !== undefined) runs.push(crashRun("postgres", { databaseUrl: db.url }, SEED + 1, 10));
      else runs.push(crashRun("pglite-2", { dataDir: secondDir }, SEED + 1, 10));
      const failed = (await Promise.allSettled(runs)).find((r) => r.status === "rejected");
      if (failed) throw failed.reason;
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(secondDir, { recursive: true, force: true });
      await db?.drop();
    }
  }, 115_000);
});
