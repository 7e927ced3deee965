import { json, notFound, type SimResponse } from "../http.js";
import { prFileShape, pullRequestShape, reviewShape } from "../shapes.js";
import type { SimPullRequest } from "../state.js";
import { intParam, pageOf, repoRoute, type RepoContext, type Route } from "./define.js";

/** Pull requests, their changed files and their reviews. */

/** GitHub's hard limit: the files endpoint lists at most 3000 files, however many the PR changes. */
export const MAX_LISTED_FILES = 3000;

function findPull(ctx: RepoContext): SimPullRequest | undefined {
  return ctx.state.pull({ owner: ctx.repo.owner, repo: ctx.repo.name, number: intParam(ctx, "number") });
}

function listPulls(ctx: RepoContext): SimResponse {
  const state = ctx.query.get("state") ?? "open";
  const head = ctx.query.get("head");
  const base = ctx.query.get("base");
  const pulls = ctx.state.pulls.filter(
    (p) =>
      p.owner === ctx.repo.owner &&
      p.repo === ctx.repo.name &&
      (state === "all" || p.state === state) &&
      // `head` is `user:ref`; only same-repository heads exist here.
      (head === null || head === `${ctx.repo.owner}:${p.headRef}` || head === p.headRef) &&
      (base === null || p.baseRef === base),
  );
  // Newest first, GitHub's default sort.
  const sorted = [...pulls].sort((a, b) => b.number - a.number);
  return pageOf(
    ctx,
    sorted.map((p) => pullRequestShape(ctx.state, p)),
  );
}

export const pullRoutes: Route[] = [
  repoRoute("GET", "/repos/:owner/:repo/pulls", listPulls),

  repoRoute("GET", "/repos/:owner/:repo/pulls/:number", (ctx) => {
    const pr = findPull(ctx);
    return pr ? json(200, pullRequestShape(ctx.state, pr)) : notFound();
  }),

  repoRoute("GET", "/repos/:owner/:repo/pulls/:number/files", (ctx) => {
    const pr = findPull(ctx);
    if (!pr) return notFound();
    const listed = pr.files.slice(0, MAX_LISTED_FILES).map((f) => prFileShape(ctx.repo, pr, f));
    return pageOf(ctx, listed);
  }),

  repoRoute("GET", "/repos/:owner/:repo/pulls/:number/reviews", (ctx) => {
    const pr = findPull(ctx);
    if (!pr) return notFound();
    return pageOf(
      ctx,
      ctx.state.reviewsOf(pr).map((r) => reviewShape(ctx.state, r)),
    );
  }),

  repoRoute("GET", "/repos/:owner/:repo/commits/:sha/pulls", (ctx) => {
    const sha = ctx.state.resolveRef(ctx.repo, ctx.params.sha);
    if (sha === undefined) return json(422, { message: `No commit found for SHA: ${ctx.params.sha ?? ""}` });
    const pulls = ctx.state.pulls.filter((p) => p.owner === ctx.repo.owner && p.repo === ctx.repo.name && p.headHistory.includes(sha));
    return pageOf(
      ctx,
      pulls.map((p) => pullRequestShape(ctx.state, p)),
    );
  }),
];
