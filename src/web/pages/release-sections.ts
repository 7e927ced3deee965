/**
 * The release report's sections for the safety case, in HTML: the risk-increased banner, the range and the
 * trail's head, the CSO's approval, the hazard log's changes, open objections and bypasses, and each change
 * in detail (answers with their reasons, hazards, signatures, other checks). Every value is escaped by the
 * `html` template.
 */
import type { SignOffEvidence } from "../../audit/evidence.js";
import { pullPath, pushPath } from "../../reports/links.js";
import type { HistoryRow } from "../../reports/read-model.js";
import { approvePath } from "../../reports/release-approval.js";
import { approversText, hazardChangeText, RISK_INCREASED, ratingText, type RiskIncrease } from "../../reports/release-hazards.js";
import type { OpenObjection, ReleaseChange, ReleaseReport } from "../../reports/release-report.js";
import { bypassText, formatTime } from "../../reports/text.js";
import { html, type Html } from "../html.js";
import { bypassCell, changeLink, hazardPath } from "./components.js";
import { shaElement, timeElement } from "./format.js";
import { verificationBlock } from "./verification.js";

/**
 * Print rules that make the report fit A4 (the PDF, and a browser's own print): page margins, smaller type,
 * tables that wrap long SHAs and paths instead of running off the page, headings kept with what follows.
 */
export const RELEASE_PRINT_CSS = `
@page{size:A4;margin:14mm 12mm}
@media print{
html{font-size:9.5pt;line-height:1.35}
main{max-width:none;padding:0}
h1{font-size:15pt;margin-top:0}
h2{font-size:12pt;margin:1.2em 0 .4em;break-after:avoid}
h3{font-size:10.5pt;margin:1em 0 .3em;break-after:avoid}
table{font-size:8pt;width:100%}
th,td{padding:2px 4px;overflow-wrap:break-word}
thead{display:table-header-group}
tr,.notice,dl.fields{break-inside:avoid}
code,.sha{overflow-wrap:anywhere;white-space:normal}
time{white-space:normal}
.release-change{break-inside:auto}
.notice.warn{border-left-width:6px}
a[href]{color:inherit;text-decoration:none}
}
.release-change{border-top:1px solid var(--line);margin-top:1.5rem}
.risk-increased ul{margin:.25rem 0 0}
`;

/** The banner, first on the page, when a residual rating went up over the release. */
export function riskBanner(repo: string, increases: readonly RiskIncrease[]): Html {
  if (increases.length === 0) return html``;
  const items = increases.map(
    (r) =>
      html`<li><a href="${hazardPath(repo, r.id)}">${r.id}</a>${r.title ? html` ${r.title}` : ""}: residual ${ratingText(r.residualBefore)} → <strong>${ratingText(r.residualAfter)}</strong>${
        r.prs.length === 0
          ? ""
          : html`, by ${r.prs.map((pr, i) => html`${i > 0 ? ", " : ""}${pr === null ? "a direct push" : html`<a href="${pullPath(repo, pr)}">#${pr}</a>`}`)}`
      }</li>`,
  );
  return html`<div class="notice warn risk-increased" role="alert"><p><strong>${RISK_INCREASED}.</strong> Residual risk went up in this release for:</p><ul>${items}</ul></div>`;
}

/** The range as resolved, and the trail's head the report was read at. */
export function rangeAndHead(report: ReleaseReport): Html {
  return html`<dl class="fields" aria-label="What this report covers">
<dt>From</dt><dd><code>${report.from}</code> at <code class="sha">${report.fromSha}</code></dd>
<dt>To</dt><dd><code>${report.to}</code> at <code class="sha">${report.toSha}</code></dd>
<dt>Audit trail head</dt><dd>record ${report.auditHead.seq}, hash <code class="sha">${report.auditHead.hash}</code> (at the time of this report, ${formatTime(report.generatedAt)})</dd>
</dl>`;
}

/** The CSO's approval of exactly this range, or "Not approved" with the way to approve it. */
export function approvalSection(report: ReleaseReport): Html {
  const a = report.approval;
  if (a === null) {
    return html`<section aria-label="Release approval"><h2>Release approval</h2>
<div class="notice warn"><p><strong>Not approved</strong>: no release approval by the CSO is recorded for this range.</p>
<p><a href="${approvePath(report.repo, report.from, report.to)}">Approve this release</a></p></div></section>`;
  }
  return html`<section aria-label="Release approval"><h2>Release approval</h2>
<div class="notice ok"><p><strong>Approved</strong> by ${a.name === null ? html`<strong>${a.by}</strong>` : html`<strong>${a.name}</strong> (${a.by})`} on ${timeElement(a.at)}: ${a.meaning}.</p>
<dl class="fields">${a.method ? html`<dt>Method</dt><dd>${a.method}</dd>` : ""}${a.rationale === undefined ? "" : html`<dt>Rationale</dt><dd>${a.rationale}</dd>`}${
    a.auditHead === null ? "" : html`<dt>Trail when signed</dt><dd>record ${a.auditHead.seq}, hash <code class="sha">${a.auditHead.hash}</code></dd>`
  }</dl></div></section>`;
}

/** What the release changed in the hazard log: each hazard's change with its PR, approvers and commit. */
export function hazardLogSection(report: ReleaseReport): Html {
  const heading = html`<h2>Hazard log changes in this release</h2>`;
  if (report.hazardChanges.length === 0) {
    return html`<section aria-label="Hazard log changes">${heading}<p>No change to the hazard log was merged in this release.</p></section>`;
  }
  const rows = report.hazardChanges.map(
    (h) =>
      html`<tr><th scope="row"><a href="${hazardPath(report.repo, h.id)}">${h.id}</a>${h.title ? html` ${h.title}` : ""}</th><td>${h.change === "added" ? html`<span class="badge">added</span> ` : ""}${hazardChangeText(h)}</td><td>${
        h.pr === null
          ? h.mergeSha === null
            ? html`direct push`
            : html`<a href="${pushPath(report.repo, h.mergeSha)}">direct push</a>`
          : html`<a href="${pullPath(report.repo, h.pr)}">#${h.pr}</a>`
      }</td><td>${h.bypass ? html`<span class="badge warn">${approversText(h)}</span>` : signers(h.approvers)}</td><td>${shaElement(h.mergeSha)}</td><td>${shaElement(h.blobBefore)} → ${shaElement(h.blobAfter)}</td></tr>
`,
  );
  return html`<section aria-label="Hazard log changes">${heading}
<table>
<caption>${report.hazardChanges.length} ${report.hazardChanges.length === 1 ? "change" : "changes"} to hazards, in merge order</caption>
<thead><tr><th scope="col">Hazard</th><th scope="col">Change</th><th scope="col">PR</th><th scope="col">Approved by</th><th scope="col">Merge commit</th><th scope="col">Log version (blob)</th></tr></thead>
<tbody>${rows}</tbody>
</table></section>`;
}

function signers(signOffs: readonly SignOffEvidence[]): Html {
  if (signOffs.length === 0) return html`<span class="muted">no sign-off recorded</span>`;
  return html`<ul class="plain">${signOffs.map((s) => html`<li>${s.name ? html`${s.name} (${s.actor})` : s.actor}, ${s.role}</li>`)}</ul>`;
}

/** Bypasses of the release with their review, and objections never withdrawn. */
export function objectionsAndBypasses(report: ReleaseReport): Html {
  const heading = html`<h2>Open objections and bypasses</h2>`;
  if (report.bypasses.length === 0 && report.openObjections.length === 0) {
    return html`<section aria-label="Open objections and bypasses">${heading}<p>No open objection and no bypass in this release.</p></section>`;
  }
  const bypasses = report.bypasses.map(
    (b: HistoryRow) => html`<li>${changeLink(b)}${b.title ? html` ${b.title}` : ""}: ${bypassCell(b.bypass)}</li>`,
  );
  const objections = report.openObjections.map((o) => html`<li>${objectionText(o)}</li>`);
  return html`<section aria-label="Open objections and bypasses">${heading}<ul>${bypasses}${objections}</ul></section>`;
}

function objectionText(o: OpenObjection): Html {
  return html`<span class="badge warn">Open objection</span> on <a href="${pullPath(o.repo, o.pr)}">${o.repo}#${o.pr}</a> by <strong>${o.by}</strong> (${o.role}) on ${timeElement(o.at)}: ${o.reason}`;
}

/** Each clinically relevant change with its answers and reasons, hazards, signatures and other checks. */
export function changesInDetail(report: ReleaseReport): Html {
  if (report.changes.length === 0) return html``;
  return html`<section aria-label="Changes in detail"><h2>Changes in detail</h2>${report.changes.map((c) => changeDetail(report.repo, c))}</section>`;
}

function changeDetail(repo: string, change: ReleaseChange): Html {
  const c = change.row;
  const answers = change.answers.map(
    (a) =>
      html`<tr><th scope="row">${a.question || a.questionId} <code>${a.questionId}</code></th><td>${a.answer === null ? html`<span class="muted">unanswered</span>` : html`<strong>${a.answer === "yes" ? "Yes" : "No"}</strong>`}</td><td>${a.reason ? html`because ${a.reason}` : html`<span class="muted">—</span>`}</td><td>${a.answeredBy ?? ""}${a.answeredAt ? html`, ${timeElement(a.answeredAt)}` : ""}</td></tr>`,
  );
  const hazards = c.hazards.map(
    (h) =>
      html`<li><a href="${hazardPath(repo, h.id)}">${h.id}</a>${h.title ? html` ${h.title}` : ""}: initial ${ratingText(h.initialRating)}, residual ${ratingText(h.residualRating)}${h.status ? html`, ${h.status}` : ""}</li>`,
  );
  const signOffs = c.signOffs.map(
    (s) =>
      html`<tr><th scope="row">${s.name === undefined ? s.actor : html`${s.name} <span class="muted">(${s.actor})</span>`}</th><td>${s.role}</td><td>${timeElement(s.at)}</td><td>${s.meaning}</td><td><code class="sha">${s.headSha}</code></td></tr>`,
  );
  return html`<article class="release-change" aria-label="${c.pr === null ? "Direct push" : `#${c.pr}`}"><h3>${changeLink(c)}${c.title ? html`: ${c.title}` : ""}</h3>
<p>${c.pr === null ? "Pushed" : "Merged"} ${timeElement(c.mergedAt)} by ${c.mergedBy} as ${shaElement(c.mergeSha ?? c.headSha)}${c.headSha && c.headSha !== c.mergeSha ? html` (head ${shaElement(c.headSha)})` : ""} · ${
    c.bypass === null ? html`<span class="badge ok">gate passed</span>` : html`<span class="badge warn">Bypass</span> ${bypassText(c.bypass)}`
  }${c.rules.length ? html` · rules ${c.rules.join(", ")}` : ""}</p>
${
  answers.length === 0
    ? html`<p>Checklist: <span class="muted">no answer recorded</span></p>`
    : html`<table><caption>Checklist at merge</caption><thead><tr><th scope="col">Question</th><th scope="col">Answer</th><th scope="col">Reason</th><th scope="col">Answered by</th></tr></thead><tbody>${answers}</tbody></table>`
}
<p>Hazards:</p>${hazards.length === 0 ? html`<p class="muted">none linked</p>` : html`<ul>${hazards}</ul>`}
${
  signOffs.length === 0
    ? html`<p>Sign-offs: <span class="muted">none</span></p>`
    : html`<table><caption>Sign-offs that counted at merge</caption><thead><tr><th scope="col">Signer (login)</th><th scope="col">Role</th><th scope="col">Signed</th><th scope="col">Meaning</th><th scope="col">Commit</th></tr></thead><tbody>${signOffs}</tbody></table>`
}
<div>Other checks: ${verificationBlock(change.verification)}</div>
${change.openObjections.length === 0 ? "" : html`<ul class="plain">${change.openObjections.map((o) => html`<li>${objectionText(o)}</li>`)}</ul>`}
</article>`;
}
