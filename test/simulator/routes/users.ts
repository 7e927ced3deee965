import { error, json } from "../http.js";
import { userShape } from "../shapes.js";
import { route, type Route, type RouteContext } from "./define.js";

/** `GET /user`: who a person's token belongs to (what an app asks right after an OAuth sign-in). */

/** `GET /users/{username}`: a public profile (the gate reads `name` when someone signs off). */
function profile(ctx: RouteContext, login: string) {
  return {
    ...userShape(ctx.state, login),
    name: ctx.state.user(login).name ?? null,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: ctx.state.repos.filter((r) => r.owner.toLowerCase() === login.toLowerCase() && !r.private).length,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
  };
}

export const userRoutes: Route[] = [
  route("GET", "/users/:username", (ctx) => {
    const login = ctx.params.username ?? "";
    // Only accounts the simulation knows of exist (a person who acted, a team member, a repository owner).
    if (!ctx.state.users[login.toLowerCase()]) return error(404, "Not Found");
    return json(200, profile(ctx, login));
  }),
  route("GET", "/user", (ctx) => {
    // An installation token acts as no person: GitHub refuses it here.
    if (ctx.caller.kind !== "user") return error(403, "Resource not accessible by integration");
    return json(200, profile(ctx, ctx.caller.login));
  }),
];
