import type { Context } from "probot";
import { newCommands, parseCommands } from "../core/commands.js";
import { answerChanges } from "../core/checklist-boxes.js";
import type { Fact } from "../core/types.js";
import { COMMENT_MARKER } from "../render/comment.js";
import { applyCommands } from "./apply-commands.js";
import { headSince, runGate, type GateDeps } from "./gate.js";

/**
 * Steps 4–6: a comment on a PR. An edit of the app's own comment by a person is someone ticking checklist
 * boxes: only the box states are read, as answers by whoever edited. Any other comment may carry commands
 * (`/safety …`); in an edit, only the commands the edit added count.
 */
export async function onIssueComment(deps: GateDeps, context: Context<"issue_comment.created" | "issue_comment.edited">): Promise<void> {
  const { payload } = context;
  if (!payload.issue.pull_request) return; // a comment on an issue, not a PR
  const botLogin = await deps.botLogin();
  const actor = payload.sender.login;
  const { comment, repository } = payload;
  const isSticky = comment.user?.login === botLogin && comment.body.includes(COMMENT_MARKER);
  const ref = { owner: repository.owner.login, repo: repository.name, number: payload.issue.number };

  if (isSticky) {
    if (payload.action !== "edited") return;
    const from = "changes" in payload ? (payload.changes.body?.from ?? "") : "";
    const changes = answerChanges(from, comment.body);
    await runGate(deps, context.octokit, {
      ref,
      defaultBranch: repository.default_branch,
      log: context.log,
      // The comment is re-rendered whatever was edited: the view always shows the stored answers.
      apply: async (g, before) => {
        const asked = new Set(before.checklist.map((c) => c.question.id));
        // Each tick names its delivery, so a replayed or redelivered edit is not applied twice.
        const facts: Fact[] = changes
          .filter((c) => asked.has(c.questionId))
          .map((c): Fact => ({
            kind: "answer",
            questionId: c.questionId,
            answer: c.answer,
            via: "checkbox",
            actor,
            at: comment.updated_at,
            headSha: g.pr.headSha,
            source: `${context.id}#box:${c.questionId}`,
          }))
          .filter((f) => !g.facts.some((known) => known.source === f.source));
        if (facts.length === 0) return false;
        await deps.store.append({ repo: `${ref.owner}/${ref.repo}`, number: ref.number }, facts);
        return true;
      },
    });
    return;
  }

  const commands =
    payload.action === "edited" ? newCommands("changes" in payload ? payload.changes.body?.from : "", comment.body) : parseCommands(comment.body);
  // A comment without commands may still link or unlink hazards (HAZ-007 in its text): evaluate again.
  const at = payload.action === "edited" ? comment.updated_at : comment.created_at;
  await runGate(deps, context.octokit, {
    ref,
    defaultBranch: repository.default_branch,
    extraActors: commands.length > 0 ? [actor] : [],
    log: context.log,
    apply: async (g) => {
      if (commands.length === 0) return false;
      // A comment does not say which commit it was written about: it counts for the current head only if
      // that head has been the head, without a break, since before it was written (core/head-history.ts).
      const headSeenAt = await headSince(deps, ref, g.pr.headSha);
      return applyCommands(context.octokit, deps.store, g, commands, actor, at, context.id, headSeenAt);
    },
  });
}
