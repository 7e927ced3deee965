/**
 * A merged change (or direct push) in the JSON exports: the merge history's, a hazard's and the release
 * report's, so that the same change reads the same in each. Pure.
 */
import { describeRating } from "../hazards/risk-matrix.js";
import { auditUrl } from "./links.js";
import type { HistoryRow } from "./read-model.js";

/** The JSON form of one change. */
export interface ChangeJson {
  repo: string;
  pr: number | null;
  title: string;
  author: string;
  mergedAt: string;
  mergedBy: string;
  mergeSha: string | null;
  headSha: string | null;
  relevant: boolean;
  risk: number | null;
  riskMeaning: string | null;
  hazards: HistoryRow["hazards"];
  requiredRoles: string[];
  signOffs: HistoryRow["signOffs"];
  bypass: HistoryRow["bypass"];
  /** The change's audit page, absolute (a PR's, or a direct push's); null when neither can be named. */
  auditUrl: string | null;
}

/** One change for a JSON export. */
export function changeJson(row: HistoryRow, publicUrl: string): ChangeJson {
  return {
    repo: row.repo,
    pr: row.pr,
    title: row.title,
    author: row.author,
    mergedAt: row.mergedAt,
    mergedBy: row.mergedBy,
    mergeSha: row.mergeSha,
    headSha: row.headSha,
    relevant: row.relevant,
    risk: row.risk,
    riskMeaning: row.risk === null ? null : describeRating(row.risk),
    hazards: row.hazards,
    requiredRoles: row.requiredRoles,
    signOffs: row.signOffs,
    bypass: row.bypass,
    auditUrl: auditUrl(row, publicUrl),
  };
}
