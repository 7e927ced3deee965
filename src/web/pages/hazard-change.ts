/**
 * One merged change to a hazard's entry, shown the same way wherever it appears: the ratings and status
 * before → after, the fields that changed with their values, who approved it (printed name, role, meaning,
 * time, commit) and which version of the log it produced.
 */
import type { SignOffEvidence } from "../../audit/evidence.js";
import type { JsonValue } from "../../audit/canonical-json.js";
import type { HazardLogChange } from "../../audit/hazard-log-version.js";
import { describeRating } from "../../hazards/risk-matrix.js";
import type { HazardHistoryEntry } from "../../reports/hazard-history.js";
import { pullPath } from "../../reports/links.js";
import { html, type Html } from "../html.js";
import { shaElement, timeElement } from "./format.js";

/** What the change did, in words a CSO uses. */
export const CHANGE_WORDS: Readonly<Record<HazardLogChange["change"], string>> = {
  added: "Added",
  rescored: "Re-scored",
  closed: "Closed",
  changed: "Changed",
};

/** Whether the change raised a rating (the safety case must then be re-issued, DCB0129 §7.3). */
export function riskIncreased(c: HazardLogChange): boolean {
  const up = (before: number | null, after: number | null) => before !== null && after !== null && after > before;
  return up(c.initialBefore, c.initialAfter) || up(c.residualBefore, c.residualAfter);
}

/** `3 — undesirable → 4 — must be reduced`, or the one value when it did not change. */
export function ratingChange(before: number | null, after: number | null): Html {
  const word = (n: number | null) => (n === null ? "none" : describeRating(n));
  if (before === after) return html`${word(after)} <span class="muted">(unchanged)</span>`;
  return html`${word(before)} → <strong>${word(after)}</strong>`;
}

function statusChange(before: string | null, after: string | null): Html {
  if (before === after) return html`${after ?? "none"} <span class="muted">(unchanged)</span>`;
  return html`${before ?? "none"} → <strong>${after ?? "deleted from the log"}</strong>`;
}

/** A field's value in a line: risks as `severity × likelihood`, controls as `type: description`. */
export function valueText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return "none";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(valueText).join("; ");
  if (typeof value.severity === "string" && typeof value.likelihood === "string") return `${value.severity} × ${value.likelihood}`;
  if (typeof value.type === "string" && typeof value.description === "string") {
    return `${value.type}: ${value.description}${typeof value.evidence === "string" ? ` (evidence: ${value.evidence})` : ""}`;
  }
  return JSON.stringify(value);
}

function fieldChanges(c: HazardLogChange): Html {
  if (c.fields.length === 0) return html`<span class="muted">none</span>`;
  const items = c.fields.map((f) => {
    if (c.change === "added") return html`<li><code>${f}</code>: ${valueText(c.after?.[f])}</li>`;
    if (c.after === undefined) return html`<li><code>${f}</code>: ${valueText(c.before?.[f])} → <strong>deleted</strong></li>`;
    return html`<li><code>${f}</code>: ${valueText(c.before?.[f])} → <strong>${valueText(c.after[f])}</strong></li>`;
  });
  return html`<ul class="plain">${items}</ul>`;
}

/** The approvals a merged change carried: printed name and login, role, meaning, time and commit. */
export function approvals(signOffs: readonly SignOffEvidence[], passed: boolean): Html {
  const bypass = passed ? "" : html` <span class="badge warn">Bypass</span> merged without a passing gate`;
  if (signOffs.length === 0) return html`<span class="muted">no sign-off counted at the merged head</span>${bypass}`;
  const items = signOffs.map(
    (s) =>
      html`<li>${s.name ? html`<strong>${s.name}</strong> (${s.actor})` : html`<strong>${s.actor}</strong>`}, ${s.role}: ${s.meaning} — ${timeElement(s.at)} on ${shaElement(s.headSha)}</li>`,
  );
  return html`<ul class="plain">${items}</ul>${bypass}`;
}

/** One merged change to the hazard, as a section of its page. */
export function historyEntry(e: HazardHistoryEntry): Html {
  const c = e.change;
  return html`<section class="change" aria-labelledby="${`change-${e.seq}`}">
<h3 id="${`change-${e.seq}`}">${CHANGE_WORDS[c.change]} in <a href="${pullPath(e.repo, e.pr)}">${e.repo}#${e.pr}</a>${e.title ? html` ${e.title}` : ""}, merged ${timeElement(e.mergedAt)}${
    riskIncreased(c) ? html` <span class="badge warn">Risk increased</span>` : ""
  }</h3>
<dl class="fields">
<dt>Initial risk</dt><dd>${ratingChange(c.initialBefore, c.initialAfter)}</dd>
<dt>Residual risk</dt><dd>${ratingChange(c.residualBefore, c.residualAfter)}</dd>
<dt>Status</dt><dd>${statusChange(c.statusBefore, c.statusAfter)}</dd>
<dt>${c.change === "added" ? "Fields" : "Changed fields"}</dt><dd>${fieldChanges(c)}</dd>
${c.justification ? html`<dt>Justification</dt><dd>${c.justification}</dd>` : ""}
<dt>Approved by</dt><dd>${approvals(e.signOffs, e.passed)}</dd>
<dt>Merged head</dt><dd>${shaElement(e.headSha)}${e.mergeSha && e.mergeSha !== e.headSha ? html` <span class="muted">(merge commit ${shaElement(e.mergeSha)})</span>` : ""}</dd>
<dt>Hazard log after</dt><dd><code>${e.path}</code> blob ${shaElement(e.blobAfter)}${e.blobBefore ? html` <span class="muted">(before: ${shaElement(e.blobBefore)})</span>` : ""}</dd>
</dl>
</section>`;
}
