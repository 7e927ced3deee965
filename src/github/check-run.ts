import type { CheckAnnotation } from "../render/annotations.js";
import type { Octokit } from "./octokit.js";

/** What the check run shows; produced by the pure renderer. */
export interface CheckRunView {
  conclusion: "success" | "action_required" | "failure" | "neutral";
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotation[];
}

export type { CheckAnnotation };

/** GitHub accepts at most 50 annotations per request; the rest go in follow-up updates. */
const ANNOTATIONS_PER_REQUEST = 50;

/**
 * Sets the gate's check run on the head SHA: updates the one already there (found by name), or creates it.
 * Re-using the run keeps one check per commit however often the PR is re-evaluated.
 *
 * Annotations are sent only when the run is created (in batches of 50 right after). GitHub appends the
 * annotations of every update to those already there and has no way to replace or delete them, so sending
 * them again on each re-evaluation of the same head would show every problem twice, three times…
 */
export async function publishCheckRun(
  octokit: Octokit,
  target: {
    owner: string;
    repo: string;
    headSha: string;
    name: string;
    detailsUrl?: string;
    externalId?: string;
    knownId?: number;
    knownNew?: boolean;
  },
  view: CheckRunView,
): Promise<number> {
  const { owner, repo, headSha, name } = target;
  // What the store knows saves listing the commit's runs: the run's id (update it), or that the gate never
  // started one on this commit (create it).
  const existing =
    target.knownId !== undefined
      ? { data: { check_runs: [{ id: target.knownId }] } }
      : target.knownNew
        ? { data: { check_runs: [] } }
        : await octokit.rest.checks.listForRef({ owner, repo, ref: headSha, check_name: name, filter: "latest", per_page: 1 });
  const annotations = view.annotations ?? [];
  const output = (batch: CheckAnnotation[]) => ({
    title: view.title,
    summary: view.summary,
    ...(view.text === undefined ? {} : { text: view.text }),
    ...(batch.length > 0 ? { annotations: batch } : {}),
  });
  const common = {
    status: "completed" as const,
    conclusion: view.conclusion,
    completed_at: new Date().toISOString(),
    ...(target.detailsUrl === undefined ? {} : { details_url: target.detailsUrl }),
    ...(target.externalId === undefined ? {} : { external_id: target.externalId }),
    output: output(annotations.slice(0, ANNOTATIONS_PER_REQUEST)),
  };
  const current = existing.data.check_runs[0];
  if (current) {
    // The run keeps the annotations it was created with. Should they now differ (the default branch's
    // config broke since, or the run was first created for an API error), they stay as they are until the
    // next commit gets its own run: the summary, rewritten on every update, lists the current problems with
    // their lines. Creating a second run on this head to carry new ones would show two checks of one name.
    await octokit.rest.checks.update({ owner, repo, check_run_id: current.id, ...common, output: output([]) });
    return current.id;
  }
  const { data } = await octokit.rest.checks.create({ owner, repo, name, head_sha: headSha, ...common });
  for (let i = ANNOTATIONS_PER_REQUEST; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    await octokit.rest.checks.update({ owner, repo, check_run_id: data.id, output: output(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST)) });
  }
  return data.id;
}

/**
 * Whether this app's own latest check of `name` on `sha` passed. Only a run created by the app counts: anyone
 * with write access can post a commit status, and another app a check run, of the same name.
 */
export async function gatePassedOn(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  sha: string,
  name: string,
  botLogin: string,
): Promise<boolean> {
  const { data } = await octokit.rest.checks.listForRef({ ...repo, ref: sha, check_name: name, filter: "latest", per_page: 100 });
  const slug = botLogin.replace(/\[bot\]$/, "");
  return data.check_runs.some((run) => run.app?.slug === slug && run.status === "completed" && run.conclusion === "success");
}
