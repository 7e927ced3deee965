/**
 * One service's turn in bench/server.ts: warm it up, count its GitHub requests per event kind (one delivery
 * at a time), then load it with the mixed traffic from 8 concurrent senders and measure.
 * Services take their turns one after the other, so the request log and the CPU are never shared.
 */
import { performance } from "node:perf_hooks";
import type { GitHubState, IssueRef } from "../../test/simulator/state.js";
import { cpuMs, peakRssMiB, type Service } from "./proc.js";
import { percentile } from "./stats.js";
import {
  CheckWatcher,
  countRequests,
  deliver,
  KINDS,
  opened,
  plainComment,
  recheck,
  settle,
  synchronize,
  unrelatedLabel,
  type Delivery,
  type Kind,
  type RequestCounts,
} from "./traffic.js";

/** When the app's first reconcile runs after start-up (src/app.ts `setTimeout(run, 5_000)`). */
const STARTUP_RECONCILE_MS = 5_000;

export interface Profile {
  name: "quick" | "full";
  /** Concurrent senders, each with a PR of its own. */
  lanes: number;
  /** Rounds of the five-delivery mix per lane, measured (one more is sent first, unmeasured). */
  rounds: number;
  /** How many times each event kind is sent when counting its requests. */
  countRepeats: number;
  /** Micro-benchmark repetitions (the median is reported). */
  microRuns: number;
}

export interface TargetResult {
  name: string;
  /** Spawn → first `GET /ping` answered, with empty storage (PGlite creates its database). */
  startMs: number;
  /** The same, started again on the storage of the run (a restart or deploy), set by bench/server.ts. */
  restartMs?: number;
  deliveries: number;
  /** Deliveries answered other than 2xx during the load. */
  nonOk: number;
  /** Deliveries answered per second by the 8 senders (an app that answers before processing answers fast). */
  answeredPerSec: number;
  /** Deliveries per second from the first sent to the last GitHub request they caused (work done). */
  processedPerSec: number;
  answeredMs: { p50: number; p99: number };
  /**
   * synchronize sent → first check-run write for its head at the simulator. A head pushed over before the
   * service got to it may never get a check of its own (GitHub needs one on the newest head only):
   * `superseded`; `missing` is a lane's last head without a check, which should never happen.
   */
  checkMs: { p50: number; p99: number; superseded: number; missing: number };
  cpuMsPerDelivery: number;
  peakRssMiB: number;
  /** Per event kind: the counts of each repeat (they should agree). */
  requests: Record<Kind, RequestCounts[]>;
  /** Per event kind: the requests of the last repeat, `METHOD path status`, to see what the counts are. */
  requestLog: Record<Kind, string[]>;
}

/** The five deliveries of one round on one PR; `redelivery` repeats this round's synchronize (same id). */
function roundOf(gh: GitHubState, ref: IssueRef): { kind: Kind; delivery: () => Delivery; headSha?: () => string }[] {
  let sync: { delivery: Delivery; headSha: string } | undefined;
  const syncNow = () => (sync = synchronize(gh, ref));
  return [
    { kind: "synchronize", delivery: () => syncNow().delivery, headSha: () => (sync as { headSha: string }).headSha },
    { kind: "labeled", delivery: () => unrelatedLabel(gh, ref) },
    { kind: "comment", delivery: () => plainComment(gh, ref) },
    { kind: "recheck", delivery: () => recheck(gh, ref) },
    { kind: "redelivery", delivery: () => (sync as { delivery: Delivery }).delivery },
  ];
}

/**
 * Waits until the service has processed everything it accepted: its `/readyz` shows an empty inbox (the app
 * answers 202 first and processes after), or it has no `/readyz` (the bare app answers when done); then
 * until the simulator has been quiet for `quietMs`.
 */
export async function drained(gh: GitHubState, service: Service, quietMs = 250, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const response = await fetch(service.webhookUrl.replace(/\/api\/github\/webhooks$/, "/readyz"));
    const body = (await response.json().catch(() => undefined)) as { inbox?: { pending?: number } } | undefined;
    if (body?.inbox?.pending === undefined || body.inbox.pending === 0) break;
    // Not more often: each look is a query the service's CPU figure pays for.
    await new Promise((r) => setTimeout(r, 100));
  }
  await settle(gh, quietMs);
}

/** Each kind sent alone, `repeats` times, with the requests it caused counted once the service is quiet. */
async function countPerKind(
  gh: GitHubState,
  service: Service,
  ref: IssueRef,
  repeats: number,
): Promise<{ counts: Record<Kind, RequestCounts[]>; log: Record<Kind, string[]> }> {
  const counts = Object.fromEntries(KINDS.map((k) => [k, [] as RequestCounts[]])) as Record<Kind, RequestCounts[]>;
  const log = Object.fromEntries(KINDS.map((k) => [k, [] as string[]])) as Record<Kind, string[]>;
  for (let i = 0; i < repeats; i++) {
    for (const step of roundOf(gh, ref)) {
      const delivery = step.delivery();
      const mark = gh.requests.length;
      const answer = await deliver(service.webhookUrl, delivery);
      if (answer.status >= 300) throw new Error(`${service.name}: ${step.kind} answered ${answer.status}\n${service.output().slice(-2000)}`);
      await drained(gh, service);
      const requests = gh.requests.slice(mark);
      counts[step.kind].push(countRequests(requests));
      log[step.kind] = requests.map(
        (r) => `${r.method} ${r.path}${Object.keys(r.query).length ? `?${new URLSearchParams(r.query).toString()}` : ""} ${r.status ?? "-"}`,
      );
    }
  }
  return { counts, log };
}

interface LaneSample {
  answeredMs: number[];
  nonOk: number;
  /** Every synchronize sent, in order per lane. */
  syncs: { lane: number; headSha: string; sentAt: number }[];
}

/** One sender: `rounds` rounds of the mix on its PR, each delivery sent when the previous one is answered. */
async function lane(gh: GitHubState, service: Service, ref: IssueRef, index: number, rounds: number, sample: LaneSample): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    for (const step of roundOf(gh, ref)) {
      const delivery = step.delivery();
      const sentAt = performance.now();
      if (step.kind === "synchronize" && step.headSha) sample.syncs.push({ lane: index, headSha: step.headSha(), sentAt });
      const answer = await deliver(service.webhookUrl, delivery);
      sample.answeredMs.push(answer.ms);
      if (answer.status >= 300) sample.nonOk++;
    }
  }
}

/** Runs `rounds` rounds on every lane at once; returns what the lanes saw and the wall time. */
async function loadLanes(
  gh: GitHubState,
  service: Service,
  lanes: IssueRef[],
  rounds: number,
): Promise<LaneSample & { startedAt: number; answeredAt: number }> {
  const sample: LaneSample = { answeredMs: [], nonOk: 0, syncs: [] };
  const startedAt = performance.now();
  await Promise.all(lanes.map((ref, i) => lane(gh, service, ref, i, rounds, sample)));
  return { ...sample, startedAt, answeredAt: performance.now() };
}

/** The synchronize → check times (call once the service is drained): superseded heads counted apart. */
function checkTimes(watcher: CheckWatcher, repo: string, syncs: LaneSample["syncs"]): { times: number[]; superseded: number; missing: number } {
  const times: number[] = [];
  let superseded = 0;
  let missing = 0;
  syncs.forEach((s, i) => {
    const at = watcher.firstCheckAt(repo, s.headSha);
    if (at !== undefined) times.push(at - s.sentAt);
    else if (syncs.slice(i + 1).some((later) => later.lane === s.lane)) superseded++;
    else missing++;
  });
  return { times, superseded, missing };
}

export async function runScenario(
  gh: GitHubState,
  watcher: CheckWatcher,
  service: Service,
  prs: { counting: IssueRef; lanes: IssueRef[] },
  profile: Profile,
): Promise<TargetResult> {
  // Warm-up (unmeasured): every PR opened, the counting one brought through each kind once, one load round.
  for (const ref of [prs.counting, ...prs.lanes]) await deliver(service.webhookUrl, opened(gh, ref));
  await countPerKind(gh, service, prs.counting, 1);
  await loadLanes(gh, service, prs.lanes, 1);
  await drained(gh, service);
  // The app reconciles open PRs 5 s after it is up (src/app.ts; the timer starts when the app is loaded,
  // about when it first answers /ping): its list reads must not be counted as an event's. The bare app has no
  // such pass; waiting costs it nothing.
  const reconciledAt = service.spawnedAt + service.startMs + STARTUP_RECONCILE_MS + 1_000;
  if (performance.now() < reconciledAt) await new Promise((r) => setTimeout(r, reconciledAt - performance.now()));
  await drained(gh, service);

  const { counts: requests, log: requestLog } = await countPerKind(gh, service, prs.counting, profile.countRepeats);

  const repo = prs.lanes[0]?.repo ?? "";
  const cpuBefore = cpuMs(service.pid);
  const load = await loadLanes(gh, service, prs.lanes, profile.rounds);
  await drained(gh, service);
  const cpuAfter = cpuMs(service.pid);
  const checks = checkTimes(watcher, repo, load.syncs);
  const doneAt = Math.max(load.answeredAt, watcher.lastRequestAt(repo) ?? 0);
  const deliveries = load.answeredMs.length;
  return {
    name: service.name,
    startMs: service.startMs,
    deliveries,
    nonOk: load.nonOk,
    answeredPerSec: deliveries / ((load.answeredAt - load.startedAt) / 1000),
    processedPerSec: deliveries / ((doneAt - load.startedAt) / 1000),
    answeredMs: { p50: percentile(load.answeredMs, 50), p99: percentile(load.answeredMs, 99) },
    checkMs: { p50: percentile(checks.times, 50), p99: percentile(checks.times, 99), superseded: checks.superseded, missing: checks.missing },
    cpuMsPerDelivery: (cpuAfter - cpuBefore) / deliveries,
    peakRssMiB: peakRssMiB(service.pid),
    requests,
    requestLog,
  };
}
