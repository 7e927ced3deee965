import { describe, expect, it } from "@jest/globals";
import { RATE_LIMIT_MAX_WAIT_S, RATE_LIMIT_RETRIES, retryRateLimited, THROTTLE_OPTIONS } from "../../../src/github/rate-limits.js";

describe("rate limits: wait and retry, within bounds, then give up to the inbox's retries", () => {
  it.each<[number, number, boolean]>([
    [1, 0, true],
    [30, 2, true],
    [RATE_LIMIT_MAX_WAIT_S, 0, true],
    [RATE_LIMIT_MAX_WAIT_S + 1, 0, false],
    [1, RATE_LIMIT_RETRIES, false],
    [3_600, 0, false],
  ])("retry-after %i s, retry %i → %s", (after, count, expected) => {
    expect(retryRateLimited(after, count)).toBe(expected);
  });

  it("the handlers Octokit calls say so, and log without the request's headers", () => {
    const lines: string[] = [];
    const octokit = { log: { warn: (m: string) => lines.push(m) } };
    expect(THROTTLE_OPTIONS.onSecondaryRateLimit(5, { method: "POST", url: "/repos/a/b/check-runs" }, octokit, 0)).toBe(true);
    expect(THROTTLE_OPTIONS.onRateLimit(7_200, { method: "GET", url: "/repos/a/b" }, octokit, 0)).toBe(false);
    expect(lines).toEqual([
      "GitHub secondary rate limit on POST /repos/a/b/check-runs: retrying in 5 s",
      "GitHub rate limit on GET /repos/a/b: giving up for now",
    ]);
  });
});
