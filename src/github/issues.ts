import type { Octokit } from "./octokit.js";

/** Opens an issue in the repository; returns its number. */
export async function openIssue(octokit: Octokit, repo: { owner: string; repo: string }, title: string, body: string, labels: string[]): Promise<number> {
  const { data } = await octokit.rest.issues.create({ owner: repo.owner, repo: repo.repo, title, body, labels });
  return data.number;
}

/** The merged PRs a commit belongs to: a push that is a PR's merge is not a direct push. */
export async function mergedPullsOf(octokit: Octokit, repo: { owner: string; repo: string }, sha: string): Promise<number[]> {
  const pulls = await octokit.paginate(octokit.rest.repos.listPullRequestsAssociatedWithCommit, {
    owner: repo.owner,
    repo: repo.repo,
    commit_sha: sha,
    per_page: 100,
  });
  return pulls.filter((p) => p.merged_at !== null).map((p) => p.number);
}
