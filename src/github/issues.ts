import type { Octokit } from "./octokit.js";

/** Opens an issue in the repository; returns its number. */
export async function openIssue(octokit: Octokit, repo: { owner: string; repo: string }, title: string, body: string, labels: string[]): Promise<number> {
  const { data } = await octokit.rest.issues.create({ owner: repo.owner, repo: repo.repo, title, body, labels });
  return data.number;
}
