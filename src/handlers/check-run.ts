import type { Context } from "probot";
import { openPullsAt } from "../github/commit-pulls.js";
import { runGate, type GateDeps } from "./gate.js";

/** "Re-run" on the check: evaluate every PR the check belongs to again. */
export async function onCheckRunRerequested(deps: GateDeps, context: Context<"check_run.rerequested">): Promise<void> {
  const { check_run: run, repository } = context.payload;
  const repo = { owner: repository.owner.login, repo: repository.name };
  // GitHub leaves `pull_requests` empty for a PR from a fork: find it by its head commit.
  const numbers = run.pull_requests.length > 0 ? run.pull_requests.map((p) => p.number) : await openPullsAt(context.octokit, repo, run.head_sha);
  for (const number of numbers) {
    await runGate(deps, context.octokit, {
      ref: { ...repo, number },
      defaultBranch: repository.default_branch,
      headSha: run.head_sha,
      event: { kind: "evaluate" },
      fresh: true,
      log: context.log,
    });
  }
}
