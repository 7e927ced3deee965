import { error, json } from "../http.js";
import { userShape } from "../shapes.js";
import { route, type Route } from "./define.js";

/** `GET /user`: who a person's token belongs to (what an app asks right after an OAuth sign-in). */

export const userRoutes: Route[] = [
  route("GET", "/user", (ctx) => {
    // An installation token acts as no person: GitHub refuses it here.
    if (ctx.caller.kind !== "user") return error(403, "Resource not accessible by integration");
    const login = ctx.caller.login;
    return json(200, {
      ...userShape(ctx.state, login),
      name: null,
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
    });
  }),
];
