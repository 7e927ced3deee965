/**
 * `/audit`: the merge history, filtered by a plain GET form, exported as CSV or JSON.
 */
import { RATING_MEANING } from "../../hazards/risk-matrix.js";
import { html, type Html } from "../html.js";
import { readHistory, type HistoryRow } from "../../reports/read-model.js";
import type { PageDeps, PageRequest, PageResponse } from "../types.js";
import { changeJson } from "../../reports/change-json.js";
import { changesCsv } from "./change-export.js";
import { bypassCell, changeLink, hazardList, riskCell, signOffList } from "./components.js";
import { timeElement } from "./format.js";
import { hazardIndexPath } from "./hazard-index.js";
import { filterHistory, filtersQuery, parseHistoryFilters, type HistoryFilters } from "./history-filters.js";
import { badRequest, download, downloadLinks, jsonBody, page, requestedFormat } from "./respond.js";

/**
 * Rows shown on the page at most: a table of thousands of rows helps nobody and is slow to print. The
 * exports are never cut short.
 */
export const MAX_ROWS_SHOWN = 500;

/** The merge history page, or its CSV/JSON export. */
export async function historyPage(request: PageRequest, deps: PageDeps): Promise<PageResponse> {
  const format = requestedFormat(request.url, ["csv", "json"] as const);
  if (format === undefined) return badRequest("This list can be downloaded as format=csv or format=json.");
  const { filters, problems } = parseHistoryFilters(request.url.searchParams);
  if (problems.length > 0 && format !== "html") return badRequest(problems.join("\n"));

  const history = await readHistory(deps.audit, (repo) => request.github.canRead(repo));
  const rows = problems.length > 0 ? [] : filterHistory(history.rows, filters);

  if (format === "csv") return download("csv", exportName(filters), changesCsv(rows, deps.publicUrl));
  if (format === "json") {
    const body = {
      generatedAt: deps.now().toISOString(),
      filters: filtersQuery(filters),
      count: rows.length,
      changes: rows.map((r) => changeJson(r, deps.publicUrl)),
    };
    return download("json", exportName(filters), jsonBody(body));
  }

  const roles = [...new Set(history.rows.flatMap((r) => [...r.requiredRoles, ...r.signOffs.map((s) => s.role)]))].sort();
  const body = html`<p>Every merge of a clinically relevant change into a repository you can read, newest first, with the evidence it merged with.</p>
${filterForm(request.url.searchParams, history.repos, roles)}
${problems.length > 0 ? problemList(problems) : results(request.url, rows, filters, history.repos)}`;
  return page(problems.length > 0 ? 400 : 200, { title: "Merge history", user: request.github.login, body, section: "history" });
}

function exportName(f: HistoryFilters): string {
  return ["merge-history", f.repo, f.from, f.to].filter(Boolean).join("-");
}

function problemList(problems: readonly string[]): Html {
  return html`<div class="notice warn" role="alert"><p><strong>These filters cannot be used:</strong></p><ul>${problems.map((p) => html`<li>${p}</li>`)}</ul></div>`;
}

function results(url: URL, rows: readonly HistoryRow[], f: HistoryFilters, repos: readonly string[]): Html {
  if (f.repo !== undefined && !repos.includes(f.repo)) {
    return html`<p class="notice">Nothing is recorded for a repository named <code>${f.repo}</code> that you can read.</p>`;
  }
  // One repository chosen: its hazards are one click away.
  const index = f.repo === undefined ? "" : html` <a href="${hazardIndexPath(f.repo)}">Hazard index of ${f.repo}</a>`;
  const summary = html`<p><strong>${rows.length}</strong> ${rows.length === 1 ? "change" : "changes"} match.${index}</p>`;
  if (rows.length === 0) return html`${summary}<p>No merged changes match these filters.</p>`;
  const shown = rows.slice(0, MAX_ROWS_SHOWN);
  const cut =
    rows.length > shown.length
      ? html`<p class="notice">Showing the ${shown.length} newest. Narrow the filters, or download the list for all ${rows.length}.</p>`
      : "";
  return html`${summary}${downloadLinks(url, ["csv", "json"], "Download this list as")}${cut}
<table>
<caption>Merged changes, newest first</caption>
<thead><tr><th scope="col">PR</th><th scope="col">Title</th><th scope="col">Merged at</th><th scope="col">Risk</th><th scope="col">Hazards</th><th scope="col">Sign-offs (role: login @ commit)</th><th scope="col">Bypass</th></tr></thead>
<tbody>
${shown.map(historyRow)}
</tbody>
</table>`;
}

function historyRow(r: HistoryRow): Html {
  return html`<tr>
<th scope="row">${changeLink(r)}</th>
<td>${r.title}${r.relevant ? "" : html` <span class="badge">not relevant</span>`}</td>
<td>${timeElement(r.mergedAt)}</td>
<td>${riskCell(r.risk)}</td>
<td>${hazardList(r.repo, r.hazards)}</td>
<td>${signOffList(r.signOffs)}</td>
<td>${bypassCell(r.bypass)}</td>
</tr>
`;
}

/**
 * The filter form. Values are echoed back exactly as typed (escaped by the template), valid or not, so
 * that a person can correct a mistake instead of retyping everything.
 */
function filterForm(params: URLSearchParams, repos: readonly string[], roles: readonly string[]): Html {
  const value = (key: string) => params.get(key) ?? "";
  const checked = (key: string) => (["1", "on", "true"].includes(value(key)) ? html` checked` : "");
  const option = (optionValue: string, label: string, current: string) =>
    html`<option value="${optionValue}"${optionValue === current ? html` selected` : ""}>${label}</option>`;
  const withCurrent = (values: readonly string[], current: string) => (current !== "" && !values.includes(current) ? [...values, current] : values);
  const ratings = ([1, 2, 3, 4, 5] as const).map((n) => option(String(n), `${n} — ${RATING_MEANING[n]} or higher`, value("risk")));
  return html`<form class="filters" method="get" action="/audit" role="search" aria-label="Filter the merge history">
<div><label for="f-repo">Repository</label><select id="f-repo" name="repo">${option("", "All repositories you can read", value("repo"))}${withCurrent(repos, value("repo")).map((r) => option(r, r, value("repo")))}</select></div>
<div><label for="f-from">Merged from</label><input id="f-from" name="from" type="date" value="${value("from")}"></div>
<div><label for="f-to">Merged to</label><input id="f-to" name="to" type="date" value="${value("to")}"></div>
<div><label for="f-risk">Minimum risk</label><select id="f-risk" name="risk">${option("", "Any", value("risk"))}${ratings}</select></div>
<div><label for="f-role">Role</label><select id="f-role" name="role">${option("", "Any role", value("role"))}${withCurrent(roles, value("role")).map((r) => option(r, r, value("role")))}</select></div>
<div><label for="f-hazard">Hazard id</label><input id="f-hazard" name="hazard" type="text" value="${value("hazard")}" placeholder="HAZ-002" autocomplete="off"></div>
<div class="wide"><input id="f-bypass" name="bypass" type="checkbox" value="1"${checked("bypass")}> <label class="inline" for="f-bypass">Bypasses only</label>
&nbsp; <input id="f-all" name="all" type="checkbox" value="1"${checked("all")}> <label class="inline" for="f-all">Include merges judged not clinically relevant</label></div>
<div class="wide"><button type="submit">Show changes</button> &nbsp; <a href="/audit">Clear filters</a></div>
</form>`;
}
