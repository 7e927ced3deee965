import type { Context } from "probot";
import { newCommands, parseCommands } from "../core/commands.js";
import { answerChanges } from "../core/checklist-boxes.js";
import { COMMENT_MARKER } from "../render/comment.js";
import { bypassTargetOf, isBypassReviewCommand, type BypassTarget } from "../core/bypass-review.js";
import { runGate, type GateDeps } from "./gate.js";
import { onReviewBypass } from "./review-bypass.js";

/**
 * Steps 4–6: a comment on a PR. An edit of the app's own comment by a person is someone ticking checklist
 * boxes: only the box states are read, as answers by whoever edited (and the comment is re-rendered whatever
 * else was edited: the view always shows the stored answers). Any other comment may carry commands
 * (`/safety …`); in an edit, only the commands the edit added count. Either way the core decides
 * (src/core/plan.ts); here the comment only becomes an event.
 */
export async function onIssueComment(deps: GateDeps, context: Context<"issue_comment.created" | "issue_comment.edited">): Promise<void> {
  const { payload } = context;
  const botLogin = await deps.botLogin();
  const actor = payload.sender.login;
  const { comment, repository } = payload;
  const at = payload.action === "edited" ? comment.updated_at : comment.created_at;
  const edit = payload.action === "edited" ? comment.updated_at : "created";
  const before = "changes" in payload ? (payload.changes.body?.from ?? "") : "";
  const written = payload.action === "edited" ? newCommands(before, comment.body) : parseCommands(comment.body);
  const isSticky = comment.user?.login === botLogin && comment.body.includes(COMMENT_MARKER);
  const reviews = isSticky ? [] : written.filter(isBypassReviewCommand);
  const review = (target: BypassTarget) =>
    onReviewBypass(deps, context.octokit, {
      owner: repository.owner.login,
      repo: repository.name,
      defaultBranch: repository.default_branch,
      writtenOn: payload.issue.number,
      target,
      actor,
      at,
      // Apart from the gate's own reply to the same comment (its marker names the comment alone).
      source: `review-bypass:${comment.id}:${edit}`,
      commands: reviews,
      botLogin,
      log: context.log,
    });
  if (!payload.issue.pull_request) {
    // A comment on an issue: only `/safety review-bypass` on a bypass issue the app opened counts there.
    if (reviews.length === 0 || payload.issue.user?.login !== botLogin) return;
    const target = bypassTargetOf(payload.issue.body ?? "", repository.full_name);
    if (target) await review(target);
    return;
  }
  if (reviews.length > 0) {
    await review({ kind: "pr", number: payload.issue.number });
    // Nothing else written: a review of a past bypass changes nothing of the gate's.
    if (reviews.length === written.length) return;
  }
  const ref = { owner: repository.owner.login, repo: repository.name, number: payload.issue.number };
  const run = { ref, defaultBranch: repository.default_branch, log: context.log };

  if (isSticky) {
    if (payload.action !== "edited") return;
    // Each tick is named by the comment and the edit, so a replayed or redelivered edit is applied once.
    const source = `boxes:${comment.id}:${comment.updated_at}`;
    await runGate(deps, context.octokit, {
      ...run,
      event: { kind: "boxes", actor, at: comment.updated_at, changes: answerChanges(before, comment.body), source },
    });
    return;
  }

  const commands = written.filter((c) => !isBypassReviewCommand(c));
  if (commands.length === 0) {
    // A comment without commands may still link or unlink hazards (HAZ-007 in its text): evaluate again.
    await runGate(deps, context.octokit, { ...run, event: { kind: "evaluate" } });
    return;
  }
  // Commands are named by what wrote them — this comment, as created or as edited then — never by the
  // delivery: the same comment brought back under another delivery id applies nothing twice.
  const source = `comment:${comment.id}:${edit}`;
  await runGate(deps, context.octokit, {
    ...run,
    extraActors: [actor],
    event: { kind: "commands", actor, at, commands, source },
    fresh: commands.some((c) => c.kind === "recheck"),
  });
}
