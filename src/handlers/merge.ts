import type { Context } from "probot";
import { mergeData, mergeMatters, mergePassed } from "../audit/merge-evidence.js";
import { errorEvaluation } from "../core/evaluate.js";
import type { Evaluation } from "../core/types.js";
import type { PrRef } from "../github/octokit.js";
import { unreadSnapshot } from "../github/pull-request.js";
import { decide, type Snapshot } from "../core/plan.js";
import { prRecords, readSnapshot } from "./read-snapshot.js";
import { safeError, type GateDeps } from "./gate.js";
import { auditUrl, describeFailure } from "./publish.js";
import { reportBypass } from "./report-bypass.js";

/**
 * Step 9: a merged PR. The gate is evaluated once more at the merged head and the merge is recorded with the
 * full evidence. A merge whose head had no passing gate (an admin merge, a check that was not required, a
 * gate that could not evaluate) is a bypass: labelled, reported in an issue to the CSO, and recorded.
 */
export async function onMerged(deps: GateDeps, context: Context<"pull_request.closed">): Promise<void> {
  const { pull_request: pr, repository } = context.payload;
  if (!pr.merged) return;
  const ref = { owner: repository.owner.login, repo: repository.name, number: pr.number };
  await deps.store.withPrLock({ repo: `${ref.owner}/${ref.repo}`, number: ref.number }, () => recordMerge(deps, context, ref));
}

async function recordMerge(deps: GateDeps, context: Context<"pull_request.closed">, ref: PrRef): Promise<void> {
  const { pull_request: pr, repository, sender } = context.payload;
  const botLogin = await deps.botLogin();
  let snapshot: Snapshot | undefined;
  let e: Evaluation;
  try {
    // The same read and decision as any event; of its plan only the records are kept: the PR is closed, its
    // comment and check stay as they were.
    snapshot = await readSnapshot(context.octokit, deps, ref, { defaultBranch: repository.default_branch, botLogin });
    const plan = decide(snapshot, { kind: "evaluate" });
    e = plan.evaluation;
    await deps.audit.appendAll(plan.records);
  } catch (error) {
    // The merge happened whatever went wrong here; unable to show it passed, the gate records a bypass.
    context.log.error({ err: safeError(error), pr: ref.number }, "could not evaluate the merged head");
    e = errorEvaluation(
      unreadSnapshot(ref, pr.head.sha, { title: pr.title, author: pr.user.login, baseRef: pr.base.ref }),
      [describeFailure(error)],
    );
  }
  if (!mergeMatters(e)) return;

  const repo = `${ref.owner}/${ref.repo}`;
  const previous = await prRecords(deps.audit, repo, ref.number);
  const configSha = snapshot && snapshot.config.state !== "missing" ? (snapshot.config.sha ?? null) : null;
  const mergedAt = pr.merged_at ?? deps.now().toISOString();
  const mergedBy = pr.merged_by?.login ?? sender.login;
  const data = mergeData(e, previous, { openedAt: pr.created_at, mergedAt, mergedBy, mergeSha: pr.merge_commit_sha ?? null, baseRef: pr.base.ref });
  // Processed again (a retry after the bypass report failed, a redelivery under another id): recorded once.
  const recorded = previous.some((r) => r.kind === "merge" && r.data.mergeSha === data.mergeSha && r.data.mergedAt === data.mergedAt);
  if (!recorded) await deps.audit.append({ kind: "merge", actor: mergedBy, at: mergedAt, repo, pr: ref.number, headSha: e.headSha, configSha, data });
  if (mergePassed(e)) return;

  context.log.warn({ repo, pr: ref.number, state: e.state }, "clinical safety bypass: merged without a passing gate");
  const url = auditUrl(ref, deps.publish);
  try {
    await reportBypass(
      deps,
      context.octokit,
      {
        repo: { owner: ref.owner, repo: ref.repo },
        pr: { number: ref.number, title: pr.title, mergedBy, headSha: e.headSha },
        detail: e.headline,
        files: [],
        rules: data.rules,
        cso: snapshot?.config.state === "ok" ? snapshot.config.config.roles.cso : undefined,
        ...(url === undefined ? {} : { auditUrl: url }),
      },
      {
        actor: mergedBy,
        at: mergedAt,
        headSha: e.headSha,
        configSha,
        data: { title: pr.title, reason: "merged-without-passing-gate", detail: e.headline, files: [], rules: data.rules, before: null, after: pr.merge_commit_sha ?? null },
      },
    );
  } catch (error) {
    context.log.error({ err: safeError(error), repo, pr: ref.number }, "could not label or report the bypass (it is recorded)");
    throw error;
  }
}
