import type { Logger } from "probot";
import { auditDelta } from "../audit/delta.js";
import { headObservations, type NewHeadObservation } from "../audit/heads.js";
import type { AuditRecord } from "../audit/record.js";
import { headContinuousSince, type HeadObservation } from "../core/head-history.js";
import type { Evaluation, Fact } from "../core/types.js";
import { renderCheckRun } from "../render/check-run.js";
import type { AuditStore } from "../store/audit-store.js";
import type { Octokit, PrRef } from "../github/octokit.js";
import type { FactStore } from "../store/port.js";
import { evaluateGathered, gather, type Gathered } from "./gather.js";
import type { RepoKnowledgeCache } from "./gate-event.js";
import { DEFAULT_CHECK_NAME, publish, publishFailure, type PublishOptions } from "./publish.js";

/** Every record of one PR, in chain order. */
export async function prRecords(audit: AuditStore, repo: string, pr: number): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for await (const r of audit.stream({ repo, pr })) records.push(r);
  return records;
}

/**
 * Appends what this evaluation decided that the trail does not hold yet (see audit/delta.ts), with the head
 * the event's payload named (if any) and the head the gate read, so the trail keeps the PR's head history.
 */
export async function recordDecisions(
  deps: GateDeps,
  g: Gathered,
  e: Evaluation,
  newFacts: readonly Fact[],
  botLogin: string,
  payloadHead?: HeadObservation,
): Promise<void> {
  const repo = `${g.ref.owner}/${g.ref.repo}`;
  const previous = await prRecords(deps.audit, repo, g.ref.number);
  const check = renderCheckRun(e);
  const configSha = g.config.state !== "missing" ? (g.config.sha ?? null) : null;
  const at = deps.now().toISOString();
  const heads: NewHeadObservation[] = [...(payloadHead ? [{ ...payloadHead, via: "event" as const }] : []), { sha: g.pr.headSha, at, via: "read" }];
  const records = auditDelta(previous, e, newFacts, { conclusion: check.conclusion, title: check.title }, {
    repo,
    pr: g.ref.number,
    botLogin,
    at,
    configSha,
    heads,
  });
  for (const record of records) await deps.audit.append(record);
}

/**
 * When the PR's current head became its head for the last time, as far as the trail shows, counting the
 * gate's own read of it now: a comment written before then was written about another commit.
 */
export async function headSince(deps: GateDeps, ref: PrRef, head: string): Promise<string> {
  const records = await prRecords(deps.audit, `${ref.owner}/${ref.repo}`, ref.number);
  const now = deps.now().toISOString();
  return headContinuousSince([...headObservations(records), { sha: head, at: now }], head) ?? now;
}

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
}

/**
 * A step run between reading the PR and publishing: applies commands or checkbox answers (appending facts,
 * replying to refusals) and returns true when facts were added, so the PR is evaluated again.
 */
export type ApplyStep = (g: Gathered, before: Evaluation) => Promise<boolean>;

export interface GateRun {
  ref: PrRef;
  defaultBranch: string;
  /** The head SHA the event named, to hang a failing check on if the PR cannot even be read. */
  headSha?: string;
  /** The head the event's payload showed, and when GitHub says it was so: kept in the head history. */
  payloadHead?: HeadObservation;
  extraActors?: string[];
  apply?: ApplyStep;
  log: Logger;
}

/**
 * The one pipeline every event goes through: gather → evaluate (pure) → apply commands → publish.
 * Any error ends in a failing check with the reason, never in silence or success.
 */
export async function runGate(deps: GateDeps, octokit: Octokit, run: GateRun): Promise<Evaluation | undefined> {
  return deps.store.withPrLock({ repo: `${run.ref.owner}/${run.ref.repo}`, number: run.ref.number }, () => runGateLocked(deps, octokit, run));
}

async function runGateLocked(deps: GateDeps, octokit: Octokit, run: GateRun): Promise<Evaluation | undefined> {
  let g: Gathered | undefined;
  try {
    const botLogin = await deps.botLogin();
    const opts = { defaultBranch: run.defaultBranch, botLogin, ...(run.extraActors ? { extraActors: run.extraActors } : {}) };
    g = await gather(octokit, deps.store, run.ref, opts);
    if (g.config.state === "ok") deps.repos?.learn(`${run.ref.owner}/${run.ref.repo}`, g.config.config);
    else deps.repos?.forget(`${run.ref.owner}/${run.ref.repo}`);
    const factsBefore = g.facts.length;
    let evaluation = evaluateGathered(g);
    if (run.apply && (await run.apply(g, evaluation))) {
      g.facts = await deps.store.facts({ repo: `${run.ref.owner}/${run.ref.repo}`, number: run.ref.number });
      evaluation = evaluateGathered(g);
    }
    // Recorded before it is published: a conclusion the trail does not hold must never reach GitHub.
    await recordDecisions(deps, g, evaluation, g.facts.slice(factsBefore), botLogin, run.payloadHead);
    await publish(octokit, g, evaluation, deps.publish);
    run.log.info(
      { repo: `${run.ref.owner}/${run.ref.repo}`, pr: run.ref.number, state: evaluation.state, head: evaluation.headSha },
      `clinical safety gate: ${evaluation.headline}`,
    );
    return evaluation;
  } catch (error) {
    const headSha = g?.pr.headSha ?? run.headSha;
    const checkName = g?.config.state === "ok" ? g.config.config.check.name : DEFAULT_CHECK_NAME;
    run.log.error({ err: safeError(error), repo: `${run.ref.owner}/${run.ref.repo}`, pr: run.ref.number }, "clinical safety gate failed; publishing a failing check");
    if (headSha) {
      try {
        await publishFailure(octokit, run.ref, headSha, checkName, error, deps.publish);
      } catch (publishError) {
        run.log.error({ err: safeError(publishError) }, "could not publish the failing check either");
      }
    }
    throw error;
  }
}
