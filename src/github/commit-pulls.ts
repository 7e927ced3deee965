import type { Octokit } from "./octokit.js";

/** The PRs a commit belongs to, with whether each is open or merged. */
async function pullsOf(octokit: Octokit, repo: { owner: string; repo: string }, sha: string) {
  return octokit.paginate(octokit.rest.repos.listPullRequestsAssociatedWithCommit, {
    owner: repo.owner,
    repo: repo.repo,
    commit_sha: sha,
    per_page: 100,
  });
}

/** The merged PRs a commit belongs to: a push that is a PR's merge is not a direct push. */
export async function mergedPullsOf(octokit: Octokit, repo: { owner: string; repo: string }, sha: string): Promise<number[]> {
  return (await pullsOf(octokit, repo, sha)).filter((p) => p.merged_at !== null).map((p) => p.number);
}

/** The open PRs whose head is this commit (a check run of a fork's PR does not name its PR). */
export async function openPullsAt(octokit: Octokit, repo: { owner: string; repo: string }, sha: string): Promise<number[]> {
  return (await pullsOf(octokit, repo, sha)).filter((p) => p.state === "open" && p.head.sha === sha).map((p) => p.number);
}
