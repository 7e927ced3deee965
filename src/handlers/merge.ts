import type { Context } from "probot";
import type { VerificationEvidence } from "../audit/evidence.js";
import { hazardLogVersion } from "../audit/hazard-log-version.js";
import { mergeOutcome, withHazardLogVersion } from "../audit/merge-evidence.js";
import { errorEvaluation } from "../core/evaluate.js";
import { decide } from "../core/plan.js";
import type { PrRef } from "../github/octokit.js";
import { readHeadChecks } from "../github/head-checks.js";
import { unreadSnapshot } from "../github/pull-request.js";
import { safeError, type GateDeps } from "./gate.js";
import { auditUrl, describeFailure } from "./publish.js";
import { prRecords, readSnapshot } from "./read-snapshot.js";
import { reportBypass } from "./report-bypass.js";
import { writePlan } from "./write-plan.js";

/**
 * Step 9: a merged PR, through the same pipeline as any event: read → decide (the `merged` event: the
 * evaluation at the merged head, the merge record with its evidence, a bypass when that head had no passing
 * gate) → write (the records, then the bypass report). If the PR cannot even be read, the merge happened
 * all the same: unable to show it passed, the gate records it as a bypass. Every merge into a protected base
 * is recorded, clinically relevant or not, with the other checks on its merged head (reads only: a merge
 * writes nothing to GitHub unless it is a bypass).
 */
export async function onMerged(deps: GateDeps, context: Context<"pull_request.closed">): Promise<void> {
  const { pull_request: pr, repository } = context.payload;
  if (!pr.merged) return;
  const ref = { owner: repository.owner.login, repo: repository.name, number: pr.number };
  await deps.store.withPrLock({ repo: `${ref.owner}/${ref.repo}`, number: ref.number }, () => recordMerge(deps, context, ref));
}

async function recordMerge(deps: GateDeps, context: Context<"pull_request.closed">, ref: PrRef): Promise<void> {
  const { pull_request: pr, repository, sender } = context.payload;
  const merge = {
    openedAt: pr.created_at,
    mergedAt: pr.merged_at ?? deps.now().toISOString(),
    mergedBy: pr.merged_by?.login ?? sender.login,
    mergeSha: pr.merge_commit_sha ?? null,
    baseRef: pr.base.ref,
    verification: await verification(deps, context, ref, pr.head.sha),
  };
  const url = auditUrl(ref, deps.publish);
  let read = false;
  try {
    const botLogin = await deps.botLogin();
    const snapshot = await readSnapshot(context.octokit, deps, ref, {
      defaultBranch: repository.default_branch,
      botLogin,
      ...(url === undefined ? {} : { auditUrl: url }),
      // The base branch already holds the merge: the log is compared where the PR branched from its base commit.
      baseSha: pr.base.sha,
    });
    read = true;
    const decided = decide(snapshot, { kind: "merged", merge });
    // Which version of the hazard log the merge brought in, and what it changed: from the reader's reads.
    const version = snapshot.hazardLogDiff && snapshot.hazardLogSides ? hazardLogVersion(snapshot.hazardLogDiff, snapshot.hazardLogSides) : undefined;
    const plan = { ...decided, records: withHazardLogVersion(decided.records, version) };
    if (plan.bypass) context.log.warn({ pr: ref.number, state: plan.evaluation.state }, "clinical safety bypass: merged without a passing gate");
    await writePlan(context.octokit, deps, ref, plan, context.log);
  } catch (error) {
    if (read) {
      context.log.error({ err: safeError(error), pr: ref.number }, "could not record or report the merge");
      throw error;
    }
    // The merge happened whatever went wrong here; unable to show it passed, the gate records a bypass.
    context.log.error({ err: safeError(error), pr: ref.number }, "could not evaluate the merged head");
    const e = errorEvaluation(unreadSnapshot(ref, pr.head.sha, { title: pr.title, author: pr.user.login, baseRef: pr.base.ref }), [
      describeFailure(error),
    ]);
    const previous = await prRecords(deps.audit, `${ref.owner}/${ref.repo}`, ref.number);
    const outcome = mergeOutcome(
      e,
      previous,
      { ...merge, title: pr.title },
      {
        owner: ref.owner,
        repo: ref.repo,
        pr: ref.number,
        configSha: null,
        cso: undefined,
        ...(url === undefined ? {} : { auditUrl: url }),
      },
    );
    await deps.audit.appendAll(outcome.records);
    if (outcome.bypass) await reportBypass(deps, context.octokit, outcome.bypass.report, outcome.bypass.record);
  }
}

/**
 * The other checks on the merged head, as evidence of verification. Reading them cannot undo the merge, nor
 * turn it into a bypass: a failure is kept in the record as the reason they are missing, and flagged there.
 */
async function verification(deps: GateDeps, context: Context<"pull_request.closed">, ref: PrRef, headSha: string): Promise<VerificationEvidence> {
  try {
    const slug = (await deps.botLogin()).replace(/\[bot\]$/, "");
    return { checks: await readHeadChecks(context.octokit, { owner: ref.owner, repo: ref.repo }, headSha, slug), error: null };
  } catch (error) {
    context.log.error({ err: safeError(error), pr: ref.number }, "could not read the other checks on the merged head");
    const status = (error as { status?: unknown } | null)?.status;
    return { checks: [], error: typeof status === "number" ? `GitHub answered HTTP ${status}` : "the request failed" };
  }
}
