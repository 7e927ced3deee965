/**
 * The release report as JSON: PRODUCT.md's contract (`repo`, `from`, `to`, `commits[{sha, status, pr}]`,
 * `hazardChanges[{id, change, pr, residualBefore, residualAfter}]`, `riskIncreased`, `approval`,
 * `auditHead`), with the evidence behind each field added beside it. The page's `format=json` and
 * `clinical-safety report release --format json` both print this. Pure.
 */
import type { SignOffEvidence } from "../audit/evidence.js";
import { changeJson, type ChangeJson } from "./change-json.js";
import { releaseCommitCounts, type HistoryRow } from "./read-model.js";
import type { ReleaseApproval } from "./release-approval.js";
import { releaseCommitJson, type ReleaseCommitJson } from "./release-commits.js";
import type { HazardChangeRow, RiskIncrease } from "./release-hazards.js";
import type { AuditHead, OpenObjection, ReleaseChange, ReleaseReport } from "./release-report.js";

/** A signature in the JSON: who (login and printed name), which role, when (UTC), what it means, which commit. */
export type SignOffJson = Omit<SignOffEvidence, "name"> & { name: string | null };

/** A bypass with its review state: null until the CSO reviews it (`/safety review-bypass`). */
export type BypassJson = {
  reason: string;
  detail: string;
  issue: number | null;
  review: { decision: string; by: string; at: string; reason: string } | null;
};

/** One change: the history's fields (as in the merge history's JSON), and the evidence the safety case needs. */
export type ReleaseChangeJson = Omit<ChangeJson, "signOffs" | "bypass"> & {
  signOffs: SignOffJson[];
  bypass: BypassJson | null;
  answers: ReleaseChange["answers"];
  verificationFlags: string[];
  openObjections: OpenObjection[];
};

/** The report. */
export interface ReleaseJson {
  repo: string;
  from: string;
  to: string;
  fromSha: string;
  toSha: string;
  generatedAt: string;
  auditHead: AuditHead;
  approval: ReleaseApproval | null;
  /** Ids of the hazards whose residual rating went up over the release. */
  riskIncreased: string[];
  /** The same, with the ratings and the changes that raised them. */
  riskIncreases: RiskIncrease[];
  hazardChanges: (Omit<HazardChangeRow, "approvers"> & { approvers: SignOffJson[] })[];
  commits: ReleaseCommitJson[];
  commitCounts: ReturnType<typeof releaseCommitCounts>;
  changes: ReleaseChangeJson[];
  bypasses: { pr: number | null; sha: string | null; title: string; bypass: BypassJson }[];
  openObjections: OpenObjection[];
  /** The clinically relevant changes grouped by hazard (a change that linked two hazards is in both). */
  groups: { hazard: HistoryRow["hazards"][number] | null; changes: ReleaseChangeJson[] }[];
}

/** The JSON as printed and downloaded: indented, one trailing newline (the page and the command line alike). */
export function releaseJsonText(report: ReleaseReport): string {
  return `${JSON.stringify(releaseJson(report), null, 2)}\n`;
}

/** The JSON form of `report`. */
export function releaseJson(report: ReleaseReport): ReleaseJson {
  const details = new Map(report.changes.map((c) => [c.row, c]));
  const change = (row: HistoryRow) => releaseChangeJson(row, details.get(row), report.publicUrl);
  return {
    repo: report.repo,
    from: report.from,
    to: report.to,
    fromSha: report.fromSha,
    toSha: report.toSha,
    generatedAt: report.generatedAt,
    auditHead: report.auditHead,
    approval: report.approval,
    riskIncreased: report.riskIncreased.map((r) => r.id),
    riskIncreases: report.riskIncreased,
    hazardChanges: report.hazardChanges.map((h) => ({ ...h, approvers: h.approvers.map(signOffJson) })),
    commits: report.commitList.map(releaseCommitJson),
    commitCounts: releaseCommitCounts(report.commitList),
    changes: report.changes.map((c) => change(c.row)),
    bypasses: report.bypasses.flatMap((row) =>
      row.bypass === null ? [] : [{ pr: row.pr, sha: row.mergeSha ?? row.headSha, title: row.title, bypass: bypassJson(row.bypass) }],
    ),
    openObjections: report.openObjections,
    groups: report.groups.map((g) => ({ hazard: g.hazard, changes: g.changes.map(change) })),
  };
}

function releaseChangeJson(row: HistoryRow, detail: ReleaseChange | undefined, publicUrl: string): ReleaseChangeJson {
  return {
    ...changeJson(row, publicUrl),
    signOffs: row.signOffs.map(signOffJson),
    bypass: row.bypass === null ? null : bypassJson(row.bypass),
    answers: detail?.answers ?? [],
    verificationFlags: detail?.verificationFlags ?? [],
    openObjections: detail?.openObjections ?? [],
  };
}

function bypassJson(b: NonNullable<HistoryRow["bypass"]>): BypassJson {
  return { reason: b.reason, detail: b.detail, issue: b.issue, review: b.review ?? null };
}

function signOffJson(s: SignOffEvidence): SignOffJson {
  return { role: s.role, actor: s.actor, name: s.name ?? null, at: s.at, meaning: s.meaning, headSha: s.headSha };
}
