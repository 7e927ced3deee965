import { DEFAULT_CHECK_NAME } from "../config/schema.js";
import { errorEvaluation } from "../core/evaluate.js";
import type { Evaluation, GateError } from "../core/types.js";
import { publishCheckRun } from "../github/check-run.js";
import { applyLabels } from "../github/labels.js";
import type { Octokit, PrRef } from "../github/octokit.js";
import { unreadSnapshot } from "../github/pull-request.js";
import { upsertSticky } from "../github/sticky-comment.js";
import { annotationsFor } from "../render/annotations.js";
import { renderCheckRun } from "../render/check-run.js";
import { renderComment } from "../render/comment.js";
import { labelPlan } from "../render/labels.js";
import type { Gathered } from "./gather.js";

/** The check's name when the configuration could not be read (the default of `check.name`). */
export { DEFAULT_CHECK_NAME };

export interface PublishOptions {
  /** Base address of the audit pages (PUBLIC_URL), for links from the check and the comment. */
  publicUrl?: string;
}

/** The PR's page in the audit pages, when PUBLIC_URL is known. */
export function auditUrl(ref: PrRef, opts: PublishOptions): string | undefined {
  return opts.publicUrl ? `${opts.publicUrl.replace(/\/$/, "")}/audit/${ref.owner}/${ref.repo}/pull/${ref.number}` : undefined;
}

/**
 * Writes the evaluation to GitHub: the sticky comment (only for PRs the gate has something to say about),
 * the check run on the head SHA, and the managed labels.
 */
export async function publish(octokit: Octokit, g: Gathered, e: Evaluation, opts: PublishOptions): Promise<void> {
  const url = auditUrl(g.ref, opts);
  const urlOpt = {
    ...(url === undefined ? {} : { auditUrl: url }),
    ...(g.config.state === "ok" ? { hazardLogPath: g.config.config.hazard_log.path } : {}),
  };
  // Only a relevant PR gets a comment (a broken config must not comment on every PR in the repository; the
  // failing check says why). One that already has a comment keeps it current, so none reads a stale state.
  if (e.classification?.relevant || g.sticky) {
    await upsertSticky(octokit, g.ref, g.sticky, renderComment(e, urlOpt));
  }
  const name = g.config.state === "ok" ? g.config.config.check.name : DEFAULT_CHECK_NAME;
  await publishCheckRun(
    octokit,
    { owner: g.ref.owner, repo: g.ref.repo, headSha: e.headSha, name, ...(url === undefined ? {} : { detailsUrl: url }) },
    { ...renderCheckRun(e, urlOpt), annotations: annotationsFor(e) },
  );
  await applyLabels(octokit, g.ref, labelPlan(e, g.pr.labels));
}

/** Words for an error thrown while talking to GitHub, without anything secret (no headers, no tokens). */
export function describeFailure(error: unknown): GateError {
  const status = typeof error === "object" && error !== null ? (error as { status?: unknown }).status : undefined;
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  if (typeof status === "number") {
    return { code: "api", message: `GitHub API error (HTTP ${status}) while evaluating: ${message}` };
  }
  return { code: "internal", message: `The gate could not evaluate this PR: ${message}` };
}

/**
 * Fail closed: after an error, try to leave a failing check on the head SHA that says why. If even that
 * fails (GitHub unreachable), no check exists for the head, which branch protection treats as not passed.
 */
export async function publishFailure(
  octokit: Octokit,
  ref: PrRef,
  headSha: string,
  checkName: string,
  error: unknown,
  opts: PublishOptions,
): Promise<void> {
  const e = errorEvaluation(unreadSnapshot(ref, headSha), [describeFailure(error)]);
  const url = auditUrl(ref, opts);
  await publishCheckRun(
    octokit,
    { owner: ref.owner, repo: ref.repo, headSha, name: checkName, ...(url === undefined ? {} : { detailsUrl: url }) },
    renderCheckRun(e, url === undefined ? {} : { auditUrl: url }),
  );
}
