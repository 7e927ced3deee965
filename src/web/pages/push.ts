/**
 * `/audit/:owner/:repo/push/:sha`: the evidence of a direct push that touched clinically relevant code
 * without a pull request — the files it touched, the rules they hit, the bypass report and the CSO's review —
 * named by the commit the push left the branch at. A PR has its own page; a direct push had none, so an
 * auditor asking "what was this commit?" of a release's bypass had nowhere to go.
 */
import { exportFormat } from "../../audit/export-format.js";
import type { AuditRecord } from "../../audit/record.js";
import { ChainChecker, type ChainVerdict } from "../../audit/verify-chain.js";
import { HistoryBuilder, type HistoryRow } from "../../reports/read-model.js";
import type { AuditStore } from "../../store/audit-store.js";
import { html, type Html } from "../html.js";
import type { PageDeps, PageRequest, PageResponse } from "../types.js";
import { bypassCell } from "./components.js";
import { shaElement, timeElement } from "./format.js";
import { chainJson, chainStatus, filesList, trailTable } from "./pull.js";
import { badRequest, download, downloadLinks, jsonBody, notFound, page, requestedFormat } from "./respond.js";

/** The records of one direct push: its `bypass` record and the CSO's reviews of it, with the chain's verdict. */
export async function readPushTrail(audit: AuditStore, repo: string, sha: string): Promise<{ records: AuditRecord[]; chain: ChainVerdict }> {
  const checker = new ChainChecker();
  const records: AuditRecord[] = [];
  for await (const record of audit.all()) {
    checker.push(record);
    // A direct push's records carry no PR and the commit the push left the branch at (core/direct-push.ts;
    // a review carries the reviewed bypass's, core/bypass-review.ts).
    if (record.repo === repo && record.pr === null && record.headSha === sha) records.push(record);
  }
  records.sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq);
  return { records, chain: checker.finish() };
}

/** The push page, or its export. The caller has checked that the person can read `repo`. */
export async function pushPage(request: PageRequest, deps: PageDeps, repo: string, sha: string): Promise<PageResponse> {
  const format = requestedFormat(request.url, ["csv", "json"] as const);
  if (format === undefined) return badRequest("This trail can be downloaded as format=csv or format=json.");
  const { records, chain } = await readPushTrail(deps.audit, repo, sha);
  const builder = new HistoryBuilder();
  for (const record of records) builder.add(record);
  const push = builder.rows().find((row) => row.pr === null);
  // Only a push the gate recorded has a page: any other commit is answered as missing, like an unknown PR.
  if (push === undefined) return notFound(request.github.login);

  const name = `${repo}-push-${sha.slice(0, 7)}-evidence`;
  if (format === "csv") {
    const csv = exportFormat("csv");
    return download("csv", name, csv.begin({ repo }) + records.map((r, i) => csv.record(r, i)).join("") + csv.end(records.length));
  }
  if (format === "json") return download("json", name, jsonBody({ repo, sha, chain: chainJson(chain), records }));

  const body = html`${chainStatus(chain)}
${summary(repo, push)}
${downloadLinks(request.url, ["csv", "json"], "Download the evidence as")}
<h2 id="trail">Evidence trail</h2>
${trailTable(records, chain, "Everything recorded for this direct push, oldest first (times in UTC)")}`;
  return page(200, { title: `${repo} direct push ${sha.slice(0, 7)}`, user: request.github.login, body, repo });
}

function summary(repo: string, push: HistoryRow): Html {
  return html`<dl class="fields">
<dt>Repository</dt><dd>${repo}</dd>
<dt>Pushed</dt><dd>${timeElement(push.mergedAt)} by ${push.mergedBy}, leaving the branch at ${shaElement(push.headSha)}</dd>
<dt>Bypass</dt><dd>${bypassCell(push.bypass)}</dd>
<dt>Rules hit</dt><dd>${push.rules.length ? push.rules.join(", ") : html`<span class="muted">none recorded</span>`}</dd>
<dt>Files touched</dt><dd>${filesList(push)}</dd>
</dl>`;
}
