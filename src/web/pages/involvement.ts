/**
 * `/audit/involvement?repo=…`: "was safety asked early?". The complaint this product answers is that
 * clinical safety hears of a change when it is about to ship; this page measures it, per repository and
 * month of merge: the median time from a PR being opened to its checklist being complete and to its final
 * sign-off, and how many PRs had their checklist complete while they were still drafts.
 */
import { csvRow } from "../../audit/csv.js";
import { html, type Html } from "../html.js";
import { involvementByMonth, readHistory, readRepoHistory, type HistoryRow, type InvolvementRow } from "../../reports/read-model.js";
import { barChart, withUnit } from "../svg-chart.js";
import type { PageDeps, PageRequest, PageResponse } from "../types.js";
import { DAY_MS, HOUR_MS, formatDuration, hours, percent } from "./format.js";
import { badRequest, download, downloadLinks, jsonBody, notFound, page, requestedFormat } from "./respond.js";

const REPO = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;
/** Months shown unless the person asks for all of them: a year reads well in one chart. */
export const DEFAULT_MONTHS = 12;

/** The involvement page, or its numbers as CSV/JSON. */
export async function involvementPage(request: PageRequest, deps: PageDeps): Promise<PageResponse> {
  const format = requestedFormat(request.url, ["csv", "json"] as const);
  if (format === undefined) return badRequest("These numbers can be downloaded as format=csv or format=json.");
  const repo = request.url.searchParams.get("repo")?.trim() ?? "";
  const allTime = request.url.searchParams.get("period") === "all";
  let rows: HistoryRow[];
  let repos: string[];
  if (repo !== "") {
    // A named repository the person cannot read gets the same answer as one that does not exist.
    if (!REPO.test(repo) || !(await request.github.canRead(repo))) return notFound(request.github.login);
    rows = await readRepoHistory(deps.audit, repo);
    repos = [repo];
  } else {
    ({ rows, repos } = await readHistory(deps.audit, (r) => request.github.canRead(r)));
  }
  const all = involvementByMonth(rows);
  const thisMonth = deps.now().toISOString().slice(0, 7);
  const firstMonth = allTime ? (all.map((r) => r.month).sort()[0] ?? thisMonth) : addMonths(thisMonth, 1 - DEFAULT_MONTHS);
  const months = monthsBetween(firstMonth, thisMonth);
  const shown = all.filter((r) => r.month >= firstMonth && r.month <= thisMonth);

  const name = ["involvement", repo, allTime ? "all" : `${firstMonth}-to-${thisMonth}`].filter(Boolean).join("-");
  if (format === "csv") return download("csv", name, involvementCsv(shown));
  if (format === "json")
    return download(
      "json",
      name,
      jsonBody({ generatedAt: deps.now().toISOString(), from: firstMonth, to: thisMonth, rows: shown.map(involvementJson) }),
    );

  const byRepo = new Map<string, InvolvementRow[]>();
  for (const row of shown) byRepo.set(row.repo, [...(byRepo.get(row.repo) ?? []), row]);
  const sections = [...byRepo.entries()].map(([r, list], i) => repoSection(r, list, months, `chart-${i}`));
  const body = html`<p>How early clinical safety was involved in the clinically relevant pull requests merged each month: the median time from a PR being opened to its hazard-impact checklist being complete, and to its final sign-off; and how many had the checklist complete while still a draft. Shorter times and more drafts mean safety was asked earlier.</p>
${form(repos, repo, allTime)}
${sections.length === 0 ? html`<p>No clinically relevant pull request with a recorded timeline was merged ${allTime ? "" : `between ${firstMonth} and ${thisMonth}`} in the repositories you can read.</p>` : html`${downloadLinks(request.url, ["csv", "json"], "Download these numbers as")}${sections}`}`;
  return page(200, { title: "Was safety asked early?", user: request.github.login, body, section: "involvement" });
}

/** Every month from `first` to `last` inclusive, as `YYYY-MM`. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  // Bounded, in case a malformed month slipped through: a century of months is more than any trail holds.
  for (let m = first; m <= last && months.length < 1200; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** `month` (`YYYY-MM`) moved by `n` months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number);
  const d = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

function form(repos: readonly string[], repo: string, allTime: boolean): Html {
  const option = (value: string, label: string, current: string) =>
    html`<option value="${value}"${value === current ? html` selected` : ""}>${label}</option>`;
  return html`<form class="filters" method="get" action="/audit/involvement" role="search" aria-label="Choose repositories and period">
<div><label for="i-repo">Repository</label><select id="i-repo" name="repo">${option("", "All repositories you can read", repo)}${repos.map((r) => option(r, r, repo))}</select></div>
<div><label for="i-period">Period</label><select id="i-period" name="period">${option("", `Last ${DEFAULT_MONTHS} months`, allTime ? "all" : "")}${option("all", "All time", allTime ? "all" : "")}</select></div>
<div><button type="submit">Show</button></div>
</form>`;
}

function repoSection(repo: string, rows: readonly InvolvementRow[], months: readonly string[], id: string): Html {
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const longest = Math.max(0, ...rows.flatMap((r) => [r.toChecklistMs ?? 0, r.toSignOffMs ?? 0]));
  // Days read better once medians run past a couple of days; hours keep short medians from reading as 0.
  const [unit, per] = longest >= 2 * DAY_MS ? (["days", DAY_MS] as const) : (["hours", HOUR_MS] as const);
  const scaled = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : ms / per);
  const chart = barChart({
    id,
    title: `${repo}: median ${unit} from PR opened to checklist complete and to final sign-off, by month merged`,
    categories: months,
    series: [
      { label: "to checklist complete", values: months.map((m) => scaled(byMonth.get(m)?.toChecklistMs)) },
      { label: "to final sign-off", values: months.map((m) => scaled(byMonth.get(m)?.toSignOffMs)) },
    ],
    unit,
  });
  // The chart's number first, so that the table carries exactly what the bars show; the plainer duration after it.
  const cell = (ms: number | null) => (ms === null ? "—" : html`${withUnit(ms / per, unit)} <span class="muted">(${formatDuration(ms)})</span>`);
  const tableRows = months.map((m) => {
    const r = byMonth.get(m);
    if (r === undefined)
      return html`<tr><th scope="row" class="nowrap">${m}</th><td class="num">0</td><td class="num">—</td><td class="num">—</td><td class="num">—</td></tr>`;
    return html`<tr><th scope="row" class="nowrap">${m}</th><td class="num">${r.prs}</td><td class="num">${cell(r.toChecklistMs)}</td><td class="num">${cell(r.toSignOffMs)}</td><td class="num">${r.completeWhileDraft} of ${r.prs} (${percent(r.completeWhileDraft, r.prs)})</td></tr>`;
  });
  return html`<section aria-labelledby="${id}-heading">
<h2 id="${id}-heading">${repo}</h2>
<figure>${chart}<figcaption class="muted">Median ${unit} from PR opened, by month merged. The table below holds the same numbers.</figcaption></figure>
<table>
<caption>${repo}: involvement by month merged</caption>
<thead><tr><th scope="col">Month</th><th scope="col" class="num">Relevant PRs merged</th><th scope="col" class="num">Median opened → checklist complete</th><th scope="col" class="num">Median opened → final sign-off</th><th scope="col" class="num">Checklist complete while draft</th></tr></thead>
<tbody>${tableRows}</tbody>
</table>
</section>`;
}

const CSV_COLUMNS = [
  "repo",
  "month",
  "relevant_prs",
  "median_hours_to_checklist_complete",
  "median_hours_to_final_sign_off",
  "checklist_complete_while_draft",
  "share_complete_while_draft",
] as const;

function involvementCsv(rows: readonly InvolvementRow[]): string {
  const num = (n: number | null) => (n === null ? "" : String(n));
  return (
    csvRow(CSV_COLUMNS) +
    rows
      .map((r) =>
        csvRow([r.repo, r.month, String(r.prs), num(hours(r.toChecklistMs)), num(hours(r.toSignOffMs)), String(r.completeWhileDraft), num(share(r))]),
      )
      .join("")
  );
}

function involvementJson(r: InvolvementRow) {
  return {
    repo: r.repo,
    month: r.month,
    relevantPrs: r.prs,
    medianHoursToChecklistComplete: hours(r.toChecklistMs),
    medianHoursToFinalSignOff: hours(r.toSignOffMs),
    checklistCompleteWhileDraft: r.completeWhileDraft,
    shareCompleteWhileDraft: share(r),
  };
}

function share(r: InvolvementRow): number | null {
  return r.prs === 0 ? null : Math.round((r.completeWhileDraft / r.prs) * 1000) / 1000;
}
