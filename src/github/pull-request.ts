import type { ChangedFile, PullRequestSnapshot } from "../core/types.js";
import type { Octokit, PrRef } from "./octokit.js";

/** GitHub's pull request files endpoint lists at most this many files. */
export const MAX_LISTED_FILES = 3000;

const STATUSES = new Set<ChangedFile["status"]>(["added", "removed", "modified", "renamed", "copied", "changed", "unchanged"]);

/**
 * Reads the PR and every page of its changed files. A PR with more files than GitHub lists is marked
 * truncated so the core treats the unlisted files as possibly relevant instead of silently missing them.
 */
export async function fetchSnapshot(octokit: Octokit, ref: PrRef): Promise<PullRequestSnapshot> {
  const { data: pr } = await octokit.rest.pulls.get({ owner: ref.owner, repo: ref.repo, pull_number: ref.number });
  const listed = await octokit.paginate(octokit.rest.pulls.listFiles, {
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.number,
    per_page: 100,
  });
  const files: ChangedFile[] = listed.map((f) => {
    const status = STATUSES.has(f.status) ? f.status : "modified";
    return f.previous_filename ? { path: f.filename, previousPath: f.previous_filename, status } : { path: f.filename, status };
  });
  const changedFiles = pr.changed_files ?? files.length;
  return {
    owner: ref.owner,
    repo: ref.repo,
    number: ref.number,
    title: pr.title,
    body: pr.body ?? "",
    author: pr.user?.login ?? "",
    draft: pr.draft ?? false,
    headSha: pr.head.sha,
    baseRef: pr.base.ref,
    labels: pr.labels.map((l) => l.name ?? "").filter(Boolean),
    files,
    filesTruncated: changedFiles > files.length || files.length >= MAX_LISTED_FILES,
    changedFiles,
  };
}

/**
 * What is known of a PR without reading it from GitHub (an error stopped that): enough to name it in a
 * failing check or an error record. Its files are unknown, so it is marked truncated.
 */
export function unreadSnapshot(
  ref: PrRef,
  headSha: string,
  known: Partial<Pick<PullRequestSnapshot, "title" | "author" | "baseRef">> = {},
): PullRequestSnapshot {
  return {
    ...ref,
    title: known.title ?? "",
    body: "",
    author: known.author ?? "",
    draft: false,
    headSha,
    baseRef: known.baseRef ?? "",
    labels: [],
    files: [],
    filesTruncated: true,
    changedFiles: 0,
  };
}
