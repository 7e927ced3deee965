/**
 * Reading a record's `data` back into the shapes of `src/audit/evidence.ts`, defensively.
 *
 * The trail is kept for years and is never rewritten: a record written by an older version of the app
 * may lack a field this version reads, or hold it with another type. An audit page must still show
 * everything else rather than fail, so each reader falls back to an empty value instead of trusting a
 * cast.
 */
import type { JsonValue } from "../audit/canonical-json.js";
import type {
  BypassData,
  HazardEvidence,
  InvolvementTimeline,
  MergeData,
  SignOffEvidence,
  VerificationCheck,
  VerificationEvidence,
} from "../audit/evidence.js";
import type { JsonObject } from "../audit/record.js";
import type { Answer } from "../core/types.js";

/** The value as an object, or undefined when it is anything else. */
export function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
}

/** A string field, or `fallback`. */
export function text(data: JsonObject, key: string, fallback = ""): string {
  const value = data[key];
  return typeof value === "string" ? value : fallback;
}

/** A string field, or null. */
export function textOrNull(data: JsonObject, key: string): string | null {
  const value = data[key];
  return typeof value === "string" ? value : null;
}

/** A finite number field, or null. */
export function numberOrNull(data: JsonObject, key: string): number | null {
  const value = data[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** A boolean field, or `fallback`. */
export function flag(data: JsonObject, key: string, fallback = false): boolean {
  const value = data[key];
  return typeof value === "boolean" ? value : fallback;
}

/** An array field (empty when absent). */
export function list(data: JsonObject, key: string): JsonValue[] {
  const value = data[key];
  return Array.isArray(value) ? value : [];
}

/** The strings of an array field, other items skipped. */
export function texts(data: JsonObject, key: string): string[] {
  return list(data, key).filter((v): v is string => typeof v === "string");
}

/** A hazard as recorded, or undefined when the value has no id. */
export function readHazard(value: JsonValue | undefined): HazardEvidence | undefined {
  const o = asObject(value);
  if (o === undefined || text(o, "id") === "") return undefined;
  return {
    id: text(o, "id"),
    title: text(o, "title"),
    status: text(o, "status"),
    initialRating: numberOrNull(o, "initialRating"),
    residualRating: numberOrNull(o, "residualRating"),
  };
}

/** A signature as recorded, or undefined when it names no role or signer. */
export function readSignOff(value: JsonValue | undefined): SignOffEvidence | undefined {
  const o = asObject(value);
  if (o === undefined || text(o, "role") === "" || text(o, "actor") === "") return undefined;
  const name = text(o, "name");
  return {
    role: text(o, "role"),
    actor: text(o, "actor"),
    at: text(o, "at"),
    headSha: text(o, "headSha"),
    meaning: text(o, "meaning"),
    ...(name === "" ? {} : { name }),
  };
}

/** The involvement timeline of a merge, or undefined when it does not say when the PR was opened. */
export function readTimeline(value: JsonValue | undefined): InvolvementTimeline | undefined {
  const o = asObject(value);
  if (o === undefined || text(o, "openedAt") === "") return undefined;
  return {
    openedAt: text(o, "openedAt"),
    checklistCompleteAt: textOrNull(o, "checklistCompleteAt"),
    checklistCompleteWhileDraft: flag(o, "checklistCompleteWhileDraft"),
    finalSignOffAt: textOrNull(o, "finalSignOffAt"),
  };
}

/** A merge record's data; `timeline` is undefined when the record does not carry one. */
export type MergeEvidence = Omit<MergeData, "timeline"> & { timeline: InvolvementTimeline | undefined };

/** Reads a `merge` record's data. `at` (the record's time) stands in for a missing `mergedAt`. */
export function readMerge(data: JsonObject, at: string): MergeEvidence {
  const gate = asObject(data.gate);
  const answers = list(data, "answers").flatMap((v) => {
    const o = asObject(v);
    if (o === undefined) return [];
    const answer: Answer | null = o.answer === "yes" || o.answer === "no" ? o.answer : null;
    return [
      {
        questionId: text(o, "questionId"),
        question: text(o, "question"),
        answer,
        answeredBy: textOrNull(o, "answeredBy"),
        answeredAt: textOrNull(o, "answeredAt"),
        ...(text(o, "reason") === "" ? {} : { reason: text(o, "reason") }),
      },
    ];
  });
  return {
    title: text(data, "title"),
    author: text(data, "author"),
    baseRef: text(data, "baseRef"),
    headSha: text(data, "headSha"),
    mergeSha: textOrNull(data, "mergeSha"),
    mergedAt: text(data, "mergedAt", at),
    mergedBy: text(data, "mergedBy"),
    passed: flag(data, "passed", true),
    relevant: flag(data, "relevant", true),
    gate: { state: gateState(gate === undefined ? "" : text(gate, "state")), headline: gate === undefined ? "" : text(gate, "headline") },
    rules: texts(data, "rules"),
    answers,
    hazards: list(data, "hazards").flatMap((v) => readHazard(v) ?? []),
    risk: numberOrNull(data, "risk"),
    requiredRoles: texts(data, "requiredRoles"),
    signOffs: list(data, "signOffs").flatMap((v) => readSignOff(v) ?? []),
    timeline: readTimeline(data.timeline),
    ...(Array.isArray(data.files) ? { files: texts(data, "files"), moreFiles: numberOrNull(data, "moreFiles") ?? 0 } : {}),
    ...(asObject(data.verification) === undefined ? {} : { verification: readVerification(data.verification) }),
  };
}

/** The verification evidence of a merge record (the caller has checked it is an object). */
export function readVerification(value: JsonValue | undefined): VerificationEvidence {
  const o = asObject(value) ?? {};
  const checks = list(o, "checks").flatMap((v): VerificationCheck[] => {
    const c = asObject(v);
    if (c === undefined || text(c, "name") === "") return [];
    const verdict = c.verdict === "ok" || c.verdict === "failing" || c.verdict === "missing" ? c.verdict : "failing";
    return [
      { kind: c.kind === "status" ? "status" : "check-run", name: text(c, "name"), app: textOrNull(c, "app"), result: text(c, "result"), verdict },
    ];
  });
  return { checks, error: textOrNull(o, "error") };
}

/** Reads a `bypass` record's data. */
export function readBypass(data: JsonObject): BypassData {
  return {
    title: text(data, "title"),
    reason: data.reason === "direct-push" ? "direct-push" : "merged-without-passing-gate",
    detail: text(data, "detail"),
    files: texts(data, "files"),
    rules: texts(data, "rules"),
    issue: numberOrNull(data, "issue"),
    before: textOrNull(data, "before"),
    after: textOrNull(data, "after"),
  };
}

function gateState(value: string): MergeData["gate"]["state"] {
  return value === "not-relevant" || value === "waiting" || value === "pass" ? value : "error";
}
