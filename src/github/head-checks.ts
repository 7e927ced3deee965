/**
 * The other checks on a merged head, for the merge record's verification evidence (IEC 62304 §8.2.3): every
 * check run (all pages; the latest of each name, as the merge box shows) but the gate's own, and every commit
 * status of the combined status (all pages; it does not say who set a status). Needs `checks: read` and
 * `statuses: read`.
 */
import { checkRunEvidence, statusEvidence } from "../audit/verification.js";
import type { VerificationCheck } from "../audit/evidence.js";
import type { Octokit } from "./octokit.js";

const PER_PAGE = 100;
/** A bound on combined-status pages (GitHub keeps at most 1000 statuses per commit and context). */
const MAX_STATUS_PAGES = 10;

/** The checks on `sha`, check runs first (by name), then statuses (by context); the app's own runs left out. */
export async function readHeadChecks(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  sha: string,
  ownAppSlug: string,
): Promise<VerificationCheck[]> {
  const runs = await octokit.paginate(octokit.rest.checks.listForRef, { ...repo, ref: sha, filter: "latest", per_page: PER_PAGE });
  const checks = runs
    .filter((r) => r.app?.slug !== ownAppSlug)
    .map((r) => checkRunEvidence({ name: r.name, app: r.app?.slug ?? null, status: r.status, conclusion: r.conclusion ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const statuses: VerificationCheck[] = [];
  for (let page = 1; page <= MAX_STATUS_PAGES; page += 1) {
    const { data } = await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: sha, per_page: PER_PAGE, page });
    for (const s of data.statuses) statuses.push(statusEvidence({ context: s.context, creator: null, state: s.state }));
    if (data.statuses.length < PER_PAGE) break;
  }
  return [...checks, ...statuses.sort((a, b) => a.name.localeCompare(b.name))];
}
