/**
 * Verification evidence of a merge (IEC 62304 §8.2.3): the other check runs and commit statuses on the
 * merged head, each judged passed, failing or without a result at merge, and the sentences that flag a change
 * merged while one was failing or missing. Pure.
 */
import type { VerificationCheck, VerificationEvidence } from "./evidence.js";

/** Check-run conclusions that do not fail (a skipped or neutral run verified nothing, but failed nothing). */
const PASSING_CONCLUSIONS = new Set(["success", "neutral", "skipped"]);

/** A check run as GitHub lists it, judged. */
export function checkRunEvidence(run: { name: string; app: string | null; status: string; conclusion: string | null }): VerificationCheck {
  if (run.status !== "completed" || run.conclusion === null) {
    return { kind: "check-run", name: run.name, app: run.app, result: run.status, verdict: "missing" };
  }
  return {
    kind: "check-run",
    name: run.name,
    app: run.app,
    result: run.conclusion,
    verdict: PASSING_CONCLUSIONS.has(run.conclusion) ? "ok" : "failing",
  };
}

/** A commit status (the latest of its context), judged. */
export function statusEvidence(status: { context: string; creator: string | null; state: string }): VerificationCheck {
  const verdict = status.state === "success" ? "ok" : status.state === "pending" ? "missing" : "failing";
  return { kind: "status", name: status.context, app: status.creator, result: status.state, verdict };
}

/**
 * What an auditor must notice about a merge's verification, one sentence each: a check failing or without
 * a result at merge, or checks that could not be read. Empty when every check passed. Null evidence (a record
 * written before merges kept their checks) says nothing: there is nothing to judge.
 */
export function verificationFlags(v: VerificationEvidence | undefined | null): string[] {
  if (v === undefined || v === null) return [];
  const flags: string[] = [];
  if (v.error !== null) flags.push(`the other checks on the merged head could not be read: ${v.error}`);
  for (const c of v.checks) {
    if (c.verdict === "failing") flags.push(`${c.name} was ${c.result} at merge`);
    else if (c.verdict === "missing") flags.push(`${c.name} had no result at merge (${c.result.replace(/_/g, " ")})`);
  }
  return flags;
}
