import { json, noContent, notFound, validationFailed, type SimResponse } from "../http.js";
import { labelShape } from "../shapes.js";
import { intParam, pageOf, repoRoute, stringField, type RepoContext, type Route } from "./define.js";

/** Repository labels and the labels on an issue or PR. */

function ref(ctx: RepoContext) {
  return { owner: ctx.repo.owner, repo: ctx.repo.name, number: intParam(ctx, "number") };
}

/** The label names in `{labels: [...]}` or a bare array, strings or `{name}` objects, as GitHub accepts. */
function requestedLabels(ctx: RepoContext): string[] | undefined {
  const list: unknown = Array.isArray(ctx.rawBody) ? ctx.rawBody : ctx.body.labels;
  if (!Array.isArray(list)) return undefined;
  const items: unknown[] = list;
  const names: string[] = [];
  for (const item of items) {
    if (typeof item === "string") names.push(item);
    else if (typeof item === "object" && item !== null && "name" in item && typeof item.name === "string") names.push(item.name);
    else return undefined;
  }
  return names;
}

function issueLabels(ctx: RepoContext): SimResponse {
  return json(
    200,
    ctx.state.labelsOf(ref(ctx)).map((l) => labelShape(ctx.repo, l)),
  );
}

/** Adds (or, with `replace`, sets) the issue's labels; unknown repository labels are created, like GitHub. */
function applyLabels(ctx: RepoContext, replace: boolean): SimResponse {
  const item = ctx.state.issueOrPull(ref(ctx));
  if (!item) return notFound();
  const names = requestedLabels(ctx);
  if (!names) return validationFailed("Label", "labels", "invalid");
  if (replace) item.labels = [];
  ctx.state.addLabels(item, names);
  return issueLabels(ctx);
}

export const labelRoutes: Route[] = [
  repoRoute("GET", "/repos/:owner/:repo/issues/:number/labels", (ctx) => (ctx.state.issueOrPull(ref(ctx)) ? issueLabels(ctx) : notFound())),
  repoRoute("POST", "/repos/:owner/:repo/issues/:number/labels", (ctx) => applyLabels(ctx, false)),
  repoRoute("PUT", "/repos/:owner/:repo/issues/:number/labels", (ctx) => applyLabels(ctx, true)),
  repoRoute("DELETE", "/repos/:owner/:repo/issues/:number/labels", (ctx) => {
    const item = ctx.state.issueOrPull(ref(ctx));
    if (!item) return notFound();
    item.labels = [];
    return noContent();
  }),
  repoRoute("DELETE", "/repos/:owner/:repo/issues/:number/labels/:name", (ctx) => {
    if (!ctx.state.issueOrPull(ref(ctx))) return notFound();
    if (!ctx.state.removeLabel(ref(ctx), ctx.params.name ?? "")) return notFound("Label does not exist");
    return issueLabels(ctx);
  }),

  repoRoute("GET", "/repos/:owner/:repo/labels", (ctx) =>
    pageOf(
      ctx,
      ctx.repo.labels.map((l) => labelShape(ctx.repo, l)),
    ),
  ),
  repoRoute("GET", "/repos/:owner/:repo/labels/:name", (ctx) => {
    const label = ctx.state.repoLabel(ctx.repo, ctx.params.name ?? "");
    return label ? json(200, labelShape(ctx.repo, label)) : notFound();
  }),
  repoRoute("POST", "/repos/:owner/:repo/labels", (ctx) => {
    const name = stringField(ctx.body, "name");
    if (!name) return validationFailed("Label", "name", "missing_field");
    if (ctx.state.repoLabel(ctx.repo, name)) return validationFailed("Label", "name", "already_exists");
    const label = ctx.state.repoLabel(ctx.repo, name, true);
    if (!label) return notFound();
    label.color = (stringField(ctx.body, "color") ?? label.color).replace(/^#/, "");
    label.description = stringField(ctx.body, "description") ?? null;
    return json(201, labelShape(ctx.repo, label));
  }),
  repoRoute("PATCH", "/repos/:owner/:repo/labels/:name", (ctx) => {
    const label = ctx.state.repoLabel(ctx.repo, ctx.params.name ?? "");
    if (!label) return notFound();
    const oldName = label.name;
    label.name = stringField(ctx.body, "new_name") ?? label.name;
    label.color = (stringField(ctx.body, "color") ?? label.color).replace(/^#/, "");
    label.description = stringField(ctx.body, "description") ?? label.description;
    // Issues store label names, so a rename must follow them.
    for (const item of [...ctx.state.issues, ...ctx.state.pulls]) {
      if (item.owner === ctx.repo.owner && item.repo === ctx.repo.name) {
        item.labels = item.labels.map((l) => (l === oldName ? label.name : l));
      }
    }
    return json(200, labelShape(ctx.repo, label));
  }),
];
