/**
 * Which audit records one evaluation of a PR adds to the trail. Pure: it compares what the trail already
 * holds for the PR with the new evaluation and the facts just accepted, so re-evaluating an unchanged PR
 * adds nothing, and every decision is recorded exactly once.
 */
import type { Evaluation, Fact } from "../core/types.js";
import type { AnswerData, CheckConclusionData, ClassificationData, HazardLinkData, ObjectionData, SignOffData, VoidData } from "./evidence.js";
import { headRecords, type NewHeadObservation } from "./heads.js";
import type { AuditInput, AuditRecord } from "./record.js";

/** Who and what the records are about. */
export interface DeltaContext {
  repo: string;
  pr: number;
  /** The app's login: the actor of what the gate itself decided. */
  botLogin: string;
  /** When the gate decided (ISO). */
  at: string;
  configSha: string | null;
  /** Heads seen while handling the event, in order: the payload's, then the one the gate read. */
  heads?: readonly NewHeadObservation[];
}

/** The check as it is about to be published. */
export interface CheckView {
  conclusion: CheckConclusionData["conclusion"];
  title: string;
}

const last = (records: readonly AuditRecord[], kind: AuditRecord["kind"]) => [...records].reverse().find((r) => r.kind === kind);

function classificationData(e: Evaluation): ClassificationData | undefined {
  if (!e.classification) return undefined;
  return {
    title: e.pr.title,
    author: e.pr.author,
    draft: e.pr.draft,
    state: e.state,
    headline: e.headline,
    rules: e.classification.matches.map((m) => ({ ruleId: m.ruleId, reasons: m.reasons })),
    requiredRoles: e.requiredRoles.map((r) => r.role),
    questions: e.checklist.map((c) => c.question.id),
  };
}

/** What makes a classification different: relevance, rules and what they require, not the moment's state. */
function classificationKey(d: Pick<ClassificationData, "rules" | "requiredRoles" | "questions">): string {
  return JSON.stringify([d.rules.map((r) => r.ruleId), d.requiredRoles, d.questions]);
}

function factRecord(fact: Fact, e: Evaluation, previous: readonly AuditRecord[], ctx: DeltaContext): AuditInput {
  const record = factRecordWithoutSource(fact, e, previous, ctx);
  // The command or tick that made the fact: the trail is the store of facts (facts-from-records.ts), and a
  // command already recorded is never applied again, whatever delivery brings it back.
  return fact.source === undefined ? record : { ...record, data: { ...record.data, source: fact.source } };
}

function factRecordWithoutSource(fact: Fact, e: Evaluation, previous: readonly AuditRecord[], ctx: DeltaContext): AuditInput {
  const base = { actor: fact.actor, at: fact.at, repo: ctx.repo, pr: ctx.pr, headSha: fact.headSha, configSha: ctx.configSha };
  const title = e.pr.title;
  switch (fact.kind) {
    case "answer": {
      const question = e.checklist.find((c) => c.question.id === fact.questionId)?.question.question ?? fact.questionId;
      const data: AnswerData = {
        title,
        questionId: fact.questionId,
        question,
        answer: fact.answer,
        via: fact.via,
        ...(fact.reason ? { reason: fact.reason } : {}),
        draft: e.pr.draft,
        checklistComplete: e.checklist.length > 0 && e.checklist.every((c) => c.answer !== null),
      };
      return { ...base, kind: "answer", data };
    }
    case "sign-off": {
      const signed = [...e.signOffs.valid, ...e.signOffs.invalid].find((s) => s.actor === fact.actor && s.role === fact.role);
      const meaning = fact.meaning ?? signed?.meaning ?? "";
      const name = fact.name ?? signed?.name;
      // How it was signed is part of the signature: a command, or the audit page after a fresh sign-in.
      const strong =
        fact.method === "audit-page"
          ? { ...(fact.signedInAt ? { signedInAt: fact.signedInAt } : {}), ...(fact.rationale ? { rationale: fact.rationale } : {}) }
          : {};
      const data: SignOffData = {
        title,
        role: fact.role,
        meaning,
        ...(name === undefined ? {} : { name }),
        method: fact.method ?? "comment",
        ...strong,
      };
      return { ...base, kind: "sign-off", data };
    }
    case "revoke": {
      const revoked = e.signOffs.invalid.filter((s) => s.reason === "revoked" && s.actor === fact.actor);
      const data: SignOffData = { title, role: revoked.map((s) => s.role).join(", "), meaning: revoked.map((s) => s.meaning).join("; ") };
      return { ...base, kind: "revocation", data };
    }
    case "objection": {
      const data: ObjectionData = { title, role: fact.role, reason: fact.reason };
      return { ...base, kind: "objection", data };
    }
    case "withdraw-objection": {
      const raised = [...previous].reverse().find((r) => r.kind === "objection" && r.actor === fact.actor);
      const data: ObjectionData = {
        title,
        role: typeof raised?.data.role === "string" ? raised.data.role : "",
        reason: typeof raised?.data.reason === "string" ? raised.data.reason : "",
      };
      return { ...base, kind: "objection-withdrawn", data };
    }
    case "not-relevant": {
      const data: ObjectionData = { title, role: fact.role, reason: fact.reason };
      return { ...base, kind: "not-relevant", data };
    }
    case "link":
    case "unlink": {
      const h = e.hazards.linked.find((x) => x.id === fact.hazardId);
      const data: HazardLinkData = {
        title,
        hazardId: fact.hazardId,
        known: h !== undefined || (fact.kind === "unlink" && !e.hazards.unknown.some((u) => u.id === fact.hazardId)),
        source: `/safety ${fact.kind} by @${fact.actor}`,
        hazard: h
          ? { id: h.id, title: h.title, status: h.status, initialRating: h.initialRating ?? null, residualRating: h.residualRating ?? null }
          : null,
        command: fact.kind,
      };
      return { ...base, kind: "hazard-link", data };
    }
  }
}

/**
 * The records to append after an evaluation: a change of head, the facts just accepted, a changed
 * classification, newly linked (or unknown) hazards, newly voided sign-offs, and a changed check conclusion.
 */
export function auditDelta(
  previous: readonly AuditRecord[],
  e: Evaluation,
  newFacts: readonly Fact[],
  check: CheckView,
  ctx: DeltaContext,
): AuditInput[] {
  const gate = { actor: ctx.botLogin, at: ctx.at, repo: ctx.repo, pr: ctx.pr, headSha: e.headSha, configSha: ctx.configSha };
  const out: AuditInput[] = [
    ...headRecords(previous, ctx.heads ?? [], { ...ctx, title: e.pr.title }),
    ...newFacts.map((f) => factRecord(f, e, previous, ctx)),
  ];

  const classification = classificationData(e);
  if (classification) {
    const before = last(previous, "classification")?.data as ClassificationData | undefined;
    if (!before || classificationKey(before) !== classificationKey(classification)) {
      out.push({ ...gate, kind: "classification", data: classification });
    }
  }

  // A hazard is recorded as linked once: by the `/safety link` fact that linked it, or else by the gate when
  // the description first links it. An unlink is recorded as its own fact.
  const linkedBefore = new Set(
    [...previous.filter((r) => r.kind === "hazard-link" && r.data.command !== "unlink").map((r) => r.data.hazardId)].concat(
      newFacts.flatMap((f) => (f.kind === "link" ? [f.hazardId] : [])),
    ),
  );
  for (const h of e.hazards.linked) {
    if (linkedBefore.has(h.id)) continue;
    const data: HazardLinkData = {
      title: e.pr.title,
      hazardId: h.id,
      known: true,
      source: h.sources.join(", "),
      hazard: { id: h.id, title: h.title, status: h.status, initialRating: h.initialRating ?? null, residualRating: h.residualRating ?? null },
    };
    out.push({ ...gate, kind: "hazard-link", data });
  }
  for (const u of e.hazards.unknown) {
    if (linkedBefore.has(u.id)) continue;
    const data: HazardLinkData = { title: e.pr.title, hazardId: u.id, known: false, source: u.source, hazard: null };
    out.push({ ...gate, kind: "hazard-link", data });
  }

  const voidKey = (actor: string, role: string, sha: string, reason: string) => JSON.stringify([actor, role, sha, reason]);
  const voidedBefore = new Set(
    previous
      .filter((r) => r.kind === "void")
      .map((r) => {
        const d = r.data as unknown as VoidData;
        return voidKey(d.signOff.actor, d.signOff.role, d.signOff.headSha, d.reason);
      }),
  );
  for (const s of e.signOffs.invalid) {
    if (s.reason === "revoked" || voidedBefore.has(voidKey(s.actor, s.role, s.headSha, s.reason))) continue;
    const data: VoidData = {
      title: e.pr.title,
      signOff: { role: s.role, actor: s.actor, at: s.at, headSha: s.headSha, meaning: s.meaning },
      reason: s.reason,
      detail: s.detail,
    };
    out.push({ ...gate, kind: "void", data });
  }

  const lastCheck = last(previous, "check-conclusion");
  const lastData = lastCheck?.data as CheckConclusionData | undefined;
  if (!lastCheck || lastCheck.headSha !== e.headSha || lastData?.conclusion !== check.conclusion || lastData?.checkTitle !== check.title) {
    const data: CheckConclusionData = { title: e.pr.title, conclusion: check.conclusion, checkTitle: check.title, state: e.state };
    out.push({ ...gate, kind: "check-conclusion", data });
  }
  return out;
}
