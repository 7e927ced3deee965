import type { Context } from "probot";
import { parseCommands } from "../core/commands.js";
import { applyCommands } from "./apply-commands.js";
import { runGate, type GateDeps } from "./gate.js";

/**
 * Commands in a review body. A review names the commit it was made on, so a sign-off in a review is recorded
 * on exactly that SHA (if the PR moved on since, the sign-off is already void).
 */
export async function onReviewSubmitted(deps: GateDeps, context: Context<"pull_request_review.submitted">): Promise<void> {
  const { review, pull_request: pr, repository } = context.payload;
  const commands = parseCommands(review.body);
  const actor = review.user?.login ?? context.payload.sender.login;
  await runGate(deps, context.octokit, {
    ref: { owner: repository.owner.login, repo: repository.name, number: pr.number },
    defaultBranch: repository.default_branch,
    headSha: pr.head.sha,
    extraActors: commands.length > 0 ? [actor] : [],
    log: context.log,
    apply: async (g) => {
      if (commands.length === 0) return false;
      const reviewedSha = review.commit_id;
      // Decide against the head the reviewer saw; facts get that SHA.
      const view = reviewedSha && reviewedSha !== g.pr.headSha ? { ...g, pr: { ...g.pr, headSha: reviewedSha } } : g;
      const changed = await applyCommands(context.octokit, deps.store, view, commands, actor, review.submitted_at ?? new Date().toISOString(), context.id);
      g.facts = view.facts;
      return changed;
    },
  });
}
