/**
 * Which stream a delivery belongs to: events of one stream are applied in arrival order, one at a time,
 * across every replica; different streams run in parallel. A PR's events (its comments, reviews, pushes,
 * check re-runs) form one stream; a repository-wide event (a push to a branch) forms the repository's.
 * Pure: it reads only the payload's shape.
 */

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isInteger(v) ? v : undefined);

/** `owner/repo#N` for a PR's event, `owner/repo` for a repository's, `""` when the payload names neither. */
export function deliveryStream(name: string, payload: unknown): string {
  const p = obj(payload) ?? {};
  const repo = obj(p.repository)?.full_name;
  if (typeof repo !== "string") return "";
  const number =
    num(obj(p.pull_request)?.number) ??
    // An issue comment on a PR: the issue number is the PR number.
    (obj(obj(p.issue)?.pull_request) ? num(obj(p.issue)?.number) : undefined) ??
    (name === "check_run" ? single(obj(p.check_run)?.pull_requests) : undefined);
  return number === undefined ? repo : `${repo}#${number}`;
}

/** The PR of a check run that belongs to exactly one; a check on several PRs' commit is the repository's. */
function single(prs: unknown): number | undefined {
  return Array.isArray(prs) && prs.length === 1 ? num(obj(prs[0])?.number) : undefined;
}
