/** History rows for the pure tests: a relevant, passed merge unless told otherwise. */
import type { HistoryRow } from "../../../../src/reports/read-model.js";

let seq = 0;

/** A history row; `over` replaces fields. */
export function row(over: Partial<HistoryRow> = {}): HistoryRow {
  seq += 1;
  return {
    repo: "acme/app",
    pr: seq,
    title: `PR ${seq}`,
    author: "dev",
    mergedAt: "2026-03-10T12:00:00.000Z",
    mergedBy: "dev",
    mergeSha: "m".repeat(40),
    headSha: "h".repeat(40),
    relevant: true,
    risk: null,
    hazards: [],
    requiredRoles: [],
    signOffs: [],
    bypass: null,
    timeline: undefined,
    seq,
    configSha: null,
    rules: [],
    gateState: "pass",
    files: [],
    moreFiles: 0,
    verification: null,
    heads: [],
    ...over,
  };
}

/** A hazard as recorded, rated `residual`. */
export function hazard(id: string, residual: number | null = 3) {
  return { id, title: `Hazard ${id}`, status: "open", initialRating: residual, residualRating: residual };
}

/** A sign-off in `role` by `actor`. */
export function signOff(role: string, actor = `${role}-person`) {
  return { role, actor, at: "2026-03-09T12:00:00.000Z", headSha: "h".repeat(40), meaning: `approval as ${role}` };
}
