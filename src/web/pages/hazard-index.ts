/**
 * `/audit/:owner/:repo/hazards`: every hazard of the repository's hazard log (read now, at the default
 * branch, as the hazard page reads it) with its current initial and residual rating and status, and the PRs
 * that touched it — linked to it or changed its entry — each hazard linking to its own page. Ids the trail
 * records that the log no longer has (hazards are closed, never deleted) are listed after, so none is lost.
 */
import { csvRow } from "../../audit/csv.js";
import { describeRating } from "../../hazards/risk-matrix.js";
import type { Hazard } from "../../hazards/schema.js";
import { readHazardTrail, type HazardTouch } from "../../reports/hazard-history.js";
import { appPath, auditUrl, pullPath } from "../../reports/links.js";
import { html, type Html } from "../html.js";
import type { PageDeps, PageRequest, PageResponse } from "../types.js";
import { hazardPath } from "./components.js";
import { CHANGE_WORDS } from "./hazard-change.js";
import { readHazardLog, type HazardLogRead } from "./hazard-log-read.js";
import { badRequest, download, downloadLinks, jsonBody, page, requestedFormat } from "./respond.js";

/** The hazard index of a repository. */
export function hazardIndexPath(repo: string): string {
  return appPath(["audit", ...repo.split("/"), "hazards"]);
}

/** One line of the index: a hazard of the log (or an id only the trail knows) and the PRs that touched it. */
export interface HazardIndexRow {
  id: string;
  /** The entry in the log now; undefined for an id only the trail records. */
  hazard: Hazard | undefined;
  touches: HazardTouch[];
}

/** The index's lines: the log's hazards in the log's order, then the ids only the trail records. Pure. */
export function hazardIndexRows(hazards: readonly Hazard[], touches: ReadonlyMap<string, HazardTouch[]>): HazardIndexRow[] {
  // An invalid log may repeat an id: its first entry stands for it, as everywhere else.
  const inLog = new Set<string>();
  const rows: HazardIndexRow[] = [];
  for (const h of hazards) {
    if (inLog.has(h.id)) continue;
    inLog.add(h.id);
    rows.push({ id: h.id, hazard: h, touches: touches.get(h.id) ?? [] });
  }
  for (const [id, list] of touches) if (!inLog.has(id)) rows.push({ id, hazard: undefined, touches: list });
  return rows;
}

/** The index page, or the index as CSV/JSON. The caller has checked that the person can read `repo`. */
export async function hazardIndexPage(request: PageRequest, deps: PageDeps, repo: string): Promise<PageResponse> {
  const format = requestedFormat(request.url, ["csv", "json"] as const);
  if (format === undefined) return badRequest("This list can be downloaded as format=csv or format=json.");
  const [log, trail] = await Promise.all([readHazardLog(request.github, repo), readHazardTrail(deps.audit, repo)]);
  const rows = hazardIndexRows(log.hazards, trail.touchesById());

  const name = `${repo}-hazards`;
  if (format === "csv") return download("csv", name, indexCsv(rows, repo, deps.publicUrl));
  if (format === "json") {
    return download(
      "json",
      name,
      jsonBody({
        repo,
        logPath: log.path,
        logState: log.state,
        problems: log.problems.length,
        generatedAt: deps.now().toISOString(),
        hazards: rows.map((r) => rowJson(r, repo, deps.publicUrl)),
      }),
    );
  }

  const listed = rows.filter((r) => r.hazard !== undefined);
  const unlisted = rows.filter((r) => r.hazard === undefined);
  const body = html`${notices(log)}
${log.state === "absent" ? "" : summary(log, listed)}
${listed.length === 0 ? "" : html`${downloadLinks(request.url, ["csv", "json"], "Download this list as")}${table(repo, listed, `Hazards in ${log.path}, in the log's order`)}`}
${
  unlisted.length === 0
    ? ""
    : html`<h2 id="not-in-log">Recorded in the trail, not in the log</h2>
<p>Pull requests linked or changed these ids, which the hazard log on the default branch does not have (a hazard is closed, never deleted).</p>
${table(repo, unlisted, "Ids the trail records that the log does not have")}`
}`;
  return page(200, { title: `Hazards: ${repo}`, user: request.github.login, body, repo, section: "hazards" });
}

function notices(log: HazardLogRead): Html {
  const notes: Html[] = [];
  if (log.configNote) notes.push(html`<p>${log.configNote}</p>`);
  if (log.state === "absent") notes.push(html`<p>There is no hazard log at <code>${log.path}</code> on the default branch.</p>`);
  if (log.state === "invalid") {
    notes.push(
      html`<p>The hazard log at <code>${log.path}</code> has ${log.problems.length} ${log.problems.length === 1 ? "problem" : "problems"}; the entries that could be read are shown.</p>`,
    );
  }
  return notes.length === 0 ? html`` : html`<div class="notice warn" role="note">${notes}</div>`;
}

function summary(log: HazardLogRead, rows: readonly HazardIndexRow[]): Html {
  const count = (status: string) => rows.filter((r) => r.hazard?.status === status).length;
  return html`<p><strong>${rows.length}</strong> ${rows.length === 1 ? "hazard" : "hazards"} in <code>${log.path}</code> on the default branch: ${count("open")} open, ${count("transferred")} transferred, ${count("closed")} closed. Each links to its page, with its history and every pull request that touched it.</p>`;
}

function table(repo: string, rows: readonly HazardIndexRow[], caption: string): Html {
  const body = rows.map(
    (r) => html`<tr>
<th scope="row"><a class="nowrap" href="${hazardPath(repo, r.id)}">${r.id}</a></th>
<td>${r.hazard?.title ?? html`<span class="muted">not in the log</span>`}</td>
<td>${r.hazard?.status ?? "—"}</td>
<td>${r.hazard ? describeRating(r.hazard.initialRating) : "—"}</td>
<td>${r.hazard ? describeRating(r.hazard.residualRating) : "—"}</td>
<td>${touchList(r.touches)}</td>
</tr>
`,
  );
  return html`<table>
<caption>${caption}</caption>
<thead><tr><th scope="col">Hazard</th><th scope="col">Title</th><th scope="col">Status</th><th scope="col">Initial risk</th><th scope="col">Residual risk</th><th scope="col">Pull requests that touched it</th></tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

/** `#12 linked, re-scored · merged`: what each PR did to the hazard. */
function touchWords(t: HazardTouch): string {
  const words = [...(t.linked ? ["linked"] : []), ...t.changes.map((c) => CHANGE_WORDS[c].toLowerCase())];
  return words.join(", ");
}

function touchList(touches: readonly HazardTouch[]): Html {
  if (touches.length === 0) return html`<span class="muted">none</span>`;
  const items = touches.map(
    (t) =>
      html`<li><a href="${pullPath(t.repo, t.pr)}">#${t.pr}</a> ${touchWords(t)}${t.mergedAt === null ? html` <span class="muted">(not merged)</span>` : ""}${
        t.bypass ? html` <span class="badge warn">Bypass</span>` : ""
      }</li>`,
  );
  return html`<ul class="plain">${items}</ul>`;
}

const CSV_COLUMNS = ["id", "title", "status", "initial_rating", "residual_rating", "in_log", "pull_requests", "audit_url"] as const;

function indexCsv(rows: readonly HazardIndexRow[], repo: string, publicUrl: string): string {
  const lines = rows.map((r) =>
    csvRow([
      r.id,
      r.hazard?.title ?? "",
      r.hazard?.status ?? "",
      r.hazard ? String(r.hazard.initialRating) : "",
      r.hazard ? String(r.hazard.residualRating) : "",
      r.hazard ? "yes" : "no",
      r.touches.map((t) => `#${t.pr} ${touchWords(t)}${t.mergedAt === null ? " (not merged)" : ""}${t.bypass ? " (bypass)" : ""}`).join("; "),
      `${publicUrl.replace(/\/+$/, "")}${hazardPath(repo, r.id)}`,
    ]),
  );
  return csvRow(CSV_COLUMNS) + lines.join("");
}

function rowJson(r: HazardIndexRow, repo: string, publicUrl: string) {
  return {
    id: r.id,
    inLog: r.hazard !== undefined,
    title: r.hazard?.title ?? null,
    status: r.hazard?.status ?? null,
    initialRating: r.hazard?.initialRating ?? null,
    residualRating: r.hazard?.residualRating ?? null,
    url: `${publicUrl.replace(/\/+$/, "")}${hazardPath(repo, r.id)}`,
    pullRequests: r.touches.map((t) => ({
      pr: t.pr,
      title: t.title,
      linked: t.linked,
      changes: t.changes,
      mergedAt: t.mergedAt,
      bypass: t.bypass,
      auditUrl: auditUrl(t, publicUrl),
    })),
  };
}
