/**
 * A merged change as the exports write it, shared by the merge history and the release report so that the
 * same change reads the same in both. CSV cells go through `src/audit/csv.ts` (formula-safe): a PR title
 * such as `=HYPERLINK(…)` must stay text in the CSO's spreadsheet.
 */
import { csvRow } from "../../audit/csv.js";
import { describeRating } from "../../hazards/risk-matrix.js";
import { auditUrl } from "../../reports/links.js";
import type { HistoryRow } from "../../reports/read-model.js";
import { bypassText } from "../../reports/text.js";
import { hazardsText, signOffsText } from "./components.js";

/** The columns of {@link changeCsvRow}. */
export const CHANGE_CSV_COLUMNS = [
  "repo",
  "pr",
  "title",
  "merged_at",
  "merged_by",
  "merge_sha",
  "head_sha",
  "risk",
  "hazards",
  "required_roles",
  "sign_offs",
  "bypass",
  "audit_url",
] as const;

/** One change as the cells of a CSV row (unquoted: {@link csvRow} quotes and defuses them). */
export function changeCells(row: HistoryRow, publicUrl: string): string[] {
  return [
    row.repo,
    row.pr === null ? "" : String(row.pr),
    row.title,
    row.mergedAt,
    row.mergedBy,
    row.mergeSha ?? "",
    row.headSha ?? "",
    row.risk === null ? "" : describeRating(row.risk),
    hazardsText(row.hazards),
    row.requiredRoles.join("; "),
    signOffsText(row.signOffs),
    row.bypass === null ? "" : bypassText(row.bypass),
    auditUrl(row, publicUrl) ?? "",
  ];
}

/** A whole CSV file of changes, with its header row. */
export function changesCsv(rows: readonly HistoryRow[], publicUrl: string): string {
  return csvRow(CHANGE_CSV_COLUMNS) + rows.map((row) => csvRow(changeCells(row, publicUrl))).join("");
}
