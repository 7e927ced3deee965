/**
 * `/safety review-bypass accept|revert <reason>`, written on a merged PR or on the bypass issue the app
 * opened: the CSO's retrospective decision joins the audit trail as a `bypass-review` record beside the
 * `bypass` it reviews, and the writer gets a reply — what was recorded, or why nothing was. The decision is
 * the core's (core/bypass-review.ts); here it is read, appended and answered. A redelivered comment finds
 * its record (by the command's source) and its reply (by the reply's marker) and does nothing twice.
 */
import type { Logger } from "probot";
import type { AuditRecord } from "../audit/record.js";
import { loadConfig } from "../config/load.js";
import { decideBypassReview, type BypassReviewData, type BypassTarget, BYPASS_REVIEWER_ROLE } from "../core/bypass-review.js";
import type { Command } from "../core/commands.js";
import { replyMarker } from "../core/plan.js";
import { rolesOf } from "../core/requirements.js";
import type { RoleDefinition } from "../core/types.js";
import { contentReader } from "../github/content.js";
import { teamsOf } from "../github/membership.js";
import type { Octokit } from "../github/octokit.js";
import { reply } from "../github/sticky-comment.js";
import { renderBypassReviewReply } from "../render/bypass-review-reply.js";
import { describeCommand, renderRefusalReply } from "../render/refusal-reply.js";
import type { GateDeps } from "./gate.js";

export interface ReviewBypassRun {
  owner: string;
  repo: string;
  defaultBranch: string;
  /** The PR or issue the comment was written on (where the reply goes). */
  writtenOn: number;
  target: BypassTarget;
  actor: string;
  at: string;
  /** Names the comment as created or edited, never the delivery. */
  source: string;
  /** `review-bypass` commands, and wrongly written ones (core/bypass-review.ts isBypassReviewCommand). */
  commands: readonly Command[];
  botLogin: string;
  log: Logger;
}

function reviewers(def: RoleDefinition | undefined): string {
  if (!def) return "none configured";
  const who = [...def.teams.map((t) => `team ${t}`), ...def.users.map((u) => `@${u}`)];
  return who.length > 0 ? who.join(", ") : "none configured";
}

const what = (t: BypassTarget) => (t.kind === "pr" ? `#${t.number}` : `the push of \`${t.sha.slice(0, 7)}\``);

/** Records the reviews (one at a time, under the lock of the PR or issue written on) and replies once. */
export async function onReviewBypass(deps: GateDeps, octokit: Octokit, run: ReviewBypassRun): Promise<void> {
  const repo = `${run.owner}/${run.repo}`;
  await deps.store.withPrLock({ repo, number: run.writtenOn }, async () => {
    const loaded = await loadConfig(contentReader(octokit), { owner: run.owner, repo: run.repo, defaultBranch: run.defaultBranch });
    const records: AuditRecord[] = [];
    for await (const r of deps.audit.stream(run.target.kind === "pr" ? { repo, pr: run.target.number } : { repo })) {
      if (run.target.kind === "pr" || r.pr === null) records.push(r);
    }
    const parts: string[] = [];
    const refusals: string[] = [];
    if (loaded.state !== "ok") {
      refusals.push(
        ...run.commands.map(
          (c) =>
            `\`${describeCommand(c)}\` was refused: the configuration is ${loaded.state}, so who holds the ${BYPASS_REVIEWER_ROLE} role cannot be told.`,
        ),
      );
    } else {
      const roles = loaded.config.roles;
      const held = rolesOf(roles, run.actor, await teamsOf(octokit, run.owner, run.actor, roles, deps.memberships));
      for (const [index, command] of run.commands.entries()) {
        const decision = decideBypassReview(command, {
          actor: run.actor,
          at: run.at,
          held,
          reviewers: reviewers(roles[BYPASS_REVIEWER_ROLE]),
          target: run.target,
          records,
          source: `${run.source}#${index}`,
          writtenOn: run.writtenOn,
        });
        if ("refuse" in decision) {
          refusals.push(`\`${describeCommand(command)}\` was refused: ${decision.refuse}.`);
          continue;
        }
        let review: BypassReviewData & { at: string };
        if ("record" in decision) {
          const input = { kind: "bypass-review" as const, repo, configSha: loaded.sha ?? null, ...decision.record };
          const appended = await deps.audit.append(input);
          records.push(appended);
          review = { ...decision.record.data, at: decision.record.at };
        } else {
          review = decision.recorded;
        }
        parts.push(renderBypassReviewReply(run.actor, review, what(run.target)));
      }
    }
    if (refusals.length > 0) parts.push(renderRefusalReply(run.actor, refusals));
    if (parts.length === 0) return;
    const marker = replyMarker(run.source);
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: run.owner,
      repo: run.repo,
      issue_number: run.writtenOn,
      per_page: 100,
    });
    if (comments.some((c) => c.user?.login === run.botLogin && (c.body ?? "").includes(marker))) return;
    await reply(octokit, { owner: run.owner, repo: run.repo, number: run.writtenOn }, `${parts.join("\n\n")}\n\n${marker}`);
  });
}
