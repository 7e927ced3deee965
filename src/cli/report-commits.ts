/**
 * The commits of a release, from GitHub's compare API, and, when GitHub does not find them, which of the
 * three things named on the command line it could not find.
 */
import type { ComparedRefs, UserGitHub } from "../github/user-github.js";

/** The two refs resolved and the commits between them, or why there are none to report on. */
export type ReleaseCommits = ({ found: true } & ComparedRefs) | { found: false; problems: string[] };

/**
 * The SHAs reachable from `to` but not from `from` in `repo`, and the commits the two refs name. GitHub answers 404 alike for a missing
 * repository, a missing ref and two refs with no history in common; a person who typed one of them wrong
 * needs to know which, so a 404 is followed by a question about each (comparing a ref with itself, which
 * finds exactly the refs that exist). Those questions are asked only on the way to an error.
 * GitHub errors other than 404 are thrown (`GitHubRequestError`) by `github`.
 */
export async function releaseCommits(github: UserGitHub, repo: string, from: string, to: string): Promise<ReleaseCommits> {
  const range = await github.compareRefs(repo, from, to);
  if (range !== null) return { found: true, ...range };
  if (!(await github.canRead(repo))) {
    return { found: false, problems: [`${repo} not found on GitHub, or GITHUB_TOKEN cannot read it`] };
  }
  const problems: string[] = [];
  for (const ref of new Set([from, to])) {
    if ((await github.commitsBetween(repo, ref, ref)) === null) problems.push(`ref "${ref}" not found in ${repo}`);
  }
  if (problems.length === 0) problems.push(`"${from}" and "${to}" have no history in common in ${repo}`);
  return { found: false, problems };
}
