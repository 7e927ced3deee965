/**
 * The one pipeline every PR event goes through: read (one snapshot) → decide (pure, a plan) → write (the
 * store, then only what changed on GitHub). Any error ends in a failing check with the reason, never in
 * silence or success.
 */
import type { Logger } from "probot";
import { decide, type Plan, type PlanEvent, type Snapshot } from "../core/plan.js";
import { configuredName } from "../core/requirements.js";
import { profileName, type ProfileCache } from "../github/profile.js";
import { errorEvaluation } from "../core/evaluate.js";
import type { MembershipCache } from "../github/membership.js";
import type { Octokit, PrRef } from "../github/octokit.js";
import { unreadSnapshot } from "../github/pull-request.js";
import { annotationsFor } from "../render/annotations.js";
import { renderCheckRun } from "../render/check-run.js";
import type { AuditStore } from "../store/audit-store.js";
import type { FactStore } from "../store/port.js";
import type { RepoKnowledgeCache } from "./gate-event.js";
import { auditUrl, describeFailure, DEFAULT_CHECK_NAME, type PublishOptions } from "./publish.js";
import { readSnapshot } from "./read-snapshot.js";
import type { TeamPeopleCache } from "../github/team-people.js";
import { withTeamPeople } from "./with-team-people.js";
import { publishCheck, ReplyNotPosted, writePlan } from "./write-plan.js";

/**
 * What of an error may be logged: its message, status and stack, never the request it carries (Octokit errors
 * hold request headers and bodies, where tokens live).
 */
export function safeError(error: unknown): { message: string; status?: number; stack?: string } {
  if (!(error instanceof Error)) return { message: String(error) };
  const status = (error as { status?: unknown }).status;
  return { message: error.message, ...(typeof status === "number" ? { status } : {}), ...(error.stack ? { stack: error.stack } : {}) };
}

/** What every handler shares. */
export interface GateDeps {
  store: FactStore;
  /** The hash-chained audit trail: every decision is recorded before it is published. */
  audit: AuditStore;
  /** The app's bot login (`<slug>[bot]`), looked up once. */
  botLogin: () => Promise<string>;
  publish: PublishOptions;
  now: () => Date;
  /** What each repository's configuration says, learned at its evaluations, for skipping events cheaply. */
  repos?: RepoKnowledgeCache;
  /** Team membership answers reused briefly. */
  memberships?: MembershipCache;
  /** Profile names of signers reused briefly. */
  profiles?: ProfileCache;
  /** The people of the roles' teams, named in the comment, reused for minutes (github/team-people.ts). */
  teamPeople?: TeamPeopleCache;
}

export interface GateRun {
  ref: PrRef;
  defaultBranch: string;
  /** The head SHA the event named, to hang a failing check on if the PR cannot even be read. */
  headSha?: string;
  /** The person giving commands now, whose roles must be looked up. */
  extraActors?: readonly string[];
  event: PlanEvent;
  /**
   * A person asked to evaluate again ("Re-run" on the check, `/safety recheck`): nothing reused, so a change
   * GitHub sends no event for (someone left a team) shows at once.
   */
  fresh?: boolean;
  log: Logger;
}

/** Runs the pipeline for one PR, one event at a time per PR (in this process, and across replicas). */
export async function runGate(deps: GateDeps, octokit: Octokit, run: GateRun): Promise<Plan | undefined> {
  return deps.store.withPrLock({ repo: `${run.ref.owner}/${run.ref.repo}`, number: run.ref.number }, () => runGateLocked(deps, octokit, run));
}

async function runGateLocked(deps: GateDeps, octokit: Octokit, run: GateRun): Promise<Plan | undefined> {
  const repo = `${run.ref.owner}/${run.ref.repo}`;
  const url = auditUrl(run.ref, deps.publish);
  let headSha = run.headSha;
  let checkName = DEFAULT_CHECK_NAME;
  try {
    const botLogin = await deps.botLogin();
    const read = await readSnapshot(octokit, run.fresh ? { ...deps, memberships: undefined } : deps, run.ref, {
      defaultBranch: run.defaultBranch,
      botLogin,
      ...(run.extraActors ? { extraActors: run.extraActors } : {}),
      ...(url === undefined ? {} : { auditUrl: url }),
    });
    const snapshot = await withTeamPeople(octokit, deps, await withSignerName(octokit, deps, read, run.event), run);
    headSha = snapshot.pr.headSha;
    if (snapshot.config.state === "ok") {
      checkName = snapshot.config.config.check.name;
      deps.repos?.learn(repo, snapshot.config.config);
    } else {
      deps.repos?.forget(repo);
    }
    const plan = decide(snapshot, run.event);
    await writePlan(octokit, deps, run.ref, plan, run.log);
    run.log.info(
      { repo, pr: run.ref.number, state: plan.evaluation.state, head: plan.evaluation.headSha },
      `clinical safety gate: ${plan.evaluation.headline}`,
    );
    return plan;
  } catch (error) {
    // Everything but a reply was done, and the check is right: only the delivery is tried again.
    if (error instanceof ReplyNotPosted) throw error;
    run.log.error({ err: safeError(error), repo, pr: run.ref.number }, "clinical safety gate failed; publishing a failing check");
    if (headSha) {
      try {
        await publishFailure(deps, octokit, run.ref, headSha, checkName, error);
      } catch (publishError) {
        run.log.error({ err: safeError(publishError) }, "could not publish the failing check either");
      }
    }
    throw error;
  }
}

/**
 * A person signing off: their printed name from their GitHub profile, unless the configuration's `people`
 * names them (then no request). One request per sign-off, never per event.
 */
export async function withSignerName(octokit: Octokit, deps: Pick<GateDeps, "profiles">, snapshot: Snapshot, event: PlanEvent): Promise<Snapshot> {
  if ((event.kind !== "commands" && event.kind !== "signature") || snapshot.config.state !== "ok") return snapshot;
  if (event.kind === "commands" && !event.commands.some((c) => c.kind === "sign-off")) return snapshot;
  if (configuredName(snapshot.config.config.people, event.actor) !== undefined) return snapshot;
  const name = await profileName(octokit, event.actor, deps.profiles);
  return name === undefined ? snapshot : { ...snapshot, profileNames: new Map([[event.actor.toLowerCase(), name]]) };
}

/**
 * Fail closed: after an error, try to leave a failing check on the head SHA that says why. If even that
 * fails (GitHub unreachable), no check exists for the head, which branch protection treats as not passed.
 */
export async function publishFailure(
  deps: GateDeps,
  octokit: Octokit,
  ref: PrRef,
  headSha: string,
  checkName: string,
  error: unknown,
): Promise<void> {
  const e = errorEvaluation(unreadSnapshot(ref, headSha), [describeFailure(error)]);
  const url = auditUrl(ref, deps.publish);
  const view = renderCheckRun(e, url === undefined ? {} : { auditUrl: url });
  const check = { name: checkName, headSha, ...(url === undefined ? {} : { detailsUrl: url }), ...view, annotations: annotationsFor(e) };
  await publishCheck(octokit, deps.store, ref, check, true);
}
