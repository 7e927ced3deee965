/**
 * `/safety review-bypass accept|revert <reason>`: the CSO's retrospective decision on a bypass (a merge
 * without a passing gate, or a direct push of clinically relevant code), recorded in the audit trail beside
 * the `bypass` record it reviews. Pure: the handler (handlers/review-bypass.ts) reads the records and the
 * writer's roles, this decides, the handler appends and replies.
 */
import type { AuditRecord } from "../audit/record.js";
import type { Command } from "./commands.js";

/** The role whose members may review a bypass. */
export const BYPASS_REVIEWER_ROLE = "cso";

/** What a bypass is of: a merged PR, or a pushed commit (the bypass issue's hidden marker names one). */
export type BypassTarget = { kind: "pr"; number: number } | { kind: "push"; sha: string };

/** `bypass-review`: the record's `data`. Its `pr` and `headSha` are the reviewed bypass's. */
export type BypassReviewData = {
  title: string;
  decision: "accept" | "revert";
  reason: string;
  /** The role the reviewer held. */
  role: string;
  /** Which `bypass` record this reviews. */
  bypass: { id: string; seq: number; at: string; reason: string };
  /** Where the command was written (a comment, as created or edited): a redelivery records nothing twice. */
  source: string;
  /** The issue or PR it was written on. */
  writtenOn: number;
};

export interface BypassReviewContext {
  actor: string;
  at: string;
  /** The roles the writer holds now (live membership). */
  held: readonly string[];
  /** Who holds the reviewer role, in words, for a refusal. */
  reviewers: string;
  target: BypassTarget;
  /** The repository's records of the target (its `bypass` and `bypass-review` records among them). */
  records: readonly AuditRecord[];
  /** Names the command: `<comment source>#<index>`. */
  source: string;
  writtenOn: number;
}

export type BypassReviewDecision =
  | { record: { actor: string; at: string; pr: number | null; headSha: string | null; data: BypassReviewData } }
  /** Recorded before (a redelivery, or a replay after a crash): nothing to append. */
  | { recorded: BypassReviewData & { actor: string; at: string } }
  | { refuse: string };

const what = (t: BypassTarget) => (t.kind === "pr" ? `pull request #${t.number}` : `the push of \`${t.sha.slice(0, 7)}\``);

/** The `bypass` records of the target, in chain order. */
export function bypassesOf(records: readonly AuditRecord[], target: BypassTarget): AuditRecord[] {
  return records.filter((r) => r.kind === "bypass" && (target.kind === "pr" ? r.pr === target.number : r.pr === null && r.data.after === target.sha));
}

/**
 * Whether a command is a `/safety review-bypass` (also one written wrongly, which is answered with how to
 * write it): those are decided here, apart from the gate, and are the only commands read on an issue.
 */
export function isBypassReviewCommand(c: Command): boolean {
  return c.kind === "review-bypass" || (c.kind === "invalid" && /^\/safety\s+review-bypass(\s|$)/i.test(c.text));
}

/** Decides one `review-bypass` command (a wrongly written one is refused with how to write it). */
export function decideBypassReview(cmd: Command, ctx: BypassReviewContext): BypassReviewDecision {
  if (cmd.kind === "invalid") return { refuse: cmd.message };
  if (cmd.kind !== "review-bypass") return { refuse: "only `/safety review-bypass` is read here" };
  const earlier = ctx.records.find((r) => r.kind === "bypass-review" && r.data.source === ctx.source);
  if (earlier) return { recorded: { ...(earlier.data as unknown as BypassReviewData), actor: earlier.actor, at: earlier.at } };
  if (!ctx.held.includes(BYPASS_REVIEWER_ROLE)) {
    return { refuse: `only members of the ${BYPASS_REVIEWER_ROLE} role (${ctx.reviewers}) can review a bypass` };
  }
  const bypass = bypassesOf(ctx.records, ctx.target).at(-1);
  if (!bypass) return { refuse: `the audit trail holds no bypass of ${what(ctx.target)} to review` };
  const data: BypassReviewData = {
    title: typeof bypass.data.title === "string" ? bypass.data.title : "",
    decision: cmd.decision,
    reason: cmd.reason,
    role: BYPASS_REVIEWER_ROLE,
    bypass: { id: bypass.id, seq: bypass.seq, at: bypass.at, reason: typeof bypass.data.reason === "string" ? bypass.data.reason : "" },
    source: ctx.source,
    writtenOn: ctx.writtenOn,
  };
  return { record: { actor: ctx.actor, at: ctx.at, pr: bypass.pr, headSha: bypass.headSha, data } };
}

/** A review's decision in words: "accepted" or "revert requested". */
export function reviewDecisionText(decision: string): string {
  return decision === "revert" ? "revert requested" : "accepted";
}

/**
 * The bypass a bypass issue reports, from the hidden marker the app wrote into its body
 * (render/bypass-issue.ts `bypassMarker`): `<!-- clinical-safety-gate:bypass owner/repo pr 7 -->` or
 * `… push <sha> -->`. Undefined when the body holds no marker for this repository.
 */
export function bypassTargetOf(body: string, repo: string): BypassTarget | undefined {
  const re = /<!-- clinical-safety-gate:bypass (\S+) (pr (\d+)|push ([0-9a-f]{7,64})) -->/gi;
  for (const m of body.matchAll(re)) {
    if (m[1]?.toLowerCase() !== repo.toLowerCase()) continue;
    if (m[3] !== undefined) return { kind: "pr", number: Number(m[3]) };
    if (m[4] !== undefined) return { kind: "push", sha: m[4].toLowerCase() };
  }
  return undefined;
}
