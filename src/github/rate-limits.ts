/**
 * What to do when GitHub says "slow down" (a primary rate limit, or a secondary one with `retry-after`):
 * wait and try again, a bounded number of times and for a bounded wait, then give up. Giving up fails the
 * event; the inbox worker tries the delivery again later (src/intake/worker.ts) and the gate stays blocking
 * meanwhile. Retrying without a bound would hold a worker, and the PR's later events, for as long as GitHub
 * keeps refusing.
 */

/** Tries after the first, and the longest wait accepted for one. */
export const RATE_LIMIT_RETRIES = 3;
export const RATE_LIMIT_MAX_WAIT_S = 60;

/** Whether to retry after `retryAfter` seconds, this being retry number `retryCount` (0 for the first). */
export function retryRateLimited(retryAfter: number, retryCount: number): boolean {
  return retryCount < RATE_LIMIT_RETRIES && retryAfter <= RATE_LIMIT_MAX_WAIT_S;
}

interface ThrottledOctokit {
  log: { warn(msg: string): void };
}

/** The throttle options of Octokit's throttling plugin (on by default in Probot), with the bounds above. */
export const THROTTLE_OPTIONS = {
  onRateLimit: (retryAfter: number, options: { method?: string; url?: string }, octokit: ThrottledOctokit, retryCount: number) => {
    const retry = retryRateLimited(retryAfter, retryCount);
    octokit.log.warn(
      `GitHub rate limit on ${options.method ?? ""} ${options.url ?? ""}: ${retry ? `retrying in ${retryAfter} s` : "giving up for now"}`,
    );
    return retry;
  },
  onSecondaryRateLimit: (retryAfter: number, options: { method?: string; url?: string }, octokit: ThrottledOctokit, retryCount: number) => {
    const retry = retryRateLimited(retryAfter, retryCount);
    octokit.log.warn(
      `GitHub secondary rate limit on ${options.method ?? ""} ${options.url ?? ""}: ${retry ? `retrying in ${retryAfter} s` : "giving up for now"}`,
    );
    return retry;
  },
};
