/**
 * Checks and normalises what a caller appends, before it is hashed. Everything a record holds must come
 * back from PostgreSQL exactly as it was hashed, or `verify` would report an intact record as altered:
 * times are normalised to the millisecond ISO form PostgreSQL returns, ids to lower case, and values
 * PostgreSQL cannot store (a NUL character) are refused here with a clear message instead of by the
 * database with an obscure one.
 */
import { canonicalJson } from "./canonical-json.js";
import { AUDIT_KINDS, type AuditBody, type AuditInput, type JsonObject } from "./record.js";

/** A record the store refuses to append, with the field at fault. */
export class AuditInputError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`audit record ${field}: ${problem}`);
    this.name = "AuditInputError";
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ISO-8601 with an explicit zone: a time without one would be read in the server's zone. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const REPO = /^[^/\s]+\/[^/\s]+$/;
/** PostgreSQL's INTEGER, the column type of `pr`. */
const MAX_INT4 = 2 ** 31 - 1;
const KINDS: ReadonlySet<string> = new Set(AUDIT_KINDS);

/**
 * The body of the record `input` becomes, without its `seq` (assigned by the store under its lock).
 * @param newId gives the id when the input has none (the store passes `randomUUID`)
 * @throws {AuditInputError} naming the first field that cannot be recorded as given
 */
export function normaliseAuditInput(input: AuditInput, newId: () => string): Omit<AuditBody, "seq"> {
  const id = input.id ?? newId();
  if (!UUID.test(id)) throw new AuditInputError("id", `${JSON.stringify(id)} is not a UUID`);
  if (!KINDS.has(input.kind)) throw new AuditInputError("kind", `${JSON.stringify(input.kind)} is not one of ${AUDIT_KINDS.join(", ")}`);
  return {
    id: id.toLowerCase(),
    kind: input.kind,
    actor: text("actor", input.actor),
    at: time(input.at),
    repo: repo(input.repo),
    pr: pr(input.pr),
    headSha: input.headSha === null ? null : text("headSha", input.headSha),
    configSha: input.configSha === null ? null : text("configSha", input.configSha),
    data: data(input.data),
  };
}

function text(field: string, value: unknown): string {
  if (typeof value !== "string" || value === "") throw new AuditInputError(field, "must be a non-empty string");
  if (value.includes("\u0000")) throw new AuditInputError(field, "must not contain a NUL character");
  return value;
}

function time(value: unknown): string {
  const at = text("at", value);
  const ms = Date.parse(at);
  if (!ISO_TIME.test(at) || Number.isNaN(ms)) {
    throw new AuditInputError("at", `${JSON.stringify(at)} is not an ISO-8601 time with a zone`);
  }
  return new Date(ms).toISOString();
}

function repo(value: unknown): string {
  const name = text("repo", value);
  if (!REPO.test(name)) throw new AuditInputError("repo", `${JSON.stringify(name)} is not owner/name`);
  return name;
}

function pr(value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_INT4) {
    throw new AuditInputError("pr", "must be a positive whole number or null");
  }
  return value;
}

function data(value: unknown): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AuditInputError("data", "must be a JSON object");
  }
  let canonical: string;
  try {
    canonical = canonicalJson(value);
  } catch (error) {
    throw new AuditInputError("data", error instanceof Error ? error.message : String(error));
  }
  // Parsing the canonical text back yields a deep copy holding exactly what was hashed: a caller that
  // mutates its object afterwards cannot change the record.
  const copy = JSON.parse(canonical) as JsonObject;
  if (hasNul(copy)) throw new AuditInputError("data", "must not contain a NUL character (PostgreSQL cannot store it)");
  return copy;
}

function hasNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(hasNul);
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).some(([key, item]) => key.includes("\u0000") || hasNul(item));
  }
  return false;
}
