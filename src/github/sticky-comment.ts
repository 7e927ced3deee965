import type { PrComment } from "./conversation.js";
import type { Octokit, PrRef } from "./octokit.js";

/**
 * Finds the app's one comment by its hidden marker (not by the bot's login, which differs per installation
 * and on GitHub Enterprise) among comments already listed across all pages.
 */
export function findSticky(comments: readonly PrComment[], marker: string, botLogin: string): PrComment | undefined {
  return comments.find((c) => c.kind === "comment" && c.author === botLogin && c.body.includes(marker));
}

/**
 * Creates the sticky comment (`existingId` undefined) or updates it in place. The caller decides whether its
 * text changed (every edit notifies people and triggers an `issue_comment.edited` event).
 */
export async function upsertSticky(octokit: Octokit, ref: PrRef, existingId: number | undefined, body: string): Promise<number> {
  if (existingId !== undefined) {
    await octokit.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: existingId, body });
    return existingId;
  }
  const { data } = await octokit.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, body });
  return data.id;
}

/** Replies to a person (a refused command), so they learn why without opening the check. */
export async function reply(octokit: Octokit, ref: PrRef, body: string): Promise<void> {
  await octokit.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, body });
}
