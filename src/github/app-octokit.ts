import { ProbotOctokit } from "probot";
import { githubRequestMetrics, type GitHubRequestSink } from "../metrics/github-requests.js";
import { conditionalRequests } from "./conditional-requests.js";

/**
 * The Octokit class the app runs with (src/main.ts; the tests of /metrics use it too): Probot's, plus
 * - request metrics (src/metrics/github-requests.ts), installed first so that they sit inside the
 *   conditional-requests plugin and count GitHub's own `304`s, not the cached `200`s it hands its callers;
 * - conditional requests (src/github/conditional-requests.ts): unchanged re-reads come back as 304s, free of
 *   rate limit.
 * Throttling and retries (Probot's own plugins) are inside both: a request retried counts once, as it ended.
 */
export function appOctokit(metrics: GitHubRequestSink) {
  return ProbotOctokit.plugin(githubRequestMetrics(metrics), conditionalRequests);
}
