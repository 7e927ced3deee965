import { validateCheckRun, type CheckRunChanges } from "../check-run-validation.js";
import { invalid, json, notFound, type SimResponse } from "../http.js";
import { paginate } from "../pagination.js";
import { API, checkRunShape, repoShape, userShape } from "../shapes.js";
import type { SimCheckRun } from "../state.js";
import { intParam, pageOf, repoRoute, type RepoContext, type Route } from "./define.js";

/** Check runs: create, update, read, and list by commit. */

function findRun(ctx: RepoContext): SimCheckRun | undefined {
  const id = intParam(ctx, "id");
  return ctx.state.checkRuns.find((c) => c.id === id && c.owner === ctx.repo.owner && c.repo === ctx.repo.name);
}

/** Applies validated changes; annotations append (GitHub's documented behaviour), the rest replaces. */
function apply(ctx: RepoContext, run: SimCheckRun, changes: CheckRunChanges): void {
  if (changes.name !== undefined) run.name = changes.name;
  if (changes.detailsUrl !== undefined) run.detailsUrl = changes.detailsUrl;
  if (changes.externalId !== undefined) run.externalId = changes.externalId;
  if (changes.startedAt !== undefined) run.startedAt = changes.startedAt;
  if (changes.conclusion !== undefined) run.conclusion = changes.conclusion;
  if (changes.status !== undefined) run.status = changes.status;
  if (run.status === "completed") run.completedAt = changes.completedAt ?? run.completedAt ?? ctx.state.now();
  if (changes.output) {
    run.output.title = changes.output.title ?? run.output.title;
    run.output.summary = changes.output.summary;
    run.output.text = changes.output.text ?? run.output.text;
    run.output.annotations.push(...changes.output.annotations);
  }
}

function createRun(ctx: RepoContext): SimResponse {
  const result = validateCheckRun(ctx.body, "create");
  if (!result.ok) return invalid(result.message);
  const headSha = result.changes.headSha ?? "";
  // GitHub refuses a check run on a commit it does not have; a wrong SHA would otherwise go unnoticed.
  if (!ctx.repo.trees[headSha]) return invalid(`No commit found for SHA: ${headSha}`);
  const run: SimCheckRun = {
    id: ctx.state.nextId(),
    owner: ctx.repo.owner,
    repo: ctx.repo.name,
    name: result.changes.name ?? "",
    headSha,
    status: "queued",
    conclusion: null,
    startedAt: ctx.state.now(),
    completedAt: null,
    detailsUrl: null,
    externalId: null,
    output: { title: null, summary: null, text: null, annotations: [] },
    appId: ctx.state.app.id,
  };
  apply(ctx, run, result.changes);
  ctx.state.checkRuns.push(run);
  return json(201, checkRunShape(ctx.state, run));
}

function updateRun(ctx: RepoContext): SimResponse {
  const run = findRun(ctx);
  if (!run) return notFound();
  const result = validateCheckRun(ctx.body, "update", run.conclusion);
  if (!result.ok) return invalid(result.message);
  apply(ctx, run, result.changes);
  return json(200, checkRunShape(ctx.state, run));
}

function listForRef(ctx: RepoContext): SimResponse {
  const ref = ctx.params.ref ?? "";
  const sha = ctx.state.resolveRef(ctx.repo, ref);
  if (sha === undefined) return invalid(`No commit found for SHA: ${ref}`);
  const name = ctx.query.get("check_name");
  const status = ctx.query.get("status");
  let runs = ctx.state
    .checkRunsFor(ctx.repo.owner, ctx.repo.name, sha)
    .filter((r) => (name === null || r.name === name) && (status === null || r.status === status));
  // filter=latest (the default) keeps only the most recent run of each name, as the merge box does.
  if ((ctx.query.get("filter") ?? "latest") === "latest") {
    runs = runs.filter((r) => runs.every((other) => other.name !== r.name || other.id <= r.id));
  }
  runs = [...runs].sort((a, b) => b.id - a.id);
  const page = paginate(runs, ctx.url);
  const body = { total_count: runs.length, check_runs: page.items.map((r) => checkRunShape(ctx.state, r)) };
  return json(200, body, page.link ? { link: page.link } : {});
}

/**
 * `GET /repos/:o/:r/commits/:ref/status`: the combined status — the latest status of each context, newest
 * first, paginated by `per_page`/`page` within `statuses` (GitHub sends no Link header here), and the overall
 * state: `failure` if any is `error` or `failure`, `pending` if any is pending or there are none, else `success`.
 */
function combinedStatus(ctx: RepoContext): SimResponse {
  const ref = ctx.params.ref ?? "";
  const sha = ctx.state.resolveRef(ctx.repo, ref);
  if (sha === undefined) return notFound();
  const all = ctx.state.latestStatusesFor(ctx.repo.owner, ctx.repo.name, sha);
  const state = all.some((s) => s.state === "error" || s.state === "failure")
    ? "failure"
    : all.length === 0 || all.some((s) => s.state === "pending")
      ? "pending"
      : "success";
  const page = paginate(all, ctx.url);
  const api = `${API}/repos/${ctx.repo.owner}/${ctx.repo.name}`;
  return json(200, {
    state,
    sha,
    total_count: all.length,
    statuses: page.items.map((s) => ({
      url: `${api}/statuses/${s.sha}`,
      avatar_url: null,
      id: s.id,
      node_id: `ST_${s.id}`,
      state: s.state,
      description: s.description,
      target_url: s.targetUrl,
      context: s.context,
      created_at: s.createdAt,
      updated_at: s.createdAt,
      creator: userShape(ctx.state, s.creator),
    })),
    repository: repoShape(ctx.state, ctx.repo),
    commit_url: `${api}/commits/${sha}`,
    url: `${api}/commits/${sha}/status`,
  });
}

export const checkRoutes: Route[] = [
  repoRoute("POST", "/repos/:owner/:repo/check-runs", createRun),
  repoRoute("GET", "/repos/:owner/:repo/check-runs/:id", (ctx) => {
    const run = findRun(ctx);
    return run ? json(200, checkRunShape(ctx.state, run)) : notFound();
  }),
  repoRoute("PATCH", "/repos/:owner/:repo/check-runs/:id", updateRun),
  repoRoute("GET", "/repos/:owner/:repo/check-runs/:id/annotations", (ctx) => {
    const run = findRun(ctx);
    if (!run) return notFound();
    return pageOf(
      ctx,
      run.output.annotations.map((a) => ({ end_column: null, start_column: null, title: null, raw_details: null, ...a, blob_href: "" })),
    );
  }),
  repoRoute("GET", "/repos/:owner/:repo/commits/:ref/check-runs", listForRef),
  repoRoute("GET", "/repos/:owner/:repo/commits/:ref/status", combinedStatus),
];
