/**
 * The evidence of a merged PR, as it stood at the merged head: what an auditor asks for a year later (the
 * change, the assessment and who gave it, the hazards, the approvals of that exact commit), and the timeline
 * that shows whether safety was asked early. Pure.
 */
import type { Evaluation, RoleDefinition } from "../core/types.js";
import type { BypassReport } from "../render/bypass-issue.js";
import {
  MERGE_FILES_KEPT,
  type AnswerData,
  type BypassData,
  type HazardEvidence,
  type InvolvementTimeline,
  type MergeData,
  type VerificationEvidence,
} from "./evidence.js";
import type { HazardLogVersion } from "./hazard-log-version.js";
import type { AuditInput, AuditRecord } from "./record.js";

/** What GitHub says about the merge itself. */
export interface MergeFacts {
  openedAt: string;
  mergedAt: string;
  mergedBy: string;
  mergeSha: string | null;
  baseRef: string;
  /** The other checks on the merged head, read at merge (absent when the caller could not ask). */
  verification?: VerificationEvidence;
}

/** The files a PR was judged on: their paths as listed, and how many it changed in all. */
export interface JudgedFiles {
  paths: readonly string[];
  total: number;
}

/** Whether a merge at this evaluation went through a passing gate. */
export function mergePassed(e: Evaluation): boolean {
  return e.state === "pass" || e.state === "not-relevant";
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
export function mergeData(e: Evaluation, previous: readonly AuditRecord[], merge: MergeFacts, files?: JudgedFiles): MergeData {
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
      ...(c.reason === undefined ? {} : { reason: c.reason }),
    })),
    hazards,
    risk: residuals.length > 0 ? Math.max(...residuals) : null,
    requiredRoles: e.requiredRoles.map((r) => r.role),
    signOffs: e.requiredRoles.flatMap((r) => (r.signedBy ? [{ ...r.signedBy }] : [])),
    timeline: timeline(e, previous, merge),
    ...(files === undefined
      ? {}
      : {
          files: files.paths.slice(0, MERGE_FILES_KEPT),
          moreFiles: Math.max(0, files.total - Math.min(files.paths.length, MERGE_FILES_KEPT)),
        }),
    ...(merge.verification === undefined ? {} : { verification: merge.verification }),
  };
}

/** A bypass to report: the issue to open (found again by its marker) and the record to keep. */
export interface BypassPlan {
  report: BypassReport & { cso: RoleDefinition | undefined };
  record: { actor: string; at: string; headSha: string | null; configSha: string | null; data: Omit<BypassData, "issue"> };
}

/**
 * What a merge adds to the trail, decided from the evaluation at the merged head: the `merge` record with
 * its evidence — for every merged PR, clinically relevant or not, so that every change is accounted for
 * (once: a merge processed again is not recorded twice) — and a bypass to report when the head had no
 * passing gate. Pure.
 */
export function mergeOutcome(
  e: Evaluation,
  previous: readonly AuditRecord[],
  merge: MergeFacts & { title: string },
  ctx: {
    owner: string;
    repo: string;
    pr: number;
    configSha: string | null;
    cso: RoleDefinition | undefined;
    auditUrl?: string;
    /** The files it was judged on; absent when the PR could not be read. */
    files?: JudgedFiles;
  },
): { records: AuditInput[]; bypass?: BypassPlan } {
  const repo = `${ctx.owner}/${ctx.repo}`;
  const data = mergeData(e, previous, merge, ctx.files);
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

/**
 * The records of a merge with the hazard log's version kept in its `merge` record (`hazardLog`): which blob
 * of the log the merged head carries, which it replaced, and what changed hazard by hazard. Unchanged when
 * the PR left the log as it was, or when the merge was recorded before (no `merge` record among them). Pure.
 */
export function withHazardLogVersion(records: readonly AuditInput[], version: HazardLogVersion | undefined): AuditInput[] {
  if (version === undefined) return [...records];
  return records.map((r) => (r.kind === "merge" ? { ...r, data: { ...r.data, hazardLog: version } } : r));
}
