import type { SimRequest, SimResponse } from "../http.js";
import { json, notFound } from "../http.js";
import { paginate } from "../pagination.js";
import type { GitHubState, SimRepo } from "../state.js";

/**
 * How a route is declared: a method, a path pattern with `:params`, which credential it needs, and a
 * handler over a parsed context. Kept apart from the router so each family of routes is a small file.
 */

/** Who is calling, from the `authorization` header. */
export type Caller =
  | { kind: "app" }
  | { kind: "installation"; installationId?: number }
  | { kind: "user"; login: string }
  /** No credentials, on the few routes that need none (the OAuth web flow). */
  | { kind: "anonymous" };

export interface RouteContext {
  state: GitHubState;
  /** URL-decoded path parameters. */
  params: Record<string, string>;
  /** The absolute request URL (Link headers are built from it, so they keep the host and `/api/v3`). */
  url: URL;
  query: URLSearchParams;
  /** The JSON body when it is an object, else `{}`. */
  body: Record<string, unknown>;
  /** The parsed body as sent (some endpoints accept a bare array). */
  rawBody: unknown;
  headers: SimRequest["headers"];
  caller: Caller;
}

/** A context whose `:owner/:repo` resolved to a repository the caller may see. */
export interface RepoContext extends RouteContext {
  repo: SimRepo;
}

/**
 * `jwt`: only the app's JWT (app endpoints); `token`: an installation or user token; `none`: no credentials
 * needed (GitHub's OAuth web flow on the web host, where the browser carries none).
 */
export type AuthKind = "jwt" | "token" | "none";

export interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  paramNames: string[];
  auth: AuthKind;
  handle(ctx: RouteContext): SimResponse;
}

/**
 * Compiles a pattern: `:name` matches one segment (digits only for `number`, `id` and `installation_id`,
 * so `/issues/comments/1` never reads "comments" as an issue number), `:name+` the rest of the path.
 */
function compile(pattern: string): { regex: RegExp; paramNames: string[] } {
  const paramNames: string[] = [];
  const source = pattern
    .split("/")
    .map((segment) => {
      const match = /^:(\w+)(\+?)$/.exec(segment);
      if (!match) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const [, name = "", rest] = match;
      paramNames.push(name);
      if (rest === "+") return "(.+)";
      return ["number", "id", "installation_id"].includes(name) ? "(\\d+)" : "([^/]+)";
    })
    .join("/");
  return { regex: new RegExp(`^${source}$`), paramNames };
}

/** Declares a route. */
export function route(method: string, pattern: string, handle: (ctx: RouteContext) => SimResponse, auth: AuthKind = "token"): Route {
  return { method, pattern, ...compile(pattern), auth, handle };
}

/**
 * Declares a route under `/repos/:owner/:repo/…`: the repository must exist and be visible to the caller
 * (an installation token only sees its installation's repositories; a person's token sees public
 * repositories and the private ones they have a permission on), else 404 as on GitHub.
 */
export function repoRoute(method: string, pattern: string, handle: (ctx: RepoContext) => SimResponse, auth: AuthKind = "token"): Route {
  return route(
    method,
    pattern,
    (ctx) => {
      const repo = ctx.state.repo(ctx.params.owner ?? "", ctx.params.repo ?? "");
      if (!repo) return notFound();
      const { caller } = ctx;
      if (caller.kind === "installation" && caller.installationId !== undefined && caller.installationId !== repo.installationId) {
        return notFound();
      }
      if (caller.kind === "user" && repo.private && ctx.state.permissionOf(repo, caller.login) === "none") return notFound();
      return handle({ ...ctx, repo });
    },
    auth,
  );
}

/** An integer path parameter (the pattern already guarantees digits). */
export function intParam(ctx: RouteContext, name: string): number {
  return Number(ctx.params[name]);
}

/** The login writes are attributed to: the app's bot for installation tokens, the person for user tokens. */
export function actorLogin(ctx: RouteContext): string {
  return ctx.caller.kind === "user" ? ctx.caller.login : ctx.state.botLogin;
}

/** A string field of the body, or undefined when absent or not a string. */
export function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === "string" ? value : undefined;
}

/** A page of a JSON array, with the `Link` header that lets clients walk the rest. */
export function pageOf(ctx: RouteContext, items: readonly unknown[]): SimResponse {
  const page = paginate(items, ctx.url);
  return json(200, page.items, page.link ? { link: page.link } : {});
}
