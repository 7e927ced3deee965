/**
 * `/audit/:owner/:repo/pull/:number`: one PR's whole evidence trail in time order, with the state of the
 * hash chain that protects it. Exports as CSV (the columns of `clinical-safety audit export`) or JSON.
 */
import { exportFormat } from "../../audit/export-format.js";
import type { AuditRecord } from "../../audit/record.js";
import type { ChainVerdict } from "../../audit/verify-chain.js";
import { html, type Html } from "../html.js";
import { HistoryBuilder, readPullTrail, type HistoryRow } from "../../reports/read-model.js";
import type { PageDeps, PageRequest, PageResponse } from "../types.js";
import { bypassCell, hazardList, riskCell, signOffList } from "./components.js";
import { shaElement, timeElement } from "./format.js";
import { badRequest, download, downloadLinks, jsonBody, notFound, page, requestedFormat } from "./respond.js";
import { trailItem } from "./trail-item.js";
import { verificationBlock } from "./verification.js";

/** The PR page, or its export. The caller has checked that the person can read `repo`. */
export async function pullPage(request: PageRequest, deps: PageDeps, repo: string, pr: number): Promise<PageResponse> {
  const format = requestedFormat(request.url, ["csv", "json"] as const);
  if (format === undefined) return badRequest("This trail can be downloaded as format=csv or format=json.");
  const { records, chain } = await readPullTrail(deps.audit, repo, pr);
  if (records.length === 0) return notFound(request.github.login);

  const name = `${repo}-pr-${pr}-evidence`;
  if (format === "csv") {
    const csv = exportFormat("csv");
    return download("csv", name, csv.begin({ repo }) + records.map((r, i) => csv.record(r, i)).join("") + csv.end(records.length));
  }
  if (format === "json") return download("json", name, jsonBody({ repo, pr, chain: chainJson(chain), records }));

  const builder = new HistoryBuilder();
  for (const record of records) builder.add(record);
  const merge = builder.rows()[0];
  const title = latestTitle(records);
  const body = html`${chainStatus(chain)}
${summary(repo, pr, records, merge)}
${downloadLinks(request.url, ["csv", "json"], "Download the evidence as")}
<h2 id="trail">Evidence trail</h2>
${trailTable(records, chain)}`;
  return page(200, { title: `${repo}#${pr}${title ? `: ${title}` : ""}`, user: request.github.login, body, repo });
}

/** The verdict as the JSON export states it. */
export function chainJson(chain: ChainVerdict): Record<string, unknown> {
  return chain.ok
    ? { intact: true, records: chain.count, head: chain.head }
    : { intact: false, brokenAt: chain.at.seq, reason: chain.reason, intactBefore: chain.intact };
}

function latestTitle(records: readonly AuditRecord[]): string {
  for (let i = records.length - 1; i >= 0; i--) {
    const title = records[i]?.data.title;
    if (typeof title === "string" && title !== "") return title;
  }
  return "";
}

/**
 * The chain's verdict. A break anywhere casts doubt on everything recorded from there on, in any
 * repository, so the whole trail is verified, not only this PR's records. Only the record number and the
 * reason are shown: the broken record may belong to a repository the person cannot read.
 */
export function chainStatus(chain: ChainVerdict): Html {
  if (chain.ok) {
    return html`<div class="notice ok" role="status"><p><strong>Hash chain intact (${chain.count} ${chain.count === 1 ? "record" : "records"})</strong>: the whole audit trail was verified just now, so none of the records below has been altered or removed since it was written.</p></div>`;
  }
  return html`<div class="notice warn" role="alert"><p><strong>Hash chain broken at record ${chain.at.seq}</strong>: ${chain.reason}.</p><p>The ${chain.intact} records before it verify. Records from ${chain.at.seq} on, marked below, cannot be trusted: tell whoever runs the app, and compare with an earlier export.</p></div>`;
}

function summary(repo: string, pr: number, records: readonly AuditRecord[], merge: HistoryRow | undefined): Html {
  const first = records[0];
  const author = merge?.author || (first?.kind === "classification" && typeof first.data.author === "string" ? first.data.author : "");
  if (merge === undefined || merge.pr === null) {
    return html`<dl class="fields"><dt>Repository</dt><dd>${repo}</dd><dt>Pull request</dt><dd>#${pr}</dd>${author ? html`<dt>Author</dt><dd>${author}</dd>` : ""}<dt>Merged</dt><dd>not merged (as of the last record)</dd></dl>`;
  }
  return html`<dl class="fields">
<dt>Repository</dt><dd>${repo}</dd>
<dt>Pull request</dt><dd>#${pr}</dd>
${author ? html`<dt>Author</dt><dd>${author}</dd>` : ""}
<dt>Merged</dt><dd>${timeElement(merge.mergedAt)} by ${merge.mergedBy}, merge commit ${shaElement(merge.mergeSha)} (head ${shaElement(merge.headSha)})</dd>
<dt>Risk</dt><dd>${riskCell(merge.risk)}</dd>
<dt>Hazards</dt><dd>${hazardList(repo, merge.hazards)}</dd>
<dt>Required roles</dt><dd>${merge.requiredRoles.length ? merge.requiredRoles.join(", ") : html`<span class="muted">none</span>`}</dd>
<dt>Sign-offs at merge</dt><dd>${signOffList(merge.signOffs)}</dd>
<dt>Bypass</dt><dd>${bypassCell(merge.bypass)}</dd>
<dt>Classification at merge</dt><dd>${merge.relevant ? "clinically relevant" : "not clinically relevant"}${merge.rules.length ? html` (rules: ${merge.rules.join(", ")})` : ""}, under configuration ${merge.configSha === null ? html`<span class="muted">unknown</span>` : shaElement(merge.configSha)}</dd>
<dt>Files judged</dt><dd>${filesList(merge)}</dd>
<dt>Other checks on the merged head</dt><dd>${verificationBlock(merge.verification)}</dd>
</dl>`;
}

export function filesList(merge: Pick<HistoryRow, "files" | "moreFiles">): Html {
  if (merge.files.length === 0) return html`<span class="muted">not recorded</span>`;
  return html`<details><summary>${merge.files.length + merge.moreFiles} ${merge.files.length + merge.moreFiles === 1 ? "file" : "files"}</summary><ul class="plain">${merge.files.map((f) => html`<li><code>${f}</code></li>`)}</ul>${merge.moreFiles > 0 ? html`<p>and ${merge.moreFiles} more not listed</p>` : ""}</details>`;
}

export function trailTable(
  records: readonly AuditRecord[],
  chain: ChainVerdict,
  caption = "Everything recorded for this pull request, oldest first (times in UTC)",
): Html {
  const untrustedFrom = chain.ok ? Infinity : chain.at.seq;
  const rows = records.map((record) => {
    const item = trailItem(record);
    const untrusted = record.seq >= untrustedFrom ? html` <span class="badge warn">after the break</span>` : "";
    return html`<tr id="record-${record.seq}">
<td>${timeElement(record.at)}</td>
<th scope="row">${item.event}${untrusted}</th>
<td>${record.actor}</td>
<td>${shaElement(record.headSha)}</td>
<td>${item.details}</td>
<td class="num"><span title="${record.hash}">${record.seq}</span></td>
</tr>
`;
  });
  return html`<table>
<caption>${caption}</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">By</th><th scope="col">Commit</th><th scope="col">Details</th><th scope="col" class="num">Record</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}
