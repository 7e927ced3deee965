import { anchoredIdPattern } from "../hazards/id-pattern.js";
import type { Command } from "./commands.js";
import { requiresReauthentication } from "./strong-signing.js";
import type { Evaluation, Fact, GateConfig, SignOffMethod } from "./types.js";

/**
 * A command's outcome: facts to append (possibly none, e.g. `recheck`), or a refusal with the reason.
 * `signOnPage`: a sign-off that would be accepted, for a role that signs on the audit page after a fresh
 * sign-in (`sign_off.reauthenticate`): nothing is recorded, the reply links to the page.
 */
export type Decision = { accept: Fact[]; note?: string; signOnPage?: { role: string } } | { refuse: string };

export interface CommandContext {
  config: GateConfig;
  /** The evaluation of the PR just before the command. */
  evaluation: Evaluation;
  rolesOf: (login: string) => readonly string[];
  actor: string;
  /** When the person wrote the command. */
  at: string;
  /**
   * Since when the PR's current head has been its head without a break (core/head-history.ts). A sign-off
   * written before then was written about another commit (a push raced the comment, or the branch was
   * force-pushed back to an older commit): it must not approve a commit its signer has not seen. Absent when
   * the command names its commit itself (a review does).
   */
  headSeenAt?: string;
  /** How a sign-off is being given: `comment` (default, a command) or `audit-page` (strong signing). */
  method?: SignOffMethod;
}

const short = (sha: string) => sha.slice(0, 7);
const list = (xs: readonly string[]) => xs.join(", ");

function describeRole(config: GateConfig, role: string): string {
  const def = config.roles[role];
  if (!def) return role;
  const who = [...def.teams.map((t) => `team ${t}`), ...def.users.map((u) => `@${u}`)];
  return `${role} (${list(who)})`;
}

function decideSignOff(cmd: Extract<Command, { kind: "sign-off" }>, ctx: CommandContext): Decision {
  const { config, evaluation: e, actor } = ctx;
  if (e.state === "error") return { refuse: "the gate cannot evaluate this PR right now (see the check run); fix that first" };
  if (e.state === "not-relevant") return { refuse: "this PR has no clinical impact detected, so it needs no sign-off" };
  if (actor.toLowerCase() === e.pr.author.toLowerCase() && !config.sign_off.author_may_sign) {
    return { refuse: "you opened this pull request; for segregation of duties someone else must sign it off (`sign_off.author_may_sign` is false)" };
  }
  const required = e.requiredRoles.map((r) => r.role);
  const held = ctx.rolesOf(actor);
  let role = cmd.role;
  if (role !== undefined) {
    if (!config.roles[role]) return { refuse: `there is no role \`${role}\`; roles are ${list(Object.keys(config.roles))}` };
    if (!required.includes(role)) return { refuse: `\`${role}\` is not required for this PR (required: ${list(required)})` };
    if (!held.includes(role)) return { refuse: `you are not a member of ${describeRole(config, role)}` };
  } else {
    const candidates = required.filter((r) => held.includes(r));
    if (candidates.length === 0) {
      return { refuse: `you hold none of the roles this PR needs: ${list(required.map((r) => describeRole(config, r)))}` };
    }
    role = candidates.find((r) => !e.requiredRoles.find((x) => x.role === r)?.signedBy) ?? candidates[0];
  }
  const chosen = role as string;
  const mine = e.signOffs.valid.filter((s) => s.actor.toLowerCase() === actor.toLowerCase());
  if (mine.some((s) => s.role === chosen)) return { refuse: `you already signed off as ${chosen} on ${short(e.headSha)}` };
  const other = mine.find((s) => s.role !== chosen);
  if (other && config.sign_off.distinct_signers) {
    return { refuse: `you already signed off as ${other.role}; \`sign_off.distinct_signers\` needs a different person for ${chosen}` };
  }
  const filled = e.requiredRoles.find((r) => r.role === chosen)?.signedBy;
  if (filled) return { refuse: `${chosen} has already signed off on ${short(e.headSha)} (by @${filled.actor})` };
  if (ctx.headSeenAt !== undefined && Date.parse(ctx.at) < Date.parse(ctx.headSeenAt)) {
    return { refuse: `a new commit (${short(e.headSha)}) was pushed after you wrote this; review it and sign off again` };
  }
  const unanswered = e.blockers.find((b) => b.kind === "checklist-incomplete");
  if (unanswered && unanswered.kind === "checklist-incomplete") {
    return { refuse: `the checklist is not complete; answer ${list(unanswered.questionIds.map((q) => `\`${q}\``))} first` };
  }
  const noHazard = e.blockers.find((b) => b.kind === "yes-without-hazard");
  if (noHazard) return { refuse: "a Yes answer needs at least one linked hazard; link one (e.g. `HAZ-001`) in the PR description first" };
  // Every rule above holds for the audit page too (core/plan.ts decides its signatures here): only where the
  // signature is made differs.
  if ((ctx.method ?? "comment") === "comment" && requiresReauthentication(config, chosen)) return { accept: [], signOnPage: { role: chosen } };
  return { accept: [{ kind: "sign-off", role: chosen, actor, at: ctx.at, headSha: e.headSha }] };
}

/**
 * `/safety link` and `/safety unlink`: anyone who may comment on the PR (as for answers; a link is evidence
 * of what the change touches, not an approval). An id the hazard log does not hold is linked all the same
 * and blocks, shown as unknown, until it is unlinked; only links made by command can be unlinked by one.
 */
function decideLink(cmd: Extract<Command, { kind: "link" | "unlink" }>, ctx: CommandContext): Decision {
  const { evaluation: e, actor, at } = ctx;
  const id = cmd.hazardId;
  const shown = `\`${id.replace(/`/g, "'").slice(0, 100)}\``;
  if (e.state === "not-relevant") return { refuse: "this PR has no clinical impact detected, so it links no hazards" };
  if (!anchoredIdPattern(ctx.config.hazard_log.id_pattern).test(id)) {
    return { refuse: `${shown} is not a hazard id (ids look like \`HAZ-007\`, pattern \`${ctx.config.hazard_log.id_pattern.replace(/`/g, "'")}\`)` };
  }
  const byCommand = e.hazards.byCommand ?? [];
  const fact = { kind: cmd.kind, hazardId: id, actor, at, headSha: e.headSha };
  if (cmd.kind === "link") {
    if (byCommand.includes(id)) return { accept: [], note: `${shown} is already linked` };
    return { accept: [fact] };
  }
  if (byCommand.includes(id)) return { accept: [fact] };
  if (e.hazards.linked.some((h) => h.id === id) || e.hazards.unknown.some((u) => u.id === id)) {
    return { refuse: `${shown} is linked by the PR description, not by \`/safety link\`; edit the description to unlink it` };
  }
  return { refuse: `${shown} is not linked to this PR` };
}

/**
 * Decides one command against the PR's current evaluation. Pure: the handler appends the accepted facts and
 * replies with the refusal, so every refusal says why in words the person can act on.
 */
export function decideCommand(cmd: Command, ctx: CommandContext): Decision {
  const { evaluation: e, actor, at } = ctx;
  const base = { actor, at, headSha: e.headSha };
  switch (cmd.kind) {
    case "invalid":
      return { refuse: cmd.message };
    case "recheck":
    case "help":
      return { accept: [] };
    case "sign-off":
      return decideSignOff(cmd, ctx);
    case "answer": {
      const item = e.checklist.find((c) => c.question.id === cmd.questionId);
      if (!item) {
        const ids = e.checklist.map((c) => `\`${c.question.id}\``);
        return {
          refuse: ids.length ? `\`${cmd.questionId}\` is not a question of this PR's checklist (${list(ids)})` : "this PR has no checklist to answer",
        };
      }
      // Restating the current answer changes nothing, unless it gives a reason (`because …`, e.g. after ticking
      // the box): then the answer is recorded again with it.
      if (item.answer === cmd.answer && (cmd.reason === undefined || cmd.reason === item.reason)) {
        return { accept: [], note: `\`${cmd.questionId}\` is already answered ${cmd.answer}` };
      }
      const reason = cmd.reason === undefined ? {} : { reason: cmd.reason };
      return { accept: [{ kind: "answer", questionId: cmd.questionId, answer: cmd.answer, via: "command", ...reason, ...base }] };
    }
    case "link":
    case "unlink":
      return decideLink(cmd, ctx);
    case "revoke":
      if (!e.signOffs.valid.some((s) => s.actor.toLowerCase() === actor.toLowerCase())) {
        return { refuse: "you have no sign-off on this PR's current head to revoke" };
      }
      return { accept: [{ kind: "revoke", ...base }] };
    case "object": {
      const held = ctx.rolesOf(actor);
      const role = held[0];
      if (role === undefined) return { refuse: `only members of a clinical safety role (${list(Object.keys(ctx.config.roles))}) can object` };
      if (e.objections.some((o) => o.actor.toLowerCase() === actor.toLowerCase())) {
        return { refuse: "you already have an open objection; withdraw it with `/safety withdraw-objection` before raising another" };
      }
      return { accept: [{ kind: "objection", role, reason: cmd.reason, ...base }] };
    }
    case "not-relevant": {
      const held = ctx.rolesOf(actor);
      const role = held[0];
      if (role === undefined) return { refuse: `only members of a clinical safety role (${list(Object.keys(ctx.config.roles))}) can clear a PR` };
      if (actor.toLowerCase() === e.pr.author.toLowerCase() && !ctx.config.sign_off.author_may_sign) {
        return { refuse: "you opened this pull request; for segregation of duties someone else must clear it (`sign_off.author_may_sign` is false)" };
      }
      const removed = (e.classification?.matches ?? []).flatMap((m) => m.reasons.filter((r) => r.kind === "label-removed"));
      if (removed.length === 0)
        return { refuse: "no removed label keeps this PR relevant; what makes it relevant now cannot be cleared by a command" };
      return { accept: [{ kind: "not-relevant", role, reason: cmd.reason, ...base }] };
    }
    case "review-bypass":
      // Decided apart from the gate (core/bypass-review.ts) when written in a comment; a review cannot carry it.
      return { refuse: "write `/safety review-bypass` in a comment on the merged pull request or on its bypass issue, not in a review" };
    case "withdraw-objection":
      if (!e.objections.some((o) => o.actor.toLowerCase() === actor.toLowerCase())) {
        return { refuse: "you have no open objection on this PR" };
      }
      return { accept: [{ kind: "withdraw-objection", ...base }] };
  }
}
