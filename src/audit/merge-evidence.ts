/**
 * The evidence of a merged PR, as it stood at the merged head: what an auditor asks for a year later (the
 * change, the assessment and who gave it, the hazards, the approvals of that exact commit), and the timeline
 * that shows whether safety was asked early. Pure.
 */
import type { Evaluation, RoleDefinition } from "../core/types.js";
import type { BypassReport } from "../render/bypass-issue.js";
import type { AnswerData, BypassData, HazardEvidence, InvolvementTimeline, MergeData } from "./evidence.js";
import type { AuditInput, AuditRecord } from "./record.js";

/** What GitHub says about the merge itself. */
export interface MergeFacts {
  openedAt: string;
  mergedAt: string;
  mergedBy: string;
  mergeSha: string | null;
  baseRef: string;
}

/** Whether a merge at this evaluation went through a passing gate. */
export function mergePassed(e: Evaluation): boolean {
  return e.state === "pass" || e.state === "not-relevant";
}

/** Whether the merged change must be in the trail: relevant, or not known to be irrelevant (an error). */
export function mergeMatters(e: Evaluation): boolean {
  return e.state !== "not-relevant";
}

function timeline(e: Evaluation, previous: readonly AuditRecord[], merge: MergeFacts): InvolvementTimeline {
  // The first answer that completed the checklist: when the assessment was in, and whether still a draft.
  const completed = previous.find((r) => r.kind === "answer" && (r.data as AnswerData).checklistComplete === true);
  const complete = e.checklist.length > 0 && e.checklist.every((c) => c.answer !== null);
  // The last of the sign-offs that filled a required role at the merged head.
  const signedAt = e.requiredRoles.flatMap((r) => (r.signedBy ? [r.signedBy.at] : [])).sort();
  return {
    openedAt: merge.openedAt,
    checklistCompleteAt: complete && completed ? completed.at : null,
    checklistCompleteWhileDraft: complete && completed ? (completed.data as AnswerData).draft === true : false,
    finalSignOffAt: signedAt.at(-1) ?? null,
  };
}

/** The `merge` record's data. */
export function mergeData(e: Evaluation, previous: readonly AuditRecord[], merge: MergeFacts): MergeData {
  const hazards: HazardEvidence[] = e.hazards.linked.map((h) => ({
    id: h.id,
    title: h.title,
    status: h.status,
    initialRating: h.initialRating ?? null,
    residualRating: h.residualRating ?? null,
  }));
  const residuals = hazards.map((h) => h.residualRating).filter((r): r is number => r !== null);
  return {
    title: e.pr.title,
    author: e.pr.author,
    baseRef: merge.baseRef,
    headSha: e.headSha,
    mergeSha: merge.mergeSha,
    mergedAt: merge.mergedAt,
    mergedBy: merge.mergedBy,
    passed: mergePassed(e),
    relevant: e.classification?.relevant ?? true,
    gate: { state: e.state, headline: e.headline },
    rules: e.classification?.matches.map((m) => m.ruleId) ?? [],
    answers: e.checklist.map((c) => ({
      questionId: c.question.id,
      question: c.question.question,
      answer: c.answer,
      answeredBy: c.answeredBy ?? null,
      answeredAt: c.answeredAt ?? null,
    })),
    hazards,
    risk: residuals.length > 0 ? Math.max(...residuals) : null,
    requiredRoles: e.requiredRoles.map((r) => r.role),
    signOffs: e.requiredRoles.flatMap((r) => (r.signedBy ? [{ ...r.signedBy }] : [])),
    timeline: timeline(e, previous, merge),
  };
}

/** A bypass to report: the issue to open (found again by its marker) and the record to keep. */
export interface BypassPlan {
  report: BypassReport & { cso: RoleDefinition | undefined };
  record: { actor: string; at: string; headSha: string | null; configSha: string | null; data: Omit<BypassData, "issue"> };
}

/**
 * What a merge adds to the trail, decided from the evaluation at the merged head: the `merge` record with
 * its evidence (once: a merge processed again is not recorded twice), and a bypass to report when the head
 * had no passing gate. Pure.
 */
export function mergeOutcome(
  e: Evaluation,
  previous: readonly AuditRecord[],
  merge: MergeFacts & { title: string },
  ctx: { owner: string; repo: string; pr: number; configSha: string | null; cso: RoleDefinition | undefined; auditUrl?: string },
): { records: AuditInput[]; bypass?: BypassPlan } {
  if (!mergeMatters(e)) return { records: [] };
  const repo = `${ctx.owner}/${ctx.repo}`;
  const data = mergeData(e, previous, merge);
  const recorded = previous.some((r) => r.kind === "merge" && r.data.mergeSha === data.mergeSha && r.data.mergedAt === data.mergedAt);
  const records: AuditInput[] = recorded
    ? []
    : [{ kind: "merge", actor: merge.mergedBy, at: merge.mergedAt, repo, pr: ctx.pr, headSha: e.headSha, configSha: ctx.configSha, data }];
  if (mergePassed(e)) return { records };
  return {
    records,
    bypass: {
      report: {
        repo: { owner: ctx.owner, repo: ctx.repo },
        pr: { number: ctx.pr, title: merge.title, mergedBy: merge.mergedBy, headSha: e.headSha },
        detail: e.headline,
        files: [],
        rules: data.rules,
        cso: ctx.cso,
        ...(ctx.auditUrl === undefined ? {} : { auditUrl: ctx.auditUrl }),
      },
      record: {
        actor: merge.mergedBy,
        at: merge.mergedAt,
        headSha: e.headSha,
        configSha: ctx.configSha,
        data: {
          title: merge.title,
          reason: "merged-without-passing-gate",
          detail: e.headline,
          files: [],
          rules: data.rules,
          before: null,
          after: merge.mergeSha,
        },
      },
    },
  };
}
