import type { ProbotOctokit } from "probot";

/** The authenticated client a webhook context hands us (installation token). */
export type Octokit = InstanceType<typeof ProbotOctokit>;

/** Identifies one pull request. */
export interface PrRef {
  owner: string;
  repo: string;
  number: number;
}

/** GitHub answers 404 for "no such file/label/membership"; everything else is a real failure. */
export function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { status?: unknown }).status === 404;
}
