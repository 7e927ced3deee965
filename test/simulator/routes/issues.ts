import { json, noContent, notFound, validationFailed, type SimResponse } from "../http.js";
import { commentShape, issueShape } from "../shapes.js";
import type { SimComment } from "../state.js";
import { actorLogin, intParam, pageOf, repoRoute, stringField, type RepoContext, type Route } from "./define.js";

/** Issues (which include PRs, as on GitHub) and issue comments. */

/** GitHub rejects comment and issue bodies longer than this. */
export const MAX_BODY_LENGTH = 65536;

/** 422 for a missing or over-long body, like GitHub; undefined when the body is acceptable. */
function checkBody(resource: string, body: unknown, required: boolean): SimResponse | undefined {
  if (body === undefined || body === null) return required ? validationFailed(resource, "body", "missing_field") : undefined;
  if (typeof body !== "string" || (required && body === "")) return validationFailed(resource, "body", "invalid");
  if (body.length > MAX_BODY_LENGTH) {
    return validationFailed(resource, "body", "custom", `body is too long (maximum is ${MAX_BODY_LENGTH} characters)`);
  }
  return undefined;
}

function ref(ctx: RepoContext) {
  return { owner: ctx.repo.owner, repo: ctx.repo.name, number: intParam(ctx, "number") };
}

/** The comment with `:id`, if it belongs to this repository. */
function findComment(ctx: RepoContext): SimComment | undefined {
  const comment = ctx.state.comment(intParam(ctx, "id"));
  return comment && comment.owner === ctx.repo.owner && comment.repo === ctx.repo.name ? comment : undefined;
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items: unknown[] = value;
  return items.map((v) => (typeof v === "object" && v !== null && "name" in v ? String(v.name) : String(v)));
}

function listIssues(ctx: RepoContext): SimResponse {
  const state = ctx.query.get("state") ?? "open";
  const labels = (ctx.query.get("labels") ?? "")
    .split(",")
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  const creator = ctx.query.get("creator")?.toLowerCase();
  const items = [...ctx.state.issues, ...ctx.state.pulls].filter(
    (i) =>
      i.owner === ctx.repo.owner &&
      i.repo === ctx.repo.name &&
      (state === "all" || i.state === state) &&
      labels.every((l) => i.labels.some((have) => have.toLowerCase() === l)) &&
      (creator === undefined || i.user.toLowerCase() === creator),
  );
  items.sort((a, b) => b.number - a.number);
  return pageOf(
    ctx,
    items.map((i) => issueShape(ctx.state, i)),
  );
}

function createIssue(ctx: RepoContext): SimResponse {
  const title = ctx.body.title;
  if (typeof title !== "string" || title === "") return validationFailed("Issue", "title", "missing_field");
  const bad = checkBody("Issue", ctx.body.body, false);
  if (bad) return bad;
  const issue = ctx.state.createIssue({
    owner: ctx.repo.owner,
    repo: ctx.repo.name,
    title,
    body: stringField(ctx.body, "body") ?? "",
    user: actorLogin(ctx),
    labels: stringList(ctx.body.labels) ?? [],
  });
  return json(201, issueShape(ctx.state, issue));
}

function updateIssue(ctx: RepoContext): SimResponse {
  const item = ctx.state.issueOrPull(ref(ctx));
  if (!item) return notFound();
  const bad = checkBody("Issue", ctx.body.body, false);
  if (bad) return bad;
  const { title, body, state } = ctx.body;
  if (state !== undefined && state !== "open" && state !== "closed") return validationFailed("Issue", "state", "invalid");
  if (typeof title === "string") item.title = title;
  if (typeof body === "string") item.body = body;
  if (state === "closed" && item.state === "open") item.closedAt = ctx.state.now();
  if (state === "open") item.closedAt = null;
  if (state !== undefined) item.state = state;
  const labels = stringList(ctx.body.labels);
  if (labels) {
    item.labels = [];
    ctx.state.addLabels(item, labels);
  }
  item.updatedAt = ctx.state.now();
  return json(200, issueShape(ctx.state, item));
}

export const issueRoutes: Route[] = [
  repoRoute("GET", "/repos/:owner/:repo/issues", listIssues),
  repoRoute("POST", "/repos/:owner/:repo/issues", createIssue),
  repoRoute("GET", "/repos/:owner/:repo/issues/:number", (ctx) => {
    const item = ctx.state.issueOrPull(ref(ctx));
    return item ? json(200, issueShape(ctx.state, item)) : notFound();
  }),
  repoRoute("PATCH", "/repos/:owner/:repo/issues/:number", updateIssue),

  repoRoute("GET", "/repos/:owner/:repo/issues/:number/comments", (ctx) => {
    if (!ctx.state.issueOrPull(ref(ctx))) return notFound();
    return pageOf(
      ctx,
      ctx.state.commentsOn(ref(ctx)).map((c) => commentShape(ctx.state, c)),
    );
  }),

  repoRoute("POST", "/repos/:owner/:repo/issues/:number/comments", (ctx) => {
    if (!ctx.state.issueOrPull(ref(ctx))) return notFound();
    const bad = checkBody("IssueComment", ctx.body.body, true);
    if (bad) return bad;
    const comment = ctx.state.addComment({
      ...ref(ctx),
      user: actorLogin(ctx),
      body: String(ctx.body.body),
      viaApp: ctx.caller.kind !== "user",
    });
    return json(201, commentShape(ctx.state, comment));
  }),

  repoRoute("GET", "/repos/:owner/:repo/issues/comments/:id", (ctx) => {
    const comment = findComment(ctx);
    return comment ? json(200, commentShape(ctx.state, comment)) : notFound();
  }),

  repoRoute("PATCH", "/repos/:owner/:repo/issues/comments/:id", (ctx) => {
    const comment = findComment(ctx);
    if (!comment) return notFound();
    const bad = checkBody("IssueComment", ctx.body.body, true);
    if (bad) return bad;
    return json(200, commentShape(ctx.state, ctx.state.editComment(comment.id, String(ctx.body.body))));
  }),

  repoRoute("DELETE", "/repos/:owner/:repo/issues/comments/:id", (ctx) => {
    const comment = findComment(ctx);
    if (!comment) return notFound();
    ctx.state.comments = ctx.state.comments.filter((c) => c.id !== comment.id);
    return noContent();
  }),
];
