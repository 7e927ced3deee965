/**
 * A GitHub request as metric labels: its method, its route template (`/repos/{owner}/{repo}/pulls/{pull_number}`)
 * and its status class. Labels are what Prometheus keeps one series for, so they hold nothing that grows with
 * use — no owner, repository, number, file path, query string, token or body — and nothing secret. Pure.
 *
 * Most requests reach the Octokit hook with their template already (`octokit.rest.pulls.get` passes
 * `/repos/{owner}/{repo}/pulls/{pull_number}`), but `octokit.paginate` sends the expanded URL, and every page
 * after the first the `Link` header's (`https://api.github.com/repositories/42/pulls/7/files?page=2`): those
 * are matched back to a known template, or reported as `other`.
 */

/** The route label of a request that matches no known template. */
export const OTHER_ROUTE = "other";

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]);

/** The method as a label: one of the HTTP methods GitHub's API uses, or `other`. */
export function methodLabel(method: unknown): string {
  const upper = typeof method === "string" ? method.toUpperCase() : "";
  return METHODS.has(upper) ? upper : "other";
}

/** `304` on its own (a conditional request answered from the cache: free of rate limit), else `2xx`…`5xx`, or `error` without a response. */
export function statusLabel(status: number | undefined): string {
  if (status === 304) return "304";
  if (status === undefined || !Number.isInteger(status) || status < 100 || status > 599) return "error";
  return `${Math.floor(status / 100)}xx`;
}

interface Template {
  /** The path segments; `undefined` for a segment holding a parameter (matches any one segment). */
  segments: (string | undefined)[];
  literals: number;
  route: string;
}

/** Known route templates, indexed by method and segment count, for matching expanded URLs back to them. */
export class RouteTable {
  private readonly byShape = new Map<string, Template[]>();

  /** @param routes `"GET /repos/{owner}/{repo}/pulls/{pull_number}/files"`, as Octokit's endpoint methods hold them */
  constructor(routes: Iterable<string>) {
    for (const text of routes) {
      const space = text.indexOf(" ");
      if (space < 0) continue;
      const method = methodLabel(text.slice(0, space));
      const route = templatePath(text.slice(space + 1));
      const segments = route
        .split("/")
        .slice(1)
        .map((s) => (s.includes("{") ? undefined : s));
      const key = `${method} ${segments.length}`;
      const list = this.byShape.get(key) ?? [];
      if (list.some((t) => t.route === route)) continue;
      list.push({ segments, literals: segments.filter((s) => s !== undefined).length, route });
      this.byShape.set(key, list);
    }
    // Most literal segments first: `/repos/{owner}/{repo}/pulls/comments` wins over `/pulls/{pull_number}`.
    for (const list of this.byShape.values()) list.sort((a, b) => b.literals - a.literals);
  }

  /** The template an expanded path (no query) matches, if any. */
  match(method: string, path: string): string | undefined {
    const segments = path.split("/").slice(1);
    const candidates = this.byShape.get(`${methodLabel(method)} ${segments.length}`) ?? [];
    return candidates.find((t) => t.segments.every((s, i) => s === undefined || s === segments[i]))?.route;
  }
}

/** A template's path without its query part (`{?per_page,page}` or `?…`). */
function templatePath(template: string): string {
  const end = template.search(/\{\?|\?/);
  return end < 0 ? template : template.slice(0, end);
}

/**
 * The route label of a request as the Octokit hook sees it: `url` is a template (`/repos/{owner}/{repo}`)
 * or an expanded URL (relative, or absolute under `baseUrl`, e.g. `https://ghe.example/api/v3`).
 */
export function routeLabel(method: string, url: string, routes: () => RouteTable, baseUrl?: string): string {
  if (url.includes("{")) {
    const path = templatePath(url.replace(/^https?:\/\/[^/]+/i, ""));
    return path.startsWith("/") ? stripBase(path, baseUrl) : OTHER_ROUTE;
  }
  let path: string;
  try {
    path = new URL(url, "http://relative.invalid").pathname;
  } catch {
    return OTHER_ROUTE;
  }
  path = stripBase(path, baseUrl);
  // GitHub's `Link` headers name a repository by id: matched as the `/repos/{owner}/{repo}/…` it is, so page
  // 2 of a list counts under the same route as page 1.
  path = path.replace(/^\/repositories\/\d+(?=\/|$)/, "/repos/-/-");
  return routes().match(method, path) ?? OTHER_ROUTE;
}

/** The API base's own path (`/api/v3` on GitHub Enterprise Server) taken off the front. */
function stripBase(path: string, baseUrl: string | undefined): string {
  let base = "/api/v3";
  if (baseUrl !== undefined) {
    try {
      base = new URL(baseUrl).pathname.replace(/\/+$/, "");
    } catch {
      // keep the usual GHES prefix
    }
  }
  return base !== "" && (path === base || path.startsWith(`${base}/`)) ? path.slice(base.length) || "/" : path;
}
