/**
 * Asking the required roles' teams for a review (`POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers`,
 * Pull requests: write). Idempotent: the teams GitHub already lists as requested are not asked again, so a
 * request made just before a crash (whose record was never written) is found, not repeated.
 */
import type { Octokit, PrRef } from "./octokit.js";

/** What GitHub was asked: teams newly requested, and teams it already listed as requested. */
export interface TeamReviewOutcome {
  requested: string[];
  already: string[];
}

/** Requests reviews of `teams` (slugs of the repository owner's organisation) on the PR, skipping those already requested. */
export async function requestTeamReviews(octokit: Octokit, ref: PrRef, teams: readonly string[]): Promise<TeamReviewOutcome> {
  const where = { owner: ref.owner, repo: ref.repo, pull_number: ref.number };
  const { data } = await octokit.rest.pulls.listRequestedReviewers(where);
  const listed = new Set(data.teams.map((t) => t.slug.toLowerCase()));
  const requested = teams.filter((t) => !listed.has(t.toLowerCase()));
  if (requested.length > 0) await octokit.rest.pulls.requestReviewers({ ...where, team_reviewers: requested });
  return { requested, already: teams.filter((t) => listed.has(t.toLowerCase())) };
}
