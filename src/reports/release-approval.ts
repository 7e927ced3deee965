/**
 * The CSO's approval of a release, as the release report shows it: the latest `release-approval` record of
 * the repository whose range is exactly the report's (both refs resolved to the same SHAs: a tag moved
 * since, or a branch that gained a commit, is another release and is not approved by it). Pure.
 */
import type { AuditRecord } from "../audit/record.js";
import { asObject, numberOrNull, text } from "./evidence-read.js";
import { appPath } from "./links.js";

/** The approval in the report (PRODUCT.md, "Release report": `approval`). */
export interface ReleaseApproval {
  /** The approver's login. */
  by: string;
  /** Their printed name, when the record has one. */
  name: string | null;
  /** When they approved, ISO-8601 UTC. */
  at: string;
  /** What the signature means. */
  meaning: string;
  /** How the signature was made (e.g. after a fresh GitHub sign-in). */
  method: string;
  rationale?: string;
  /** The trail's head the approver saw when signing (null: the record does not say). */
  auditHead: { seq: number; hash: string } | null;
  /** The approval's own record. */
  seq: number;
}

/** The latest approval of exactly `fromSha`…`toSha` among `records` (any order), or null. */
export function releaseApproval(records: readonly AuditRecord[], fromSha: string, toSha: string): ReleaseApproval | null {
  const same = (a: string, b: string) => a !== "" && a.toLowerCase() === b.toLowerCase();
  const latest = records
    .filter((r) => r.kind === "release-approval" && same(text(r.data, "fromSha"), fromSha) && same(text(r.data, "toSha"), toSha))
    .reduce<AuditRecord | undefined>((best, r) => (best === undefined || r.seq > best.seq ? r : best), undefined);
  if (latest === undefined) return null;
  const d = latest.data;
  const head = asObject(d.auditHead);
  const headSeq = head === undefined ? null : numberOrNull(head, "seq");
  const headHash = head === undefined ? "" : text(head, "hash");
  const rationale = text(d, "rationale");
  return {
    by: latest.actor,
    name: text(d, "name") || null,
    at: latest.at,
    meaning: text(d, "meaning"),
    method: text(d, "method"),
    ...(rationale === "" ? {} : { rationale }),
    auditHead: headSeq === null || headHash === "" ? null : { seq: headSeq, hash: headHash },
    seq: latest.seq,
  };
}

/** The audit page where the CSO approves a release (served beside the report), for the range as typed. */
export function approvePath(repo: string, from: string, to: string): string {
  return appPath(["audit", ...repo.split("/"), "release", "approve"], { from, to });
}
