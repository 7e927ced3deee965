import type { Context } from "probot";
import { parseCommands } from "../core/commands.js";
import { runGate, type GateDeps } from "./gate.js";

/**
 * Commands in a review body. A review names the commit it was made on, so a sign-off in a review is recorded
 * on exactly that SHA (if the PR moved on since, the sign-off is already void).
 */
export async function onReviewSubmitted(deps: GateDeps, context: Context<"pull_request_review.submitted">): Promise<void> {
  const { review, pull_request: pr, repository } = context.payload;
  const commands = parseCommands(review.body);
  const actor = review.user?.login ?? context.payload.sender.login;
  const run = {
    ref: { owner: repository.owner.login, repo: repository.name, number: pr.number },
    defaultBranch: repository.default_branch,
    headSha: pr.head.sha,
    log: context.log,
  };
  if (commands.length === 0) {
    await runGate(deps, context.octokit, { ...run, event: { kind: "evaluate" } });
    return;
  }
  const at = review.submitted_at ?? new Date().toISOString();
  await runGate(deps, context.octokit, {
    ...run,
    extraActors: [actor],
    event: { kind: "commands", actor, at, commands, source: `review:${review.id}`, ...(review.commit_id ? { commit: review.commit_id } : {}) },
  });
}
