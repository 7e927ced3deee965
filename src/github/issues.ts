import type { Octokit } from "./octokit.js";

/** Opens an issue in the repository; returns its number. */
export async function openIssue(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  title: string,
  body: string,
  labels: string[],
): Promise<number> {
  const { data } = await octokit.rest.issues.create({ owner: repo.owner, repo: repo.repo, title, body, labels });
  return data.number;
}

/** The number of an issue (open or closed) with `label` whose body holds `marker`, if there is one. */
export async function findIssueByMarker(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  label: string,
  marker: string,
): Promise<number | undefined> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner: repo.owner,
    repo: repo.repo,
    labels: label,
    state: "all",
    per_page: 100,
  });
  return issues.find((i) => !i.pull_request && (i.body ?? "").includes(marker))?.number;
}
