/**
 * `/audit/needs-me`: the signed-in person's workspace — open PRs waiting for a sign-off in a role they hold,
 * their own open objections, drafts whose checklist is complete, and (for a CSO) bypasses awaiting review.
 *
 * Read → decide → show. The trail of the repositories the person can read is folded (reports/needs-me.ts);
 * GitHub is asked only what the trail cannot tell, and only where it matters: which of those PRs are still
 * open, and which roles the person holds (their own team memberships, from each repository's configuration).
 * Exported as JSON.
 */
import { appPath, pullPath, pushPath } from "../../reports/links.js";
import { memoiseCanRead } from "../../reports/read-model.js";
import { githubQuestions, needsMe, NeedsMeTrail, type NeedsMe, type NeedsMeItem, type RepoAnswers } from "../../reports/needs-me.js";
import { MAX_OPEN_PULL_PAGES } from "../../github/user-github.js";
import { signingPath } from "../../core/strong-signing.js";
import { html, type Html } from "../html.js";
import type { PageDeps, PageRequest, PageResponse, UserGitHub } from "../types.js";
import { formatDuration, hours, shaElement, timeElement } from "./format.js";
import { readRoles } from "./roles-read.js";
import { badRequest, download, downloadLinks, jsonBody, page, requestedFormat } from "./respond.js";

/** The four lists, in the order the page shows them. */
const SECTIONS: readonly { key: keyof NeedsMe; id: string; heading: string; caption: string; empty: string }[] = [
  {
    key: "signOffs",
    id: "sign-offs",
    heading: "Waiting for your sign-off",
    caption: "Open pull requests, ready for review, waiting for a sign-off in a role you hold, oldest first",
    empty: "No open pull request is waiting for a sign-off you could give.",
  },
  {
    key: "objections",
    id: "objections",
    heading: "Your open objections",
    caption: "Open pull requests your objection still blocks, oldest first",
    empty: "You have no open objection on an open pull request.",
  },
  {
    key: "drafts",
    id: "drafts",
    heading: "Drafts ready to look at early",
    caption: "Draft pull requests whose checklist is complete and that will need a role you hold, oldest first",
    empty: "No draft with a complete checklist needs a role you hold.",
  },
  {
    key: "bypasses",
    id: "bypasses",
    heading: "Bypasses awaiting your review",
    caption: "Changes that reached a branch without a passing gate and that no CSO has reviewed, oldest first",
    empty: "No bypass awaits review (or you do not hold the cso role where there is one).",
  },
];

/** The Needs me page, or its JSON. */
export async function needsMePage(request: PageRequest, deps: PageDeps): Promise<PageResponse> {
  const format = requestedFormat(request.url, ["json"] as const);
  if (format === undefined) return badRequest("This page can be downloaded as format=json.");
  const { github } = request;
  const { lists, notes } = await readNeedsMe(github, deps);
  const now = deps.now();

  if (format === "json") {
    const json = (items: readonly NeedsMeItem[]) => items.map((item) => itemJson(item, github.webBase, deps.publicUrl, now));
    return download(
      "json",
      "needs-me",
      jsonBody({
        generatedAt: now.toISOString(),
        login: github.login,
        signOffs: json(lists.signOffs),
        objections: json(lists.objections),
        drafts: json(lists.drafts),
        bypasses: json(lists.bypasses),
        notes,
      }),
    );
  }

  const total = SECTIONS.reduce((n, s) => n + lists[s.key].length, 0);
  const body = html`<p>What waits for you in the repositories you can read, each list oldest first. Your roles are read live from GitHub's teams, as the gate reads them when you sign off.</p>
${notes.length > 0 ? html`<div class="notice warn" role="status"><ul>${notes.map((n) => html`<li>${n}</li>`)}</ul></div>` : ""}
<p><strong>${total}</strong> ${total === 1 ? "thing needs" : "things need"} you.</p>
<ul class="plain" aria-label="On this page">${SECTIONS.map((s) => html`<li><a href="#${s.id}">${s.heading}</a> (${lists[s.key].length})</li>`)}</ul>
${downloadLinks(request.url, ["json"], "Download these lists as")}
${SECTIONS.map((s) => section(s, lists[s.key], github.webBase, now))}`;
  return page(200, { title: "Needs me", user: github.login, body, section: "needs-me" });
}

/** Reads the trail, asks GitHub what it must, and decides. */
async function readNeedsMe(github: UserGitHub, deps: PageDeps): Promise<{ lists: NeedsMe; notes: string[] }> {
  const canRead = memoiseCanRead((repo) => github.canRead(repo));
  const trail = new NeedsMeTrail();
  // Records of repositories the person cannot read are dropped unread, as on every page.
  for await (const record of deps.audit.all()) if (await canRead(record.repo)) trail.add(record);
  const pulls = trail.pulls();
  const bypasses = trail.bypasses();
  const questions = githubQuestions(pulls, bypasses, github.login);

  const notes: string[] = [];
  const repos = new Map<string, RepoAnswers>();
  for (const repo of questions.rolesIn) {
    const read = await readRoles(github, repo);
    if (read.note !== null) notes.push(read.note);
    repos.set(repo, { roles: read.roles, signOff: read.signOff });
  }
  for (const repo of questions.openPullsIn) {
    const open = await github.openPulls(repo);
    if (!open.complete) {
      notes.push(`${repo} has more than ${MAX_OPEN_PULL_PAGES * 100} open pull requests; only the newest ${MAX_OPEN_PULL_PAGES * 100} were checked.`);
    }
    repos.set(repo, { ...repos.get(repo), open: new Map(open.pulls.map((p) => [p.number, p])) });
  }
  return { lists: needsMe({ login: github.login, pulls, bypasses, repos }), notes };
}

function section(s: (typeof SECTIONS)[number], items: readonly NeedsMeItem[], webBase: string, now: Date): Html {
  const heading = html`<h2 id="${s.id}">${s.heading} (${items.length})</h2>`;
  if (items.length === 0) return html`${heading}<p class="muted">${s.empty}</p>`;
  return html`${heading}
<table>
<caption>${s.caption}</caption>
<thead><tr><th scope="col">Change</th><th scope="col">Title</th><th scope="col">What is needed</th><th scope="col">Waiting since</th><th scope="col">On GitHub</th></tr></thead>
<tbody>
${items.map((item) => row(item, webBase, now))}
</tbody>
</table>`;
}

function row(item: NeedsMeItem, webBase: string, now: Date): Html {
  const change =
    item.pr === null
      ? html`<a href="${auditPath(item)}">${item.repo} direct push</a> ${shaElement(item.sha)}`
      : html`<a href="${auditPath(item)}">${item.repo}#${item.pr}</a>`;
  const issue =
    item.issue === null ? "" : html`<br><a href="${githubUrl(webBase, item.repo, ["issues", item.issue])}">Bypass issue #${item.issue}</a>`;
  return html`<tr>
<th scope="row">${change}</th>
<td>${item.title}</td>
<td>${need(item)}</td>
<td><strong>${formatDuration(ageMs(item, now))}</strong><br>${timeElement(item.since)}</td>
<td>${githubLink(item, webBase)}${issue}</td>
</tr>
`;
}

function need(item: NeedsMeItem): Html {
  const detail =
    item.detail === null
      ? ""
      : item.kind === "objection"
        ? html`<br>Your reason: <q>${item.detail}</q>`
        : html`<br><span class="muted">${item.detail}</span>`;
  const gate = item.gate === null || item.gate === "" ? "" : html`<br><span class="muted">Gate: ${item.gate}</span>`;
  const unjudged = item.headNotYetJudged ? html`<br><span class="badge warn">newer commit not judged yet</span>` : "";
  return html`${item.need}: <code>${item.command}</code>${signLinks(item)}${detail}${gate}${unjudged}`;
}

/** Roles signed on the audit page after a fresh sign-in: the command only answers with this link. */
function signLinks(item: NeedsMeItem): Html {
  if (item.pr === null) return html``;
  const pr = item.pr;
  const [owner = "", name = ""] = item.repo.split("/");
  return html`${item.signOnPage.map((role) => html`<br><a href="${signingPath(owner, name, pr, role)}">Sign as ${role} on the audit page</a>`)}`;
}

function githubLink(item: NeedsMeItem, webBase: string): Html {
  const href = githubPage(item, webBase);
  if (href === null) return html`<span class="muted">—</span>`;
  return item.pr !== null ? html`<a href="${href}">Pull request #${item.pr}</a>` : html`<a href="${href}">Commit ${shaElement(item.sha)}</a>`;
}

/** The item on GitHub: its pull request, or the commit a direct push brought. */
function githubPage(item: NeedsMeItem, webBase: string): string | null {
  if (item.pr !== null) return githubUrl(webBase, item.repo, ["pull", item.pr]);
  return item.sha === null ? null : githubUrl(webBase, item.repo, ["commit", item.sha]);
}

/** The audit page for an item: the PR's evidence, or the direct push's (the merge history's bypasses if its commit is unknown). */
function auditPath(item: NeedsMeItem): string {
  if (item.pr !== null) return pullPath(item.repo, item.pr);
  return item.sha === null ? appPath(["audit"], { repo: item.repo, bypass: "1" }) : pushPath(item.repo, item.sha);
}

/** A page on GitHub, each path segment encoded (a repository name comes from the trail). */
function githubUrl(webBase: string, repo: string, segments: readonly (string | number)[]): string {
  return `${webBase}${appPath([...repo.split("/"), ...segments])}`;
}

function ageMs(item: NeedsMeItem, now: Date): number | null {
  const since = Date.parse(item.since);
  return Number.isNaN(since) ? null : Math.max(0, now.getTime() - since);
}

function itemJson(item: NeedsMeItem, webBase: string, publicUrl: string, now: Date): Record<string, unknown> {
  return {
    ...item,
    ageHours: hours(ageMs(item, now)),
    auditUrl: `${publicUrl.replace(/\/+$/, "")}${auditPath(item)}`,
    githubUrl: githubPage(item, webBase),
  };
}
