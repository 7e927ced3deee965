/**
 * What bench/server.ts prints and writes: the side-by-side table (app | bare Probot | ratio), the targets
 * with met / not met, and the whole result as JSON with the machine it ran on.
 */
import type { MicroResult } from "./micro.js";
import type { TargetResult } from "./scenario.js";
import { KINDS, type Kind, type RequestCounts } from "./traffic.js";

export interface RunInfo {
  date: string;
  profile: string;
  throttling: string;
  machine: { cpus: number; cpuModel: string; memGiB: number; node: string; platform: string; loadavgBefore: number[]; loadavgAfter: number[] };
  /** Anything that makes this run's figures less trustworthy (stale build, failed deliveries, …). */
  warnings: string[];
}

export interface Target {
  what: string;
  measured: string;
  met: boolean | undefined;
}

const KIND_LABEL: Record<Kind, string> = {
  synchronize: "synchronize (new head)",
  labeled: "unrelated `labeled`",
  comment: "plain comment",
  recheck: "`/safety recheck`",
  redelivery: "redelivery (same delivery id)",
};

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const ratio = (a: number, b: number) => (Number.isFinite(a / b) && b > 0 ? `${(a / b).toFixed(2)}×` : "–");

/** The worst of the repeats (they normally agree; a spread is shown). */
function worst(counts: RequestCounts[]): RequestCounts {
  const keys = ["reads", "notModified", "writes", "auth", "notFound", "errors"] as const;
  return Object.fromEntries(keys.map((k) => [k, Math.max(0, ...counts.map((c) => c[k]))])) as unknown as RequestCounts;
}

function formatCounts(counts: RequestCounts[]): string {
  const w = worst(counts);
  const varies = counts.some((c) => c.reads !== w.reads || c.writes !== w.writes);
  let text = `${w.reads} r + ${w.writes} w`;
  if (w.notModified > 0) text += ` + ${w.notModified}×304`;
  if (w.auth > 0) text += ` + ${w.auth} token`;
  if (w.notFound > 0) text += ` (${w.notFound} of them 404)`;
  if (w.errors > 0) text += ` (${w.errors} errors ≥ 400)`;
  if (varies) text += ` (varies: ${counts.map((c) => `${c.reads}r+${c.writes}w`).join(", ")})`;
  return text;
}

/** The rows of the side-by-side table for one result: [metric, value, number-for-ratio | undefined]. */
function rows(r: TargetResult): [string, string, number | undefined][] {
  return [
    ["start-up, empty storage: spawn → `GET /ping` answered (ms)", fmt(r.startMs), r.startMs],
    ["restart on existing storage: spawn → `GET /ping` answered (ms)", fmt(r.restartMs ?? NaN), r.restartMs],
    [`deliveries answered per second, 8 concurrent senders (${r.deliveries} deliveries)`, fmt(r.answeredPerSec, 1), r.answeredPerSec],
    ["deliveries processed per second (first sent → last GitHub request)", fmt(r.processedPerSec, 1), r.processedPerSec],
    ["webhook answered p50 (ms)", fmt(r.answeredMs.p50, 1), r.answeredMs.p50],
    ["webhook answered p99 (ms)", fmt(r.answeredMs.p99, 1), r.answeredMs.p99],
    ["synchronize → check run at GitHub p50 (ms)", fmt(r.checkMs.p50, 1), r.checkMs.p50],
    ["synchronize → check run at GitHub p99 (ms)", fmt(r.checkMs.p99, 1), r.checkMs.p99],
    ["heads pushed over before they got a check / lanes' last heads never checked", `${r.checkMs.superseded} / ${r.checkMs.missing}`, undefined],
    ["CPU per delivery (ms, user + system)", fmt(r.cpuMsPerDelivery, 1), r.cpuMsPerDelivery],
    ["peak RSS (MiB)", fmt(r.peakRssMiB), r.peakRssMiB],
    ...KINDS.map((k): [string, string, number | undefined] => [`GitHub requests: ${KIND_LABEL[k]}`, formatCounts(r.requests[k]), undefined]),
  ];
}

/** metric | app | bare Probot | ratio [| app on PostgreSQL | ratio] */
export function sideBySide(app: TargetResult, bare: TargetResult, pg?: TargetResult): string {
  const a = rows(app);
  const b = rows(bare);
  const p = pg ? rows(pg) : undefined;
  const head = pg ? "| metric | app (PGlite) | bare Probot | ratio | app (PostgreSQL) | ratio |" : "| metric | app | bare Probot | ratio |";
  const rule = pg ? "| --- | ---: | ---: | ---: | ---: | ---: |" : "| --- | ---: | ---: | ---: |";
  const lines = a.map(([metric, value, n], i) => {
    const [, bareValue, bn] = b[i] as [string, string, number | undefined];
    const cells = [metric, value, bareValue, n !== undefined && bn !== undefined ? ratio(n, bn) : ""];
    if (p) {
      const [, pgValue, pn] = p[i] as [string, string, number | undefined];
      cells.push(pgValue, pn !== undefined && bn !== undefined ? ratio(pn, bn) : "");
    }
    return `| ${cells.join(" | ")} |`;
  });
  return [head, rule, ...lines].join("\n");
}

/** The targets of docs/performance.md, judged on this run (the app on PGlite against the bare app). */
export function judgeTargets(app: TargetResult, bare: TargetResult, micro: MicroResult): Target[] {
  const sync = worst(app.requests.synchronize);
  const labeled = worst(app.requests.labeled);
  const comment = worst(app.requests.comment);
  const redelivery = worst(app.requests.redelivery);
  const redeliveryTotal = redelivery.reads + redelivery.notModified + redelivery.writes + redelivery.auth;
  const within = (a: number, b: number) => `${fmt(a, 1)} vs ${fmt(b, 1)} (${ratio(a, b)})`;
  return [
    { what: "synchronize: ≤ 3 non-304 reads + 1 write", measured: formatCounts(app.requests.synchronize), met: sync.reads <= 3 && sync.writes <= 1 },
    { what: "unrelated `labeled`: 0 writes", measured: formatCounts(app.requests.labeled), met: labeled.writes === 0 },
    { what: "plain comment: 0 writes", measured: formatCounts(app.requests.comment), met: comment.writes === 0 },
    { what: "redelivery of a processed delivery: 0 requests", measured: formatCounts(app.requests.redelivery), met: redeliveryTotal === 0 },
    {
      what: "CPU per delivery ≤ 2× bare (ms)",
      measured: within(app.cpuMsPerDelivery, bare.cpuMsPerDelivery),
      met: app.cpuMsPerDelivery <= 2 * bare.cpuMsPerDelivery,
    },
    {
      what: "webhook answered p50 ≤ 2× bare (ms)",
      measured: within(app.answeredMs.p50, bare.answeredMs.p50),
      met: app.answeredMs.p50 <= 2 * bare.answeredMs.p50,
    },
    {
      what: "webhook answered p99 ≤ 2× bare (ms)",
      measured: within(app.answeredMs.p99, bare.answeredMs.p99),
      met: app.answeredMs.p99 <= 2 * bare.answeredMs.p99,
    },
    {
      what: "start-up ≤ 2 s (empty storage / restart)",
      measured: `${fmt(app.startMs)} ms / ${fmt(app.restartMs ?? NaN)} ms`,
      met: app.startMs <= 2000 && (app.restartMs ?? Infinity) <= 2000,
    },
    { what: "classify 3,000 paths × 200 rules ≤ 5 ms (median)", measured: `${fmt(micro.classifyMs, 1)} ms`, met: micro.classifyMs <= 5 },
    {
      what: "lint a 2,000-hazard log ≤ 50 ms (median)",
      measured: `${fmt(micro.lintMs, 1)} ms (${micro.lintHazards} hazards read, ${micro.lintProblems} problems)`,
      met: micro.lintHazards === 2000 ? micro.lintMs <= 50 : undefined,
    },
  ];
}

export function targetsTable(targets: Target[]): string {
  const mark = (met: boolean | undefined) => (met === undefined ? "not measured" : met ? "met" : "**not met**");
  return ["| target | measured | today |", "| --- | --- | --- |", ...targets.map((t) => `| ${t.what} | ${t.measured} | ${mark(t.met)} |`)].join("\n");
}

export function header(info: RunInfo): string {
  const m = info.machine;
  const lines = [
    `${info.date} · profile ${info.profile} · ${m.cpus} × ${m.cpuModel}, ${m.memGiB} GiB · Node ${m.node} · Octokit throttling ${info.throttling}`,
    `load average before ${m.loadavgBefore.map((l) => l.toFixed(2)).join(" ")}, after ${m.loadavgAfter.map((l) => l.toFixed(2)).join(" ")}`,
  ];
  for (const w of info.warnings) lines.push(`WARNING: ${w}`);
  return lines.join("\n");
}
