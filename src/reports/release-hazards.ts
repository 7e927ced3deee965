/**
 * "Hazard log changes in this release": what each merged change of a release did to the hazard log (the
 * `hazardLog` of its `merge` record, src/audit/hazard-log-version.ts), with the change that did it, who
 * approved it and at which commit; and which hazards' residual risk went up over the release, which means
 * the safety case must be re-issued (DCB0129 §7.3). Pure.
 */
import type { SignOffEvidence } from "../audit/evidence.js";
import type { HazardLogChange, HazardLogVersion } from "../audit/hazard-log-version.js";
import type { HistoryRow } from "./read-model.js";
import { describeRating } from "../hazards/risk-matrix.js";

/** The banner's words, the same on the page, in Markdown and in the PDF. */
export const RISK_INCREASED = "Risk increased: the safety case must be re-issued (DCB0129 §7.3)";

/** One hazard's change by one merged change of the release. */
export type HazardChangeRow = HazardLogChange & {
  /** The PR that changed the log; null for a direct push. */
  pr: number | null;
  prTitle: string;
  mergeSha: string | null;
  mergedAt: string;
  /** The sign-offs that counted at merge: who approved this version of the log. Empty for a bypass. */
  approvers: SignOffEvidence[];
  /** The change reached the branch without a passing gate: nobody approved it through the gate. */
  bypass: boolean;
  /** The log file and its blob SHAs before and after the change. */
  path: string;
  blobBefore: string | null;
  blobAfter: string | null;
};

/** A hazard whose residual rating is higher at the end of the release than at its start. */
export interface RiskIncrease {
  id: string;
  title: string;
  residualBefore: number;
  residualAfter: number;
  /** The changes that raised it, in merge order. */
  prs: (number | null)[];
}

/**
 * Every hazard change of the release's changes, in merge order (time, then the trail's order), each
 * hazard within a change in the order the record lists them.
 */
export function hazardChangeRows(entries: readonly { row: HistoryRow; hazardLog: HazardLogVersion }[]): HazardChangeRow[] {
  return [...entries]
    .sort((a, b) => a.row.mergedAt.localeCompare(b.row.mergedAt) || a.row.seq - b.row.seq)
    .flatMap(({ row, hazardLog }) =>
      hazardLog.changes.map((change) => ({
        ...change,
        pr: row.pr,
        prTitle: row.title,
        mergeSha: row.mergeSha ?? row.headSha,
        mergedAt: row.mergedAt,
        approvers: row.bypass === null ? row.signOffs : [],
        bypass: row.bypass !== null,
        path: hazardLog.path,
        blobBefore: hazardLog.blobBefore,
        blobAfter: hazardLog.blobAfter,
      })),
    );
}

/**
 * The hazards whose residual rating went up over the release: the rating after the last change of the
 * release is higher than the rating before the first. A hazard added in the release is not an increase
 * (it is new to the safety case, listed as added), nor one removed; a rise undone within the release is
 * none either: no build of the release carries it. Ordered by id.
 */
export function riskIncreases(rows: readonly HazardChangeRow[]): RiskIncrease[] {
  const byId = new Map<string, HazardChangeRow[]>();
  for (const row of rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
  const increases: RiskIncrease[] = [];
  for (const [id, changes] of byId) {
    const first = changes[0] as HazardChangeRow;
    const last = changes[changes.length - 1] as HazardChangeRow;
    const [before, after] = [first.residualBefore, last.residualAfter];
    if (before === null || after === null || after <= before) continue;
    const prs = changes.filter((c) => c.residualBefore !== null && c.residualAfter !== null && c.residualAfter > c.residualBefore).map((c) => c.pr);
    increases.push({ id, title: last.title || first.title, residualBefore: before, residualAfter: after, prs: [...new Set(prs)] });
  }
  return increases.sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
}

/** What a change did to a hazard, in words: added, re-scored from → to, closed with its justification, changed fields. */
export function hazardChangeText(c: HazardLogChange): string {
  const rating = (label: string, before: number | null, after: number | null) =>
    before === after ? [] : [`${label} ${ratingText(before)} → ${ratingText(after)}`];
  switch (c.change) {
    case "added":
      return `added: initial ${ratingText(c.initialAfter)}, residual ${ratingText(c.residualAfter)}${c.statusAfter ? `, status ${c.statusAfter}` : ""}`;
    case "rescored": {
      const moves = [...rating("residual", c.residualBefore, c.residualAfter), ...rating("initial", c.initialBefore, c.initialAfter)];
      return `re-scored: ${moves.join("; ") || "rating unchanged"}${c.justification ? `; justification: ${c.justification}` : ""}`;
    }
    case "closed":
      return `closed (was ${c.statusBefore ?? "not in the log"}): ${c.justification ? `justification: ${c.justification}` : "no justification written"}`;
    default:
      if (c.statusAfter === null && c.residualAfter === null && c.initialAfter === null) return "removed from the log";
      return `changed: ${c.fields.length === 0 ? "no field named" : c.fields.join(", ")}`;
  }
}

/** Who approved a hazard change, in words. */
export function approversText(row: Pick<HazardChangeRow, "approvers" | "bypass">): string {
  if (row.bypass) return "nobody: merged without a passing gate";
  if (row.approvers.length === 0) return "no sign-off recorded";
  return row.approvers.map((s) => `${s.name ? `${s.name} (${s.actor})` : s.actor}, ${s.role}`).join("; ");
}

/** `4 — unacceptable`, or `not rated`. */
export function ratingText(rating: number | null): string {
  return rating === null ? "not rated" : describeRating(rating);
}
