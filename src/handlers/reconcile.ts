/**
 * Reconcile: catch up with what no delivery told the gate (a delivery GitHub failed to send, one parked
 * after its last attempt, a webhook answered while storage was down). At start-up and on a schedule, every
 * open PR of every installation whose head the trail has not seen is evaluated again, through the same
 * pipeline as any event. GitHub's limits: the listings are conditional requests (a 304 costs nothing), and
 * one run evaluates at most `maxEvaluations` PRs, the rest waiting for the next run.
 */
import type { Logger, Probot } from "probot";
import { headObservations } from "../audit/heads.js";
import { runGate, safeError, type GateDeps } from "./gate.js";
import { prRecords } from "./read-snapshot.js";

export interface ReconcileResult {
  /** Open PRs looked at. */
  checked: number;
  /** Of them, evaluated again (their head was not in the trail). */
  evaluated: number;
  /** Evaluations that failed (each already left a failing check). */
  failed: number;
}

export async function reconcile(app: Probot, deps: GateDeps, log: Logger, opts: { maxEvaluations?: number } = {}): Promise<ReconcileResult> {
  const max = opts.maxEvaluations ?? 50;
  const result: ReconcileResult = { checked: 0, evaluated: 0, failed: 0 };
  const appOctokit = await app.auth();
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
  for (const installation of installations) {
    const octokit = await app.auth(installation.id);
    const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
    for (const repo of repos) {
      const open = await octokit.paginate(octokit.rest.pulls.list, { owner: repo.owner.login, repo: repo.name, state: "open", per_page: 100 });
      for (const pr of open) {
        result.checked += 1;
        const records = await prRecords(deps.audit, repo.full_name, pr.number);
        if (headObservations(records).at(-1)?.sha === pr.head.sha) continue;
        if (result.evaluated >= max) return result;
        result.evaluated += 1;
        log.info({ repo: repo.full_name, pr: pr.number, head: pr.head.sha }, "reconcile: a head the trail has not seen; evaluating");
        try {
          await runGate(deps, octokit, {
            ref: { owner: repo.owner.login, repo: repo.name, number: pr.number },
            defaultBranch: repo.default_branch,
            headSha: pr.head.sha,
            event: { kind: "evaluate", payloadHead: { sha: pr.head.sha, at: pr.updated_at } },
            log,
          });
        } catch (error) {
          result.failed += 1;
          log.error({ err: safeError(error), repo: repo.full_name, pr: pr.number }, "reconcile: evaluation failed");
        }
      }
    }
  }
  return result;
}
