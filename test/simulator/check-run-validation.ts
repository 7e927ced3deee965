import { CHECK_CONCLUSIONS, type CheckConclusion, type CheckStatus, type SimAnnotation } from "./state.js";

/**
 * The checks API's input rules, as GitHub enforces them (422 otherwise). Pure, so the rules are tested as a
 * table; the route applies the result. Being strict here is the point: a check run the simulator accepts
 * but GitHub refuses would leave the merge unblocked in production while every test is green.
 */

/**
 * Markdown fields of `output` are capped at 65535 bytes of UTF-8, not characters: GitHub answers 422 for a
 * summary of 40,000 "Ü"s. Counting characters here would pass a check run GitHub refuses.
 */
export const MAX_OUTPUT_TEXT = 65535;
/** At most 50 annotations per request (more need further updates, which append). */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;

const STATUSES: readonly CheckStatus[] = ["queued", "in_progress", "completed"];
const LEVELS: readonly SimAnnotation["annotation_level"][] = ["notice", "warning", "failure"];

/** A validated create or update: only the fields the request set. */
export interface CheckRunChanges {
  name?: string;
  headSha?: string;
  status?: CheckStatus;
  conclusion?: CheckConclusion;
  detailsUrl?: string;
  externalId?: string;
  startedAt?: string;
  completedAt?: string;
  output?: { title?: string; summary: string; text?: string; annotations: SimAnnotation[] };
}

export type CheckRunValidation = { ok: true; changes: CheckRunChanges } | { ok: false; message: string };

function fail(message: string): CheckRunValidation {
  return { ok: false, message };
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined | Error {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : new Error(`"${field}" must be a string`);
}

function validateAnnotation(value: unknown, index: number): SimAnnotation | string {
  if (typeof value !== "object" || value === null) return `annotations[${index}] must be an object`;
  const a = value as Record<string, unknown>;
  for (const field of ["path", "message"]) {
    if (typeof a[field] !== "string") return `annotations[${index}].${field} is required`;
  }
  for (const field of ["start_line", "end_line"]) {
    if (!Number.isInteger(a[field])) return `annotations[${index}].${field} is required`;
  }
  if (!LEVELS.includes(a.annotation_level as SimAnnotation["annotation_level"])) {
    return `annotations[${index}].annotation_level must be one of ${LEVELS.join(", ")}`;
  }
  return { ...(a as unknown as SimAnnotation) };
}

function validateOutput(value: unknown, mode: "create" | "update"): CheckRunChanges["output"] | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return `"output" must be an object`;
  const o = value as Record<string, unknown>;
  // Create needs a title and a summary; update needs only the summary (GitHub's two schemas differ here).
  if (mode === "create" && typeof o.title !== "string") return `"output.title" wasn't supplied`;
  if (o.title !== undefined && typeof o.title !== "string") return `"output.title" must be a string`;
  if (typeof o.summary !== "string") return `"output.summary" wasn't supplied`;
  if (o.text !== undefined && o.text !== null && typeof o.text !== "string") return `"output.text" must be a string`;
  for (const field of ["summary", "text"] as const) {
    const text = o[field];
    const bytes = typeof text === "string" ? Buffer.byteLength(text, "utf8") : 0;
    if (bytes > MAX_OUTPUT_TEXT) {
      return `"output.${field}" is too long (${bytes} bytes; maximum is ${MAX_OUTPUT_TEXT} bytes)`;
    }
  }
  const rawAnnotations = o.annotations ?? [];
  if (!Array.isArray(rawAnnotations)) return `"output.annotations" must be an array`;
  if (rawAnnotations.length > MAX_ANNOTATIONS_PER_REQUEST) {
    return `"output.annotations" has ${rawAnnotations.length} items; maximum is ${MAX_ANNOTATIONS_PER_REQUEST} per request`;
  }
  const annotations: SimAnnotation[] = [];
  for (const [i, raw] of rawAnnotations.entries()) {
    const annotation = validateAnnotation(raw, i);
    if (typeof annotation === "string") return annotation;
    annotations.push(annotation);
  }
  const output: NonNullable<CheckRunChanges["output"]> = { summary: o.summary, annotations };
  if (typeof o.title === "string") output.title = o.title;
  if (typeof o.text === "string") output.text = o.text;
  return output;
}

/**
 * Validates a `POST /check-runs` (mode "create") or `PATCH /check-runs/:id` (mode "update") body.
 * `existingConclusion` is the run's conclusion before an update: completing a run needs a conclusion,
 * given now or earlier.
 */
export function validateCheckRun(
  body: Record<string, unknown>,
  mode: "create" | "update",
  existingConclusion: CheckConclusion | null = null,
): CheckRunValidation {
  const changes: CheckRunChanges = {};
  const strings: [keyof CheckRunChanges, string][] = [
    ["name", "name"],
    ["headSha", "head_sha"],
    ["detailsUrl", "details_url"],
    ["externalId", "external_id"],
    ["startedAt", "started_at"],
    ["completedAt", "completed_at"],
  ];
  for (const [key, field] of strings) {
    const value = optionalString(body, field);
    if (value instanceof Error) return fail(value.message);
    if (value !== undefined) (changes as Record<string, unknown>)[key] = value;
  }
  if (mode === "create" && !changes.name) return fail(`"name" wasn't supplied`);
  if (mode === "create" && !changes.headSha) return fail(`"head_sha" wasn't supplied`);

  const { status, conclusion } = body;
  if (status !== undefined && !STATUSES.includes(status as CheckStatus)) {
    return fail(`"status" must be one of ${STATUSES.join(", ")}, got ${JSON.stringify(status)}`);
  }
  if (conclusion !== undefined && conclusion !== null && !CHECK_CONCLUSIONS.includes(conclusion as CheckConclusion)) {
    return fail(`"conclusion" must be one of ${CHECK_CONCLUSIONS.join(", ")}, got ${JSON.stringify(conclusion)}`);
  }
  if (typeof conclusion === "string") {
    // GitHub: "Providing conclusion will automatically set the status parameter to completed."
    changes.conclusion = conclusion as CheckConclusion;
    changes.status = "completed";
  } else if (status !== undefined) {
    changes.status = status as CheckStatus;
  }
  if (changes.status === "completed" && !changes.conclusion && !existingConclusion) {
    return fail(`"conclusion" wasn't supplied: it is required when "status" is "completed"`);
  }

  if (body.output !== undefined && body.output !== null) {
    const output = validateOutput(body.output, mode);
    if (typeof output === "string") return fail(output);
    changes.output = output;
  }
  return { ok: true, changes };
}
