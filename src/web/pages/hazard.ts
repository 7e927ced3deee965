/**
 * `/audit/:owner/:repo/hazard/:id`: a hazard's entry in the hazard log (read now, at the default branch),
 * its history (every merged change to the entry, before → after, with who approved it at which SHA) and
 * every PR that linked it (from the trail). A hazard that has left the log (it should not: hazards are
 * closed, never deleted) still shows what the PRs recorded about it.
 */
import { csvRow } from "../../audit/csv.js";
import { describeRating } from "../../hazards/risk-matrix.js";
import type { Hazard } from "../../hazards/schema.js";
import { html, type Html } from "../html.js";
import { readHazardLinks, type HazardLinkRow } from "../../reports/read-model.js";
import type { PageDeps, PageRequest, PageResponse } from "../types.js";
import { auditUrl, pullPath } from "../../reports/links.js";
import { bypassText } from "../../reports/text.js";
import { changeJson } from "../../reports/change-json.js";
import { bypassCell, hazardPath, signOffList, signOffsText } from "./components.js";
import { timeElement } from "./format.js";
import { readHazardLog, type HazardLogRead } from "./hazard-log-read.js";
import { readHazardTrail, type HazardHistoryEntry } from "../../reports/hazard-history.js";
import { historyEntry } from "./hazard-change.js";
import { hazardIndexPath } from "./hazard-index.js";
import { badRequest, download, downloadLinks, jsonBody, notFound, page, requestedFormat } from "./respond.js";

/** The hazard page, or the list of its PRs as CSV/JSON. The caller has checked that the person can read `repo`. */
export async function hazardPage(request: PageRequest, deps: PageDeps, repo: string, hazardId: string): Promise<PageResponse> {
  const format = requestedFormat(request.url, ["csv", "json"] as const);
  if (format === undefined) return badRequest("This list can be downloaded as format=csv or format=json.");
  const [log, links, trail] = await Promise.all([
    readHazardLog(request.github, repo),
    readHazardLinks(deps.audit, repo, hazardId),
    readHazardTrail(deps.audit, repo),
  ]);
  const entry = log.hazards.find((h) => h.id === hazardId);
  const history = trail.history(hazardId);
  if (entry === undefined && links.length === 0 && history.length === 0) return notFound(request.github.login);

  const name = `${repo}-${hazardId}-pull-requests`;
  if (format === "csv") return download("csv", name, linksCsv(links, deps.publicUrl));
  if (format === "json") {
    return download(
      "json",
      name,
      jsonBody({
        repo,
        hazardId,
        hazard: entry ?? null,
        logPath: log.path,
        pullRequests: links.map((l) => linkJson(l, deps.publicUrl)),
        history: history.map((e) => historyJson(e, deps.publicUrl)),
      }),
    );
  }

  const title = entry?.title ?? links.find((l) => l.hazard?.title)?.hazard?.title ?? history.at(-1)?.change.title ?? "";
  const body = html`<p><a href="${hazardIndexPath(repo)}">All hazards of ${repo}</a></p>
${logNotices(log, hazardId, entry)}
${entry ? fields(repo, entry) : ""}
<h2 id="history">History in the hazard log</h2>
${
  history.length === 0
    ? html`<p>The trail records no merged change to this hazard's entry.</p>`
    : html`<p>Every merged pull request that changed this entry, newest first: what it changed, who approved it, at which commit, and the version (blob) of the log it produced.</p>
${[...history].reverse().map(historyEntry)}`
}
<h2 id="pull-requests">Pull requests that linked ${hazardId}</h2>
${links.length === 0 ? html`<p>No pull request has linked this hazard.</p>` : html`${downloadLinks(request.url, ["csv", "json"], "Download this list as")}${linksTable(links)}`}`;
  return page(200, { title: `${hazardId}${title ? `: ${title}` : ""}`, user: request.github.login, body, repo });
}

function logNotices(log: HazardLogRead, hazardId: string, entry: Hazard | undefined): Html {
  const notes: Html[] = [];
  if (log.configNote) notes.push(html`<p>${log.configNote}</p>`);
  if (log.state === "absent") notes.push(html`<p>There is no hazard log at <code>${log.path}</code> on the default branch.</p>`);
  if (log.state === "invalid") {
    notes.push(
      html`<p>The hazard log at <code>${log.path}</code> has ${log.problems.length} ${log.problems.length === 1 ? "problem" : "problems"}; the entries that could be read are shown.</p>`,
    );
  }
  if (entry === undefined && log.state !== "absent") {
    notes.push(
      html`<p>${hazardId} is not in the hazard log at <code>${log.path}</code> on the default branch. Below is what the pull requests recorded about it.</p>`,
    );
  }
  return notes.length === 0 ? html`` : html`<div class="notice warn" role="note">${notes}</div>`;
}

function fields(repo: string, h: Hazard): Html {
  const row = (label: string, value: Html | string | undefined) =>
    value === undefined || value === "" ? "" : html`<dt>${label}</dt><dd>${value}</dd>`;
  const items = (values: readonly string[]) =>
    values.length === 0 ? undefined : html`<ul class="plain">${values.map((v) => html`<li>${v}</li>`)}</ul>`;
  const controls = h.additional_controls.map(
    (c) => html`<li><strong>${c.type}</strong>: ${c.description}${c.evidence ? html` (evidence: <code>${c.evidence}</code>)` : ""}</li>`,
  );
  return html`<h2 id="entry">In the hazard log</h2>
<dl class="fields">
${row("Status", h.status)}
${row("Description", h.description)}
${row("Cause", h.cause)}
${row("Effect", h.effect)}
${row("Harm", h.harm)}
${row("Existing controls", items(h.existing_controls))}
${row("Initial risk", `${h.initial.severity} × ${h.initial.likelihood} → ${describeRating(h.initialRating)}`)}
${row("Additional controls", controls.length ? html`<ul class="plain">${controls}</ul>` : undefined)}
${row("Residual risk", `${h.residual.severity} × ${h.residual.likelihood} → ${describeRating(h.residualRating)}`)}
${row("Justification", h.justification)}
${row("Owner", h.owner)}
${row("Raised", h.raised)}
${row("Updated", h.updated)}
${row("Code", h.code.length ? html`<ul class="plain">${h.code.map((g) => html`<li><code>${g}</code></li>`)}</ul>` : undefined)}
${row("Related hazards", h.references.length ? html`<ul class="plain">${h.references.map((id) => html`<li><a href="${hazardPath(repo, id)}">${id}</a></li>`)}</ul>` : undefined)}
</dl>`;
}

function linksTable(links: readonly HazardLinkRow[]): Html {
  const rows = links.map(
    (l) => html`<tr>
<th scope="row"><a href="${pullPath(l.repo, l.pr)}">${l.repo}#${l.pr}</a></th>
<td>${l.title}</td>
<td>${l.linkedAt ? html`${timeElement(l.linkedAt)}${l.linkedBy ? html` by ${l.linkedBy}` : ""}${l.source ? html`<br><span class="muted">in ${l.source}</span>` : ""}` : html`<span class="muted">at merge</span>`}</td>
<td>${l.merge ? timeElement(l.merge.mergedAt) : html`<span class="muted">not merged</span>`}</td>
<td>${l.hazard?.residualRating != null ? describeRating(l.hazard.residualRating) : "—"}</td>
<td>${l.merge ? signOffList(l.merge.signOffs) : "—"}</td>
<td>${l.merge ? bypassCell(l.merge.bypass) : "—"}</td>
</tr>
`,
  );
  return html`<table>
<caption>Pull requests that linked this hazard, newest first</caption>
<thead><tr><th scope="col">PR</th><th scope="col">Title</th><th scope="col">Linked</th><th scope="col">Merged</th><th scope="col">Residual risk recorded</th><th scope="col">Sign-offs</th><th scope="col">Bypass</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

const LINK_COLUMNS = [
  "repo",
  "pr",
  "title",
  "linked_at",
  "linked_by",
  "source",
  "merged_at",
  "merge_sha",
  "residual_risk",
  "sign_offs",
  "bypass",
  "audit_url",
] as const;

function linksCsv(links: readonly HazardLinkRow[], publicUrl: string): string {
  const rows = links.map((l) =>
    csvRow([
      l.repo,
      String(l.pr),
      l.title,
      l.linkedAt ?? "",
      l.linkedBy ?? "",
      l.source ?? "",
      l.merge?.mergedAt ?? "",
      l.merge?.mergeSha ?? "",
      l.hazard?.residualRating != null ? describeRating(l.hazard.residualRating) : "",
      l.merge ? signOffsText(l.merge.signOffs) : "",
      l.merge?.bypass ? bypassText(l.merge.bypass) : "",
      auditUrl(l, publicUrl) ?? "",
    ]),
  );
  return csvRow(LINK_COLUMNS) + rows.join("");
}

function linkJson(l: HazardLinkRow, publicUrl: string) {
  return {
    repo: l.repo,
    pr: l.pr,
    title: l.title,
    linkedAt: l.linkedAt,
    linkedBy: l.linkedBy,
    source: l.source,
    hazard: l.hazard,
    merge: l.merge ? changeJson(l.merge, publicUrl) : null,
    auditUrl: auditUrl(l, publicUrl),
  };
}

function historyJson(e: HazardHistoryEntry, publicUrl: string) {
  return {
    pr: e.pr,
    title: e.title,
    mergedAt: e.mergedAt,
    mergedBy: e.mergedBy,
    headSha: e.headSha,
    mergeSha: e.mergeSha,
    passed: e.passed,
    logPath: e.path,
    blobBefore: e.blobBefore,
    blobAfter: e.blobAfter,
    change: e.change,
    signOffs: e.signOffs,
    auditUrl: auditUrl({ repo: e.repo, pr: e.pr }, publicUrl),
  };
}
