/**
 * Pieces several pages show the same way (a PR link, a hazard list, sign-offs, the bypass flag), each in
 * HTML and, where exports carry it, as the plain text of a CSV cell or Markdown line.
 */
import type { HazardEvidence, SignOffEvidence } from "../../audit/evidence.js";
import { appPath, pullPath, pushPath } from "../../reports/links.js";
import type { BypassFlag, HistoryRow } from "../../reports/read-model.js";
import { bypassText, formatTime } from "../../reports/text.js";
import { html, type Html } from "../html.js";
import { riskText, shaElement, shortSha } from "./format.js";

/** The audit page of a hazard. */
export function hazardPath(repo: string, hazardId: string): string {
  return appPath(["audit", ...repo.split("/"), "hazard", hazardId]);
}

/** `acme/eprescribe#7` linked to its audit page; a direct push says so instead. */
export function changeLink(row: Pick<HistoryRow, "repo" | "pr" | "headSha">): Html {
  if (row.pr === null) {
    if (row.headSha === null) return html`${row.repo} direct push`;
    return html`<a href="${pushPath(row.repo, row.headSha)}">${row.repo} direct push <code class="sha">${shortSha(row.headSha)}</code></a>`;
  }
  return html`<a href="${pullPath(row.repo, row.pr)}">${row.repo}#${row.pr}</a>`;
}

/** Hazard ids linked to their pages, with their titles for context. */
export function hazardList(repo: string, hazards: readonly HazardEvidence[]): Html {
  if (hazards.length === 0) return html`<span class="muted">none linked</span>`;
  const items = hazards.map((h) => html`<li><a href="${hazardPath(repo, h.id)}">${h.id}</a>${h.title ? html` ${h.title}` : ""}</li>`);
  return html`<ul class="plain">${items}</ul>`;
}

/** `HAZ-002; HAZ-006`: hazards in one export cell. */
export function hazardsText(hazards: readonly HazardEvidence[]): string {
  return hazards.map((h) => h.id).join("; ");
}

/** Sign-offs as `role: login @ sha`, the meaning of each on hover and for screen readers in its title. */
export function signOffList(signOffs: readonly SignOffEvidence[]): Html {
  if (signOffs.length === 0) return html`<span class="muted">none</span>`;
  const items = signOffs.map(
    (s) => html`<li title="${s.meaning}">${s.role}: ${s.name === undefined ? "" : html`${s.name} `}${s.actor} @ ${shaElement(s.headSha)}</li>`,
  );
  return html`<ul class="plain">${items}</ul>`;
}

/** `cso: alice @ 1a2b3c4; cpm: bob @ 1a2b3c4`: sign-offs in one export cell. */
export function signOffsText(signOffs: readonly SignOffEvidence[]): string {
  return signOffs.map((s) => `${s.role}: ${s.actor} @ ${shortSha(s.headSha)}`).join("; ");
}

/** The risk cell: rating and meaning in words (never colour alone). */
export function riskCell(risk: number | null): Html {
  return risk === null ? html`<span class="muted">${riskText(risk)}</span>` : html`${riskText(risk)}`;
}

/** The bypass flag: a badge with words, and what was missing. */
export function bypassCell(bypass: BypassFlag | null): Html {
  if (bypass === null) return html`<span class="muted">no</span>`;
  const review = bypass.review;
  return html`<span class="badge warn">Bypass</span> ${bypassText(bypass)}${bypass.issue === null ? "" : html` (issue #${bypass.issue})`}${
    review ? html` — reviewed by ${review.by} on ${formatTime(review.at)} (${review.decision}): ${review.reason}` : html` — <em>not reviewed</em>`
  }`;
}
