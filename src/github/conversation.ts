import type { Octokit, PrRef } from "./octokit.js";

/** A comment or review body on the PR, as the gate needs it. */
export interface PrComment {
  id: number;
  author: string;
  body: string;
  createdAt: string;
  /** True when the comment was made by this app (found by the hidden marker, never by login alone). */
  kind: "comment" | "review";
}

/** Every issue comment and review of the PR: all pages, oldest first. */
export async function fetchConversation(octokit: Octokit, ref: PrRef): Promise<PrComment[]> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.number,
    per_page: 100,
  });
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, {
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.number,
    per_page: 100,
  });
  return [
    ...comments.map((c) => ({ id: c.id, author: c.user?.login ?? "", body: c.body ?? "", createdAt: c.created_at, kind: "comment" as const })),
    ...reviews.map((r) => ({ id: r.id, author: r.user?.login ?? "", body: r.body ?? "", createdAt: r.submitted_at ?? "", kind: "review" as const })),
  ];
}
