import { json, notFound } from "../http.js";
import { API, WEB, appShape, nodeId, repoShape, userShape } from "../shapes.js";
import type { GitHubState, SimInstallation } from "../state.js";
import { intParam, repoRoute, route, type Route } from "./define.js";

/** Endpoints the app calls with its JWT: who am I, which installation, give me a token. */

function installationShape(state: GitHubState, installation: SimInstallation) {
  const app = appShape(state);
  return {
    id: installation.id,
    node_id: nodeId("Installation", installation.id),
    account: userShape(state, installation.account),
    repository_selection: "all",
    access_tokens_url: `${API}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${API}/installation/repositories`,
    html_url: `${WEB}/organizations/${installation.account}/settings/installations/${installation.id}`,
    app_id: state.app.id,
    app_slug: state.app.slug,
    target_id: state.user(installation.account).id,
    target_type: state.user(installation.account).type,
    permissions: app.permissions,
    events: app.events,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    single_file_name: null,
    suspended_at: null,
  };
}

export const appRoutes: Route[] = [
  route("GET", "/app", (ctx) => json(200, appShape(ctx.state)), "jwt"),

  // The repositories an installation token can reach: its installation's, paginated like GitHub's.
  route("GET", "/installation/repositories", (ctx) => {
    if (ctx.caller.kind !== "installation" || ctx.caller.installationId === undefined) return notFound();
    const id = ctx.caller.installationId;
    const repositories = ctx.state.repos.filter((r) => r.installationId === id).map((r) => repoShape(ctx.state, r));
    return json(200, { total_count: repositories.length, repository_selection: "all", repositories });
  }),

  route(
    "GET",
    "/app/installations",
    (ctx) =>
      json(
        200,
        ctx.state.installations.map((i) => installationShape(ctx.state, i)),
      ),
    "jwt",
  ),

  route(
    "GET",
    "/app/installations/:installation_id",
    (ctx) => {
      const installation = ctx.state.installations.find((i) => i.id === intParam(ctx, "installation_id"));
      return installation ? json(200, installationShape(ctx.state, installation)) : notFound();
    },
    "jwt",
  ),

  route(
    "POST",
    "/app/installations/:installation_id/access_tokens",
    (ctx) => {
      const id = intParam(ctx, "installation_id");
      if (!ctx.state.installations.some((i) => i.id === id)) return notFound();
      // Expiry in real time, not simulated time: @octokit/auth-app caches tokens by the wall clock, and a
      // test that moves the simulated clock days ahead must not make every later call a 401.
      const expiresAt = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      return json(201, {
        token: ctx.state.issueInstallationToken(id),
        expires_at: expiresAt,
        permissions: ctx.state.installationPermissions ?? appShape(ctx.state).permissions,
        repository_selection: "all",
      });
    },
    "jwt",
  ),

  repoRoute(
    "GET",
    "/repos/:owner/:repo/installation",
    (ctx) => {
      const installation = ctx.state.installations.find((i) => i.id === ctx.repo.installationId);
      return installation ? json(200, installationShape(ctx.state, installation)) : notFound();
    },
    "jwt",
  ),
];
