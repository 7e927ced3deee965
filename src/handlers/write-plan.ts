/**
 * The one writer: carries out a plan (src/core/plan.ts). The store first — the plan's audit records, the
 * facts among them, in one transaction — so a conclusion the trail does not hold never reaches GitHub; then
 * GitHub, and only what differs from what was last published: the comment when its text changed, the check
 * run when its content hash changed (found by its stored id, without listing the commit's runs), the labels
 * the plan adds or removes, and a reply that is not on the PR yet.
 */
import { createHash } from "node:crypto";
import type { Logger } from "probot";
import { canonicalJson, type JsonValue } from "../audit/canonical-json.js";
import type { CheckPlan, Plan, ReviewRequestPlan } from "../core/plan.js";
import type { ReviewRequestData } from "../core/reviewers.js";
import { publishCheckRun } from "../github/check-run.js";
import { applyLabels } from "../github/labels.js";
import type { Octokit, PrRef } from "../github/octokit.js";
import { requestTeamReviews } from "../github/review-requests.js";
import { reply, upsertSticky } from "../github/sticky-comment.js";
import type { AuditStore } from "../store/audit-store.js";
import type { FactStore } from "../store/port.js";
import { reportBypass } from "./report-bypass.js";

/** A plan was carried out but its reply could not be posted: the delivery is retried for it, nothing else. */
export class ReplyNotPosted extends Error {
  constructor(override readonly cause: unknown) {
    super(`the reply could not be posted: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "ReplyNotPosted";
  }
}

/** What a check run shows, hashed: the same content is never sent twice. */
export function checkHash(check: CheckPlan): string {
  // Through JSON first: what GitHub is sent has no undefined fields, and neither does what is hashed.
  return createHash("sha256")
    .update(canonicalJson(JSON.parse(JSON.stringify(check)) as JsonValue))
    .digest("hex");
}

/**
 * Runs this process published without the store remembering it (the store was down): what the store says of
 * them is not what GitHub shows, so they are sent again rather than skipped as unchanged. Bounded.
 */
const unrecorded = new Set<string>();
function remember(key: string): void {
  if (unrecorded.size >= 10_000) unrecorded.clear();
  unrecorded.add(key);
}

/**
 * Publishes a check run unless the same content was the last published on that commit. Returns whether
 * anything was sent. With `storeMayFail` (a failing check published because something failed, perhaps the
 * store itself) the store is only a help: unreadable, the run is found by listing; unwritable, it is not
 * remembered — the failing check must reach GitHub whatever else is down.
 */
export async function publishCheck(octokit: Octokit, store: FactStore, ref: PrRef, check: CheckPlan, storeMayFail = false): Promise<boolean> {
  const key = { repo: `${ref.owner}/${ref.repo}`, headSha: check.headSha, name: check.name };
  const hash = checkHash(check);
  const last = storeMayFail ? await store.publishedCheck(key).catch(() => undefined) : await store.publishedCheck(key);
  const dirtyKey = JSON.stringify(key);
  if (last?.hash === hash && !unrecorded.has(dirtyKey)) return false;
  const { name, headSha, detailsUrl, conclusion, title, summary, text, annotations } = check;
  // A run the gate never started on this commit is created without listing the commit's runs first. The
  // intent is stored before (id 0): a crash between creating the run and storing its id leaves the intent,
  // and the next attempt lists, so it updates that run instead of creating a second.
  let known: { knownId: number } | { knownNew: true } | Record<string, never> = {};
  if (last !== undefined && last.id > 0) known = { knownId: last.id };
  else if (last === undefined && !storeMayFail) {
    await store.recordPublishedCheck(key, { id: 0, hash: "" });
    known = { knownNew: true };
  }
  const id = await publishCheckRun(
    octokit,
    { owner: ref.owner, repo: ref.repo, headSha, name, ...(detailsUrl === undefined ? {} : { detailsUrl }), ...known },
    { conclusion, title, summary, ...(text === undefined ? {} : { text }), annotations },
  );
  if (storeMayFail) {
    await store.recordPublishedCheck(key, { id, hash }).then(
      () => unrecorded.delete(dirtyKey),
      () => remember(dirtyKey),
    );
  } else {
    await store.recordPublishedCheck(key, { id, hash });
    unrecorded.delete(dirtyKey);
  }
  return true;
}

export interface WriteDeps {
  store: FactStore;
  audit: AuditStore;
}

/**
 * Carries out `plan`. A failure before the reply propagates (the caller fails closed). A reply that cannot be
 * posted throws {@link ReplyNotPosted} after everything else was done: the delivery is tried again, and the
 * plan made then finds the facts recorded and the check published, so only the reply is sent.
 */
export async function writePlan(octokit: Octokit, deps: WriteDeps, ref: PrRef, plan: Plan, log: Pick<Logger, "warn">): Promise<void> {
  await deps.audit.appendAll(plan.records);
  if (plan.comment) await upsertSticky(octokit, ref, plan.comment.id, plan.comment.body);
  if (plan.check) await publishCheck(octokit, deps.store, ref, plan.check);
  await applyLabels(octokit, ref, plan.labels);
  // Records the bypass even when GitHub refuses the issue (and then throws, so the delivery is retried).
  if (plan.bypass) await reportBypass(deps, octokit, plan.bypass.report, plan.bypass.record);
  if (plan.reviewRequest) await requestReviews(octokit, deps, ref, plan.reviewRequest, log);
  if (plan.reply) {
    try {
      await reply(octokit, ref, plan.reply.body);
    } catch (error) {
      log.warn({ pr: ref.number }, "the reply to refused commands could not be posted; it will be tried again");
      throw new ReplyNotPosted(error);
    }
  }
}

/**
 * Asks the required roles' teams for a review, then records what GitHub answered, so that no later event,
 * redelivery or replica asks them again. A courtesy: a failure is logged and never fails the gate. GitHub's
 * refusal (403 without Pull requests: write, 422 for a team that cannot be asked) is recorded too, so it is not
 * tried on every event; a transient failure (no answer, 5xx, 429) is not, and the next event tries again.
 */
async function requestReviews(octokit: Octokit, deps: WriteDeps, ref: PrRef, request: ReviewRequestPlan, log: Pick<Logger, "warn">): Promise<void> {
  let outcome: Pick<ReviewRequestData, "outcome" | "error">;
  try {
    const done = await requestTeamReviews(octokit, ref, request.teams);
    outcome = { outcome: done.requested.length > 0 ? "requested" : "already-requested" };
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    const message = error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
    log.warn({ pr: ref.number, teams: request.teams, status, message }, "could not request reviews from the roles' teams; the gate is unaffected");
    if (typeof status !== "number" || status >= 500 || status === 429) return;
    outcome = { outcome: "failed", error: `${status}: ${message}` };
  }
  const data: ReviewRequestData = { ...request.record.data, ...outcome };
  try {
    await deps.audit.append({ ...request.record, kind: "review-request", data });
  } catch (error) {
    // The next event finds the teams requested on GitHub and records it then, without asking again.
    log.warn({ pr: ref.number, message: error instanceof Error ? error.message : String(error) }, "could not record the review request");
  }
}
