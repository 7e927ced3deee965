/**
 * `/audit/:owner/:repo/release?from=REF&to=REF`: the clinically relevant changes between two refs
 * (tags or SHAs), grouped by hazard, for the Clinical Safety Case Report of a release. Downloads as
 * Markdown (to paste into the report), CSV or JSON.
 */
import { csvRow } from "../../audit/csv.js";
import { html, type Html } from "../html.js";
import {
  readRepoHistory,
  releaseCommitCounts,
  releaseCommitList,
  releaseGroups,
  type HistoryRow,
  type ReleaseCommit,
  type ReleaseGroup,
} from "../../reports/read-model.js";
import { COMMIT_STATUS_TEXT, releaseCommitDetail, releaseCommitJson } from "../../reports/release-commits.js";
import { verificationCell } from "./verification.js";
import type { PageDeps, PageRequest, PageResponse } from "../types.js";
import { CHANGE_CSV_COLUMNS, changeCells, changeJson } from "./change-export.js";
import { bypassCell, changeLink, hazardPath, riskCell, signOffList } from "./components.js";
import { riskText, shaElement, timeElement } from "./format.js";
import { releaseMarkdown } from "../../reports/release-markdown.js";
import { badRequest, download, downloadLinks, jsonBody, page, requestedFormat } from "./respond.js";

/**
 * What a ref may be: the characters of tag and branch names and SHAs. Anything else is refused before
 * it reaches GitHub, so a crafted value cannot change which API path is asked for.
 */
const REF = /^[A-Za-z0-9._/@+-]{1,250}$/;

/** The release page, or its report. The caller has checked that the person can read `repo`. */
export async function releasePage(request: PageRequest, deps: PageDeps, repo: string): Promise<PageResponse> {
  const format = requestedFormat(request.url, ["md", "csv", "json"] as const);
  if (format === undefined) return badRequest("This report can be downloaded as format=md, format=csv or format=json.");
  const from = request.url.searchParams.get("from")?.trim() ?? "";
  const to = request.url.searchParams.get("to")?.trim() ?? "";
  const user = request.github.login;
  const title = `Release report: ${repo}`;
  const respond = (status: number, content: Html) =>
    page(status, { title, user, body: html`${releaseForm(repo, from, to)}${content}`, repo, section: "release" });

  if (from === "" && to === "") {
    return format === "html" ? respond(200, html``) : badRequest("Give the two refs to compare: from=REF&to=REF.");
  }
  const problems = [
    !REF.test(from) && `"From" must be a tag, branch or commit SHA, not "${from}".`,
    !REF.test(to) && `"To" must be a tag, branch or commit SHA, not "${to}".`,
  ].filter((p): p is string => typeof p === "string");
  if (problems.length > 0) return format === "html" ? respond(400, alert(problems)) : badRequest(problems.join("\n"));

  const commits = await request.github.commitsBetween(repo, from, to);
  if (commits === null) {
    const message = `${repo} has no ref "${from}" or no ref "${to}".`;
    return format === "html" ? respond(400, alert([message])) : badRequest(message);
  }
  const rows = await readRepoHistory(deps.audit, repo);
  const groups = releaseGroups(rows, commits);
  const commitList = releaseCommitList(rows, commits);
  const name = `${repo}-release-${from}-to-${to}`;
  const generatedAt = deps.now().toISOString();
  if (format === "md")
    return download(
      "md",
      name,
      releaseMarkdown({ repo, from, to, commits: commits.length, generatedAt, publicUrl: deps.publicUrl, commitList }, groups),
    );
  if (format === "csv") return download("csv", name, releaseCsv(groups, deps.publicUrl));
  if (format === "json") {
    const body = {
      repo,
      from,
      to,
      commits: commitList.map(releaseCommitJson),
      commitCounts: releaseCommitCounts(commitList),
      generatedAt,
      groups: groups.map((g) => ({ hazard: g.hazard, changes: g.changes.map((c) => changeJson(c, deps.publicUrl)) })),
    };
    return download("json", name, jsonBody(body));
  }
  return respond(
    200,
    html`${summary(groups, commits.length, from, to)}${accounted(commitList)}${commits.length ? downloadLinks(request.url, ["md", "csv", "json"], "Download the report as") : ""}${groups.map((g) => groupSection(repo, g))}${commitSection(commitList)}`,
  );
}

function alert(problems: readonly string[]): Html {
  return html`<div class="notice warn" role="alert">${problems.map((p) => html`<p>${p}</p>`)}</div>`;
}

function releaseForm(repo: string, from: string, to: string): Html {
  return html`<p>The clinically relevant changes merged between two tags or commits of <strong>${repo}</strong>, grouped by hazard, ready for the Clinical Safety Case Report of the release.</p>
<form class="filters" method="get" role="search" aria-label="Choose the release">
<div><label for="r-from">From (previous release)</label><input id="r-from" name="from" type="text" value="${from}" placeholder="v1.3.0" required autocomplete="off"></div>
<div><label for="r-to">To (this release)</label><input id="r-to" name="to" type="text" value="${to}" placeholder="v1.4.0" required autocomplete="off"></div>
<div><button type="submit">Show changes</button></div>
</form>`;
}

function summary(groups: readonly ReleaseGroup[], commits: number, from: string, to: string): Html {
  const changes = new Set(groups.flatMap((g) => g.changes));
  const bypasses = [...changes].filter((c) => c.bypass !== null).length;
  return html`<p role="status"><strong>${changes.size}</strong> clinically relevant ${changes.size === 1 ? "change" : "changes"} among ${commits} ${commits === 1 ? "commit" : "commits"} from <code>${from}</code> to <code>${to}</code>${
    bypasses === 0 ? "." : html`, <strong>${bypasses}</strong> of them without a passing gate.`
  }</p>${changes.size === 0 ? html`<p>No clinically relevant change was merged between these refs.</p>` : ""}`;
}

function groupSection(repo: string, group: ReleaseGroup): Html {
  const h = group.hazard;
  const heading =
    h === null
      ? html`<h2>No hazard linked</h2>`
      : html`<h2><a href="${hazardPath(repo, h.id)}">${h.id}</a>${h.title ? html`: ${h.title}` : ""}</h2><p>Residual risk ${riskText(h.residualRating)}${h.status ? html` · status ${h.status}` : ""}</p>`;
  return html`<section aria-label="${h === null ? "No hazard linked" : h.id}">${heading}
<table>
<caption>${group.changes.length} ${group.changes.length === 1 ? "change" : "changes"}${h === null ? " that linked no hazard" : html` that linked ${h.id}`}</caption>
<thead><tr><th scope="col">PR</th><th scope="col">Title</th><th scope="col">Merged at</th><th scope="col">Risk</th><th scope="col">Sign-offs</th><th scope="col">Bypass</th><th scope="col">Other checks</th></tr></thead>
<tbody>${group.changes.map(changeRow)}</tbody>
</table></section>`;
}

function changeRow(c: HistoryRow): Html {
  return html`<tr><th scope="row">${changeLink(c)}</th><td>${c.title}</td><td>${timeElement(c.mergedAt)}</td><td>${riskCell(c.risk)}</td><td>${signOffList(c.signOffs)}</td><td>${bypassCell(c.bypass)}</td><td>${verificationCell(c.verification)}</td></tr>
`;
}

/** Whether every commit of the release is accounted for; a loud alert when one is not. */
function accounted(commits: readonly ReleaseCommit[]): Html {
  if (commits.length === 0) return html``;
  const n = releaseCommitCounts(commits);
  const tally = html`${n.assessed} assessed, ${n["not-relevant"]} not relevant, ${n.bypass} bypass, <strong>${n.unassessed}</strong> unassessed`;
  if (n.unassessed === 0) return html`<div class="notice ok" role="status"><p>Every commit is accounted for: ${tally}.</p></div>`;
  return html`<div class="notice warn" role="alert"><p><strong>${n.unassessed} ${n.unassessed === 1 ? "commit is" : "commits are"} unassessed</strong>: no record in the audit trail shows ${n.unassessed === 1 ? "it was" : "they were"} assessed (${tally}). ${n.unassessed === 1 ? "It is" : "They are"} marked in the list of every commit below.</p></div>`;
}

/** Every commit of the release, with its state. */
function commitSection(commits: readonly ReleaseCommit[]): Html {
  if (commits.length === 0) return html``;
  const rows = commits.map(
    (c) =>
      html`<tr${c.status === "unassessed" ? html` class="unassessed"` : ""}><th scope="row">${shaElement(c.sha)}</th><td>${c.status === "assessed" ? html`<span class="badge ok">assessed</span>` : c.status === "not-relevant" ? html`<span class="badge">not relevant</span>` : html`<span class="badge warn">${COMMIT_STATUS_TEXT[c.status]}</span>`}</td><td>${c.change === null ? html`<span class="muted">—</span>` : changeLink(c.change)}</td><td>${c.status === "unassessed" ? html`<strong>${releaseCommitDetail(c)}</strong>` : releaseCommitDetail(c)}</td></tr>
`,
  );
  return html`<section aria-label="Every commit"><h2>Every commit in the release</h2>
<table>
<caption>${commits.length} ${commits.length === 1 ? "commit" : "commits"}, oldest first, each with what the audit trail says of it</caption>
<thead><tr><th scope="col">Commit</th><th scope="col">State</th><th scope="col">Change</th><th scope="col">What the trail says</th></tr></thead>
<tbody>${rows}</tbody>
</table></section>`;
}

function releaseCsv(groups: readonly ReleaseGroup[], publicUrl: string): string {
  const rows = groups.flatMap((g) => g.changes.map((c) => csvRow([g.hazard?.id ?? "", g.hazard?.title ?? "", ...changeCells(c, publicUrl)])));
  return csvRow(["hazard_id", "hazard_title", ...CHANGE_CSV_COLUMNS]) + rows.join("");
}
