/**
 * `/audit/:owner/:repo/release?from=REF&to=REF`: the release report for the Clinical Safety Case Report of a
 * release (src/reports/release-report.ts): every commit between two refs (tags, branches or SHAs) with its
 * state, the risk increases, the CSO's approval, the hazard log's changes, open objections and bypasses, and
 * the clinically relevant changes by hazard and in detail. Downloads as Markdown (to paste into the report),
 * CSV, JSON (the contract in PRODUCT.md) or PDF (printed by headless Chromium, when the service has one).
 */
import { csvRow } from "../../audit/csv.js";
import { html, layout, trustedHtml, type Html } from "../html.js";
import { releaseCommitCounts, type HistoryRow, type ReleaseCommit, type ReleaseGroup } from "../../reports/read-model.js";
import { COMMIT_STATUS_TEXT, releaseCommitDetail } from "../../reports/release-commits.js";
import { releaseJsonText } from "../../reports/release-json.js";
import { releaseMarkdown } from "../../reports/release-markdown.js";
import { readReleaseReport, type ReleaseReport } from "../../reports/release-report.js";
import { verificationCell } from "./verification.js";
import type { PageDeps, PageRequest, PageResponse } from "../types.js";
import { CHANGE_CSV_COLUMNS, changeCells } from "./change-export.js";
import { bypassCell, changeLink, hazardPath, riskCell, signOffList } from "./components.js";
import { riskText, shaElement, timeElement } from "./format.js";
import { PdfPrintError, printerFromEnv } from "./pdf-printer.js";
import {
  approvalSection,
  changesInDetail,
  hazardLogSection,
  objectionsAndBypasses,
  rangeAndHead,
  RELEASE_PRINT_CSS,
  riskBanner,
} from "./release-sections.js";
import { badRequest, download, page, requestedFormat } from "./respond.js";

/**
 * What a ref may be: the characters of tag and branch names and SHAs. Anything else is refused before
 * it reaches GitHub, so a crafted value cannot change which API path is asked for.
 */
const REF = /^[A-Za-z0-9._/@+-]{1,250}$/;

/** The release page, or its report. The caller has checked that the person can read `repo`. */
export async function releasePage(request: PageRequest, deps: PageDeps, repo: string): Promise<PageResponse> {
  const pdf = request.url.searchParams.get("format") === "pdf";
  const format = pdf ? "pdf" : requestedFormat(request.url, ["md", "csv", "json"] as const);
  if (format === undefined) return badRequest("This report can be downloaded as format=md, format=csv, format=json or format=pdf.");
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

  // Asked before the browser is started: a PDF that cannot be made is refused without reading anything.
  const printPdf = format === "pdf" ? (deps.printPdf ?? printerFromEnv(process.env)) : undefined;
  if (format === "pdf" && printPdf === undefined) {
    return plain(
      501,
      "The PDF is not available: this service has no Chromium to print with (set CHROMIUM_PATH to a Chromium or Chrome binary). " +
        "Download the report as Markdown, or print this page from the browser: it is laid out for A4.",
    );
  }

  const range = await request.github.compareRefs(repo, from, to);
  if (range === null) {
    const message = `${repo} has no ref "${from}" or no ref "${to}".`;
    return format === "html" ? respond(400, alert([message])) : badRequest(message);
  }
  const report = await readReleaseReport(
    deps.audit,
    { repo, from, to, ...range },
    { generatedAt: deps.now().toISOString(), publicUrl: deps.publicUrl },
  );
  const name = `${repo}-release-${from}-to-${to}`;
  if (format === "md") return download("md", name, releaseMarkdown(report));
  if (format === "csv") return download("csv", name, releaseCsv(report.groups, deps.publicUrl));
  if (format === "json") return download("json", name, releaseJsonText(report));
  if (format === "pdf" && printPdf !== undefined) {
    const printable = layout({ title, user, body: reportContent(report, undefined) });
    let bytes: Uint8Array;
    try {
      bytes = await printPdf(printable);
    } catch (error) {
      // The reason (a timeout, a crash) is the operator's to fix; the person gets it and the way round it.
      const reason = error instanceof PdfPrintError ? error.message : "the printer failed";
      return plain(503, `The PDF could not be made: ${reason}. Download the report as Markdown, or print this page from the browser.`);
    }
    return { status: 200, headers: pdfHeaders(name), body: "", bytes };
  }
  return respond(200, reportContent(report, request.url));
}

/**
 * The report's body: on the page with its download links (`url`), in the PDF without them. Print rules fit it
 * to A4 either way.
 */
function reportContent(report: ReleaseReport, url: URL | undefined): Html {
  return html`<style>${trustedHtml(RELEASE_PRINT_CSS)}</style>${riskBanner(report.repo, report.riskIncreased)}${summary(report.groups, report.commits.length, report.from, report.to)}${accounted(report.commitList)}${rangeAndHead(report)}${
    url !== undefined && report.commits.length ? releaseDownloads(url) : ""
  }${approvalSection(report)}${hazardLogSection(report)}${objectionsAndBypasses(report)}${report.groups.map((g) => groupSection(report.repo, g))}${changesInDetail(report)}${commitSection(report.commitList)}`;
}

/** The downloads: the shared text formats, and the PDF (printed to A4). */
function releaseDownloads(url: URL): Html {
  const formats: [string, string][] = [
    ["md", "Markdown"],
    ["csv", "CSV"],
    ["json", "JSON"],
    ["pdf", "PDF (A4)"],
  ];
  const links = formats.map(([format, name]) => {
    const params = new URLSearchParams(url.searchParams);
    params.set("format", format);
    return html`<li><a href="${`${url.pathname}?${params.toString()}`}" download>Download the report as ${name}</a></li>`;
  });
  return html`<ul class="downloads plain" aria-label="Downloads">${links}</ul>`;
}

function pdfHeaders(name: string): Record<string, string> {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "release";
  return { "content-type": "application/pdf", "content-disposition": `attachment; filename="${safe}.pdf"`, "cache-control": "no-store" };
}

function plain(status: number, message: string): PageResponse {
  return { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }, body: `${message}\n` };
}

function alert(problems: readonly string[]): Html {
  return html`<div class="notice warn" role="alert">${problems.map((p) => html`<p>${p}</p>`)}</div>`;
}

function releaseForm(repo: string, from: string, to: string): Html {
  return html`<p>Every change between two tags, branches or commits of <strong>${repo}</strong>, for the Clinical Safety Case Report of the release: each commit assessed or not, the hazard log's changes and any risk that went up, the clinically relevant changes with their answers and signatures, and the CSO's approval of the release.</p>
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
