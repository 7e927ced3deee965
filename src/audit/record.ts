/**
 * The audit record: one decision of the gate, as the Clinical Safety Officer will read it years later,
 * chained to the record before it by a SHA-256 hash so that a change or a removal shows.
 *
 * Pure: no database, no clock. The store assigns `seq` and `prevHash` under a lock and calls
 * {@link sealRecord}; `verify` recomputes {@link recordHash} for every record.
 */
import { createHash } from "node:crypto";
import { canonicalJson, type JsonValue } from "./canonical-json.js";

/** Every kind of decision the trail records (PRODUCT.md, "Audit trail"). */
export const AUDIT_KINDS = [
  "classification",
  "answer",
  "hazard-link",
  "sign-off",
  "revocation",
  "objection",
  "objection-withdrawn",
  "not-relevant",
  "void",
  "check-conclusion",
  "head",
  "merge",
  "bypass",
  "merge-group",
  /** The CSO's retrospective decision on a bypass (`/safety review-bypass`; core/bypass-review.ts). */
  "bypass-review",
  /**
   * The CSO's approval of a release (a range of commits, both refs resolved to SHAs), signed on the audit
   * pages; the release report shows the latest one for its exact range.
   */
  "release-approval",
  /** Reviews the gate asked of the required roles' teams, once per team and PR (core/reviewers.ts). */
  "review-request",
] as const;

/** One of {@link AUDIT_KINDS}. */
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** A JSON object: the shape of a record's `data`. */
export type JsonObject = { [key: string]: JsonValue };

/** The `prevHash` of the first record: there is nothing before it. */
export const GENESIS_HASH = "0".repeat(64);

/** One stored audit record. */
export interface AuditRecord {
  /** Position in the chain: 1, 2, 3… with no gaps, so a missing number is a removed record. */
  seq: number;
  /** A UUID, lower case: names the record in exports and links. */
  id: string;
  kind: AuditKind;
  /** GitHub login of who acted (the app's own login for what the app decided). */
  actor: string;
  /** When it happened, ISO-8601 UTC with milliseconds (`2026-01-31T09:30:00.000Z`). */
  at: string;
  /** `owner/name`. */
  repo: string;
  /** The pull request, or null for what happened outside one (a direct push to the default branch). */
  pr: number | null;
  headSha: string | null;
  /** Blob SHA of the configuration the decision was made under, when known. */
  configSha: string | null;
  /**
   * The evidence: the evaluation's reasons, the answers, the sign-off with its meaning… A string `title`
   * (the PR title) is shown as a column of its own in CSV and Markdown exports.
   */
  data: JsonObject;
  /** {@link hash} of the record before, or {@link GENESIS_HASH}. */
  prevHash: string;
  /** {@link recordHash} of this record. */
  hash: string;
}

/** What is hashed besides `prevHash`: the record without its chain fields. */
export type AuditBody = Omit<AuditRecord, "prevHash" | "hash">;

/**
 * What a caller appends: the store adds `seq`, `prevHash` and `hash`, and an `id` when none is given.
 * `data` is checked to be plain JSON when appended (see canonical-json.ts): typed as an open record so
 * that object literals holding the core's interfaces can be passed as they are.
 */
export interface AuditInput {
  id?: string;
  kind: AuditKind;
  actor: string;
  at: string;
  repo: string;
  pr: number | null;
  headSha: string | null;
  configSha: string | null;
  data: Readonly<Record<string, unknown>>;
}

/**
 * SHA-256 (lower-case hex) of the canonical JSON of the record without `hash`: the body's fields and
 * `prevHash`. Only the named fields are read, so a whole record can be passed as `body`.
 */
export function recordHash(prevHash: string, body: AuditBody): string {
  const hashed = {
    seq: body.seq,
    id: body.id,
    kind: body.kind,
    actor: body.actor,
    at: body.at,
    repo: body.repo,
    pr: body.pr,
    headSha: body.headSha,
    configSha: body.configSha,
    data: body.data,
    prevHash,
  };
  return createHash("sha256").update(canonicalJson(hashed), "utf8").digest("hex");
}

/** The record `body` becomes when it follows the record whose hash is `prevHash`. */
export function sealRecord(body: AuditBody, prevHash: string): AuditRecord {
  return { ...body, prevHash, hash: recordHash(prevHash, body) };
}
