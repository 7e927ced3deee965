import type { Context } from "probot";
import { runGate, type GateDeps } from "./gate.js";

/** The pull_request actions that can change the gate's answer. */
export const PULL_REQUEST_ACTIONS = ["opened", "reopened", "synchronize", "labeled", "unlabeled", "edited", "ready_for_review"] as const;

/**
 * Step 1: classify on every change to the PR (drafts included: the point is to start early). A push
 * (`synchronize`) needs nothing special here: sign-offs carry the SHA they were given on, so the evaluation
 * itself voids them.
 */
export async function onPullRequest(deps: GateDeps, context: Context<"pull_request">): Promise<void> {
  const { pull_request: pr, repository } = context.payload;
  await runGate(deps, context.octokit, {
    ref: { owner: repository.owner.login, repo: repository.name, number: pr.number },
    defaultBranch: repository.default_branch,
    headSha: pr.head.sha,
    // The payload's head, at the time GitHub updated the PR: a push the gate reads only after a later one
    // still shows in the head history.
    event: { kind: "evaluate", payloadHead: { sha: pr.head.sha, at: pr.updated_at } },
    log: context.log,
  });
}
