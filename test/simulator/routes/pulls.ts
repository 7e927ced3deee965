import { invalid, json, notFound, validationFailed, type SimResponse } from "../http.js";
import { prFileShape, pullRequestShape, reviewShape, teamShape, userShape } from "../shapes.js";
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

/** A list of names in a request body: undefined when absent, null when it is not a list of strings. */
function names(value: unknown): string[] | undefined | null {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return null;
  const items: unknown[] = value;
  return items.every((v): v is string => typeof v === "string") ? items : null;
}

const NOT_COLLABORATOR = (ctx: RepoContext, what: string) =>
  validationFailed(
    "PullRequest",
    "reviewers",
    "custom",
    `Reviews may only be requested from collaborators. One or more of the ${what} you specified is not a collaborator of the ${ctx.repo.owner}/${ctx.repo.name} repository.`,
  );

/**
 * `POST …/pulls/:number/requested_reviewers`, validated as GitHub does: `reviewers` and `team_reviewers` lists
 * of names, at least one of them; 422 for the PR's author, for a person without access to the repository, and
 * for a team that is not one of the owner's organisation (the only teams that can be asked; a personal
 * repository has none). Answers 201 with the PR.
 */
function requestReviewers(ctx: RepoContext): SimResponse {
  const pr = findPull(ctx);
  if (!pr) return notFound();
  const reviewers = names(ctx.body.reviewers);
  const teams = names(ctx.body.team_reviewers);
  if (reviewers === null || teams === null) return invalid("`reviewers` and `team_reviewers` must be arrays of strings");
  if (reviewers === undefined && teams === undefined) return invalid('No subschema in "anyOf" matched: `reviewers` or `team_reviewers` is required');
  if ((reviewers ?? []).some((login) => login.toLowerCase() === pr.user.toLowerCase())) {
    return validationFailed("PullRequest", "reviewers", "custom", "Review cannot be requested from pull request author.");
  }
  if ((reviewers ?? []).some((login) => ctx.state.permissionOf(ctx.repo, login) === "none" || ctx.state.user(login).type !== "User")) {
    return NOT_COLLABORATOR(ctx, "users");
  }
  if ((teams ?? []).some((slug) => ctx.repo.ownerType !== "Organization" || !ctx.state.team(ctx.repo.owner, slug))) {
    return NOT_COLLABORATOR(ctx, "teams");
  }
  const updated = ctx.state.requestReviews(ref(ctx), { reviewers: reviewers ?? [], teams: teams ?? [] });
  return json(201, pullRequestShape(ctx.state, updated));
}

function ref(ctx: RepoContext) {
  return { owner: ctx.repo.owner, repo: ctx.repo.name, number: intParam(ctx, "number") };
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

  repoRoute("GET", "/repos/:owner/:repo/pulls/:number/requested_reviewers", (ctx) => {
    const pr = findPull(ctx);
    if (!pr) return notFound();
    return json(200, {
      users: pr.requestedReviewers.map((login) => userShape(ctx.state, login)),
      teams: pr.requestedTeams.flatMap((slug) => {
        const team = ctx.state.team(ctx.repo.owner, slug);
        return team ? [teamShape(team)] : [];
      }),
    });
  }),

  repoRoute("POST", "/repos/:owner/:repo/pulls/:number/requested_reviewers", requestReviewers),

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
