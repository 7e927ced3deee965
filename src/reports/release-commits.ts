/**
 * Each commit of a release in words and as the JSON contract's `commits` entry (PRODUCT.md, "Release
 * report"): assessed, not relevant, bypass or unassessed, with what the trail says of it. Pure.
 */
import type { VerificationEvidence } from "../audit/evidence.js";
import { verificationFlags } from "../audit/verification.js";
import type { ReleaseCommit } from "./read-model.js";
import { bypassText, formatTime, shortSha } from "./text.js";

/** One `commits` entry of the JSON report: the contract's `sha`, `status`, `pr`, and what explains them. */
export interface ReleaseCommitJson {
  sha: string;
  status: ReleaseCommit["status"];
  pr: number | null;
  /** The merge commit of the change it came with, and when it reached the branch. */
  mergeSha: string | null;
  mergedAt: string | null;
  /** When the gate last judged the change (at merge), and the configuration's blob SHA it judged under. */
  classifiedAt: string | null;
  configSha: string | null;
  rules: string[];
  /** The sign-offs that counted at merge (`assessed`). */
  signOffs: { role: string; actor: string; at: string; headSha: string; meaning: string }[];
  /** `bypass`: why, and the CSO's review of it (null: not reviewed). */
  bypass: {
    reason: string;
    detail: string;
    issue: number | null;
    review: { decision: string; by: string; at: string; reason: string } | null;
  } | null;
  /** The other checks on the merged head, and what in them an auditor must notice (null: not recorded). */
  verification: (VerificationEvidence & { flags: string[] }) | null;
}

/** The JSON entry of one commit. */
export function releaseCommitJson(c: ReleaseCommit): ReleaseCommitJson {
  const row = c.change;
  return {
    sha: c.sha,
    status: c.status,
    pr: c.pr,
    mergeSha: row?.mergeSha ?? null,
    mergedAt: row?.mergedAt ?? null,
    classifiedAt: row === null || row.gateState === null ? null : row.mergedAt,
    configSha: row?.configSha ?? null,
    rules: row?.rules ?? [],
    signOffs: (row?.signOffs ?? []).map(({ role, actor, at, headSha, meaning }) => ({ role, actor, at, headSha, meaning })),
    bypass:
      row?.bypass === null || row?.bypass === undefined
        ? null
        : { reason: row.bypass.reason, detail: row.bypass.detail, issue: row.bypass.issue, review: row.bypass.review ?? null },
    verification: row?.verification ? { ...row.verification, flags: verificationFlags(row.verification) } : null,
  };
}

/** What the trail says of one commit, in a sentence (without the state's own name). */
export function releaseCommitDetail(c: ReleaseCommit): string {
  const row = c.change;
  if (row === null) return "no record in the audit trail: nothing shows this change was assessed";
  const config = row.configSha === null ? "no configuration" : `config ${shortSha(row.configSha)}`;
  const checks = verificationFlags(row.verification);
  const checked = checks.length === 0 ? "" : `; merged with a check failing or missing: ${checks.join("; ")}`;
  switch (c.status) {
    case "assessed": {
      const signed = row.signOffs.map((s) => `${s.role} ${s.actor} at ${formatTime(s.at)}`).join(", ");
      return `${signed === "" ? "passed the gate" : `signed off by ${signed}`}, under ${config}${checked}`;
    }
    case "not-relevant":
      return `classified not clinically relevant at ${formatTime(row.mergedAt)}, under ${config}${checked}`;
    case "bypass": {
      const review = row.bypass?.review;
      const reviewed = review ? `reviewed by ${review.by} on ${formatTime(review.at)} (${review.decision})` : "not reviewed";
      return `${row.bypass ? bypassText(row.bypass) : "without a passing gate"}; ${reviewed}${checked}`;
    }
    default:
      return "no record in the audit trail";
  }
}

/** The state as a person reads it. */
export const COMMIT_STATUS_TEXT: Record<ReleaseCommit["status"], string> = {
  assessed: "assessed",
  "not-relevant": "not relevant",
  bypass: "bypass",
  unassessed: "UNASSESSED",
};
