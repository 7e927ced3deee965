/**
 * An Octokit plugin that counts the app's GitHub requests for the service's metrics: by method, route
 * template and status class, the last `x-ratelimit-remaining` GitHub gave each installation, and the check
 * runs the gate completed, by conclusion (counted where they are sent, so a conclusion GitHub refused is not
 * counted, and the pipeline needs no change).
 *
 * Installed before the conditional-requests plugin (src/github/app-octokit.ts), so that it sits inside it and
 * sees GitHub's own answer — a `304` — rather than the cached `200` that plugin hands its callers; and outside
 * the throttling and retry plugins, so a request retried after a rate limit counts once, with its final status.
 */
import type { Octokit as CoreOctokit, OctokitOptions } from "@octokit/core";
import { methodLabel, RouteTable, routeLabel, statusLabel } from "./github-routes.js";

/** Where the plugin reports; {@link ServiceMetrics} is one. */
export interface GitHubRequestSink {
  githubRequest(request: { method: string; route: string; status: string }): void;
  githubRateLimit(limit: { installation: string; resource: string; remaining: number }): void;
  checkRunConcluded(conclusion: string): void;
}

/** The check-run conclusions GitHub accepts; anything else is reported as `other`. */
const CONCLUSIONS = new Set(["success", "action_required", "failure", "neutral", "cancelled", "skipped", "stale", "timed_out"]);

/** Where the gate completes its check run (src/github/check-run.ts): create, and update. */
const CHECK_RUN_WRITES = new Set(["POST /repos/{owner}/{repo}/check-runs", "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}"]);

/** Every route the client's endpoint methods know, read once per process (about a thousand, ~10 ms). */
let knownRoutes: RouteTable | undefined;
export function routesOf(octokit: CoreOctokit): RouteTable {
  if (knownRoutes) return knownRoutes;
  const routes: string[] = [];
  const rest = (octokit as { rest?: Record<string, Record<string, { endpoint?: { DEFAULTS?: { method?: string; url?: string } } }>> }).rest ?? {};
  for (const scope of Object.values(rest)) {
    for (const method of Object.values(scope)) {
      const defaults = method.endpoint?.DEFAULTS;
      if (defaults?.method && defaults.url) routes.push(`${defaults.method} ${defaults.url}`);
    }
  }
  knownRoutes = new RouteTable(routes);
  return knownRoutes;
}

/** The installation a client acts as (Probot gives it in `auth.installationId`), or `app` for the app's own JWT client. */
function installationOf(options: OctokitOptions): string {
  const id = (options.auth as { installationId?: unknown } | undefined)?.installationId;
  return typeof id === "number" || (typeof id === "string" && /^\d{1,20}$/.test(id)) ? String(id) : "app";
}

/** A response header's value as a whole number, if it is one. */
function headerNumber(headers: Record<string, unknown> | undefined, name: string): number | undefined {
  const value = headers?.[name];
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d{1,12}$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The plugin, reporting to `sink`: `ProbotOctokit.plugin(githubRequestMetrics(metrics), conditionalRequests)`. */
export function githubRequestMetrics(sink: GitHubRequestSink): (octokit: CoreOctokit, options: OctokitOptions) => void {
  return function githubRequestMetricsPlugin(octokit, options) {
    const installation = installationOf(options);
    octokit.hook.wrap("request", async (request, requestOptions) => {
      const method = methodLabel(requestOptions.method);
      const route = routeLabel(method, String(requestOptions.url), () => routesOf(octokit), requestOptions.baseUrl);
      const observe = (status: number | undefined, headers: Record<string, unknown> | undefined) => {
        try {
          sink.githubRequest({ method, route, status: statusLabel(status) });
          const remaining = headerNumber(headers, "x-ratelimit-remaining");
          if (remaining !== undefined) {
            const resource = headers?.["x-ratelimit-resource"];
            sink.githubRateLimit({
              installation,
              resource: typeof resource === "string" && /^[a-z_]{1,40}$/.test(resource) ? resource : "core",
              remaining,
            });
          }
          const conclusion = (requestOptions as { conclusion?: unknown }).conclusion;
          if (status !== undefined && status >= 200 && status < 300 && CHECK_RUN_WRITES.has(`${method} ${route}`) && typeof conclusion === "string") {
            sink.checkRunConcluded(CONCLUSIONS.has(conclusion) ? conclusion : "other");
          }
        } catch {
          // Counting is never a reason for a request to fail.
        }
      };
      try {
        const response = await request(requestOptions);
        observe(response.status, response.headers);
        return response;
      } catch (error) {
        const e = error as { status?: unknown; response?: { headers?: Record<string, unknown> } } | undefined;
        observe(typeof e?.status === "number" ? e.status : undefined, e?.response?.headers);
        throw error;
      }
    });
  };
}
