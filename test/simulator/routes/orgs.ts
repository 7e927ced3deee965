import { json, notFound } from "../http.js";
import { API, userShape } from "../shapes.js";
import { pageOf, route, type Route } from "./define.js";

/** Organisation teams and memberships: who may sign off for a role. */

export const orgRoutes: Route[] = [
  route("GET", "/orgs/:org/teams/:team_slug/memberships/:username", (ctx) => {
    const { org = "", team_slug: slug = "", username = "" } = ctx.params;
    const membership = ctx.state.team(org, slug) ? ctx.state.teamMembership(org, slug, username) : undefined;
    if (!membership) return notFound();
    return json(200, {
      url: `${API}/organizations/${org}/team/${slug}/memberships/${username}`,
      role: membership.role,
      state: membership.state,
    });
  }),

  route("GET", "/orgs/:org/teams/:team_slug/members", (ctx) => {
    const { org = "", team_slug: slug = "" } = ctx.params;
    if (!ctx.state.team(org, slug)) return notFound();
    const role = ctx.query.get("role") ?? "all";
    // Pending invitations are not members yet; GitHub lists only active ones here.
    const members = ctx.state.memberships.filter(
      (m) =>
        m.org.toLowerCase() === org.toLowerCase() &&
        m.team.toLowerCase() === slug.toLowerCase() &&
        m.state === "active" &&
        (role === "all" || m.role === role),
    );
    return pageOf(
      ctx,
      members.map((m) => userShape(ctx.state, m.login)),
    );
  }),
];
