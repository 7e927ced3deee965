import type { Context } from "probot";
import { runGate, type GateDeps } from "./gate.js";

/** "Re-run" on the check: evaluate every PR the check belongs to again. */
export async function onCheckRunRerequested(deps: GateDeps, context: Context<"check_run.rerequested">): Promise<void> {
  const { check_run: run, repository } = context.payload;
  for (const pr of run.pull_requests) {
    await runGate(deps, context.octokit, {
      ref: { owner: repository.owner.login, repo: repository.name, number: pr.number },
      defaultBranch: repository.default_branch,
      headSha: run.head_sha,
      log: context.log,
    });
  }
}
