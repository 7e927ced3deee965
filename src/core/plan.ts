/**
 * One event's decision, whole: `decide(snapshot, event) → plan`. Pure — it takes what the reader read
 * (src/handlers/read-snapshot.ts) and returns everything the writer (src/handlers/write-plan.ts) must do:
 * the audit records to append (the facts people made are records too), the sticky comment, the check run,
 * the labels and a reply. Commands and ticked boxes are decided here, one after the other against the
 * evaluation they leave, with their refusal texts; nothing is written in between.
 *
 * Everything in the plan can be carried out again after a crash with the same effect: facts carry the
 * command or tick that made them (`source`), and one already recorded is not decided again; a reply carries
 * a hidden marker and is planned only when no reply with that marker is on the PR yet.
 */
import { auditDelta } from "../audit/delta.js";
import { mergeOutcome, type BypassPlan, type MergeFacts } from "../audit/merge-evidence.js";
import { headObservations, headRecords, type NewHeadObservation } from "../audit/heads.js";
import { rememberedLabels } from "../audit/remembered-labels.js";
import type { AuditInput, AuditRecord } from "../audit/record.js";
import type { HazardLogDiff } from "../hazards/diff.js";
import { annotationsFor, type CheckAnnotation } from "../render/annotations.js";
import { renderCheckRun } from "../render/check-run.js";
import { renderComment } from "../render/comment.js";
import { labelPlan } from "../render/labels.js";
import { renderUnprotectedBase } from "../render/unprotected-base.js";
import { renderHelp, type HelpContext } from "../render/help-reply.js";
import type { CheckConclusionData } from "../audit/evidence.js";
import { branchName, protectedBranches, protectsBranch } from "./branches.js";
import { describeCommand, renderRefusalReply } from "../render/refusal-reply.js";
import type { AnswerChange } from "./checklist-boxes.js";
import type { Command } from "./commands.js";
import { decideCommand } from "./decide.js";
import { evaluate, type ConfigView, type TextSource } from "./evaluate.js";
import { headContinuousSince, type HeadObservation } from "./head-history.js";
import type { AcceptedSignOff, Evaluation, Fact, GateConfig, HazardLogView, PullRequestSnapshot } from "./types.js";
import { configuredName, signOffMeaning } from "./requirements.js";
import { roleContacts, teamsToRequest, type ReviewRequestData, type TeamPeople } from "./reviewers.js";
import { renderSignOffReply, renderSignOnPageReply, type SigningPage } from "../render/sign-off-reply.js";
import { signInMaxAgeMs, staleSignIn } from "./strong-signing.js";
import type { RenderOptions } from "../render/options.js";

/** A comment of the PR's conversation, as far as the plan needs it. */
export interface ConversationComment {
  id: number;
  author: string;
  body: string;
}

/** Everything read for one evaluation of one PR. Immutable: built once by the reader, passed through. */
export interface Snapshot {
  pr: PullRequestSnapshot;
  config: ConfigView;
  hazardLog: HazardLogView;
  hazardLogDiff?: HazardLogDiff;
  /** PR body, comments and review bodies, not the app's own. */
  texts: readonly TextSource[];
  /** The app's sticky comment, found by its marker. */
  sticky?: ConversationComment;
  /** The app's other comments (its replies), to find a reply already posted by its marker. */
  appComments: readonly ConversationComment[];
  /** The PR's audit records, in chain order: its head history comes from them. */
  records: readonly AuditRecord[];
  /** What people did on the PR, read from its records (audit/facts-from-records.ts). */
  facts: readonly Fact[];
  /** Live roles of the people who acted (login lower-cased). */
  roles: ReadonlyMap<string, readonly string[]>;
  /**
   * Printed names from GitHub profiles (login lower-cased), read only for a person signing off now; the
   * configuration's `people` comes first.
   */
  profileNames?: ReadonlyMap<string, string>;
  /**
   * The people of the roles' teams (key `org/slug`, lower case), where the app may list them
   * (github/team-people.ts): named in "what happens next". Absent or missing a team: only the team is named.
   */
  teamPeople?: ReadonlyMap<string, TeamPeople>;
  botLogin: string;
  /** When the gate decides (ISO). */
  now: string;
  /** The PR's page of the audit trail, when PUBLIC_URL is known. */
  auditUrl?: string;
  /** The check's name when the configuration cannot say (the default of `check.name`). */
  defaultCheckName: string;
  /**
   * The repository's default branch: the base the gate protects when `branches:` names none. Absent (a
   * caller that cannot tell): every base is protected.
   */
  defaultBranch?: string;
}

/** What happened, as the plan needs it. */
export type PlanEvent =
  /** Anything that only asks to evaluate again; `payloadHead` is the head the webhook named. */
  | { kind: "evaluate"; payloadHead?: HeadObservation }
  /**
   * Commands written by `actor` at `at`. `source` names where, stably across redeliveries and replays (a
   * comment's or review's id and the edit it came with), never a delivery id. A review names its commit.
   */
  | { kind: "commands"; actor: string; at: string; commands: readonly Command[]; source: string; commit?: string }
  /** Boxes ticked in the app's comment by `actor`; `source` names the edit. */
  | { kind: "boxes"; actor: string; at: string; changes: readonly AnswerChange[]; source: string }
  /** The PR was merged: its evidence is recorded and, without a passing gate, a bypass reported. */
  | { kind: "merged"; merge: MergeFacts }
  /**
   * A sign-off made on the audit page (strong signing, core/strong-signing.ts): `actor` signed `role` at `at`
   * on the commit the page showed (`headSha`), after a GitHub sign-in at `signedInAt`. Decided by the very
   * rules of `/safety sign-off`, and refused if the head moved or the sign-in is too old. `source` names the
   * submission, stably across the inbox's retries.
   */
  | { kind: "signature"; actor: string; at: string; role: string; headSha: string; signedInAt: string; rationale?: string; source: string };

/** The check run as it is to be published. */
export interface CheckPlan {
  name: string;
  headSha: string;
  detailsUrl?: string;
  conclusion: "success" | "action_required" | "failure" | "neutral";
  title: string;
  summary: string;
  text?: string;
  annotations: CheckAnnotation[];
}

export interface Plan {
  /** The evaluation after the event. */
  evaluation: Evaluation;
  /** Facts this event added (also in `records`). */
  facts: Fact[];
  /** Records to append, in order, before anything is published. */
  records: AuditInput[];
  /** The sticky comment to create (`id` absent) or update; absent when it is right as it is. */
  comment?: { id?: number; body: string };
  /** The check run; absent for a merged PR (its checks stay as they were). */
  check?: CheckPlan;
  labels: { add: string[]; remove: string[] };
  /** A reply to post, its body ending with its marker; absent when none is due or it was posted before. */
  reply?: { marker: string; body: string };
  /** A bypass to report (a merge without a passing gate). */
  bypass?: BypassPlan;
  /**
   * Reviews to request of the required roles' teams (core/reviewers.ts), and the record that says so once
   * GitHub answered: a courtesy, so carried out after everything else and never failing the gate.
   */
  reviewRequest?: ReviewRequestPlan;
  /** Why the event's commands (or signature) were refused, one line each, as the reply says it; absent: none. */
  refusals?: string[];
}

/** The review request of a plan: the teams (slugs), and the record to append with GitHub's answer. */
export interface ReviewRequestPlan {
  teams: string[];
  record: Omit<AuditInput, "kind" | "data"> & { data: Pick<ReviewRequestData, "title" | "teams"> };
}

/** The hidden marker of the reply to the commands of `source`: found again before a reply is posted. */
export function replyMarker(source: string): string {
  return `<!-- clinical-safety-gate:reply ${encodeURIComponent(source)} -->`;
}

/**
 * The evaluation of the snapshot with `facts`. A `not-relevant` fact among those not yet recorded clears the
 * labels the trail remembers, as its record will once appended.
 */
function evaluationOf(s: Snapshot, facts: readonly Fact[], pr: PullRequestSnapshot = s.pr): Evaluation {
  const cleared = facts.slice(s.facts.length).some((f) => f.kind === "not-relevant");
  return evaluate({
    config: s.config,
    pr,
    hazardLog: s.hazardLog,
    texts: [...s.texts],
    facts,
    rolesOf: (login) => s.roles.get(login.toLowerCase()) ?? [],
    ...(s.hazardLogDiff ? { hazardLogDiff: s.hazardLogDiff } : {}),
    rememberedLabels: cleared ? [] : rememberedLabels(s.records),
  });
}

const recorded = (facts: readonly Fact[], source: string) => facts.some((f) => f.source === source || f.source?.startsWith(`${source}.`));

/** What an event did: facts added, refusals, and sign-offs to be made on the audit page instead. */
interface Applied {
  facts: Fact[];
  refusals: string[];
  /** Roles the actor's `/safety sign-off` must sign on the audit page (`sign_off.reauthenticate`). */
  signOnPage?: string[];
}

/** The facts and refusals of an event, decided one command (or box) after the other. */
function applyEvent(s: Snapshot, event: PlanEvent, before: readonly Fact[]): Applied {
  if (event.kind === "evaluate" || event.kind === "merged") return { facts: [], refusals: [] };
  if (event.kind === "signature") return applySignature(s, event, before);
  const added: Fact[] = [];
  if (event.kind === "boxes") {
    const asked = new Set(evaluationOf(s, before).checklist.map((c) => c.question.id));
    for (const c of event.changes) {
      const source = `${event.source}:${c.questionId}`;
      if (!asked.has(c.questionId) || recorded(before, source)) continue;
      added.push({
        kind: "answer",
        questionId: c.questionId,
        answer: c.answer,
        via: "checkbox",
        actor: event.actor,
        at: event.at,
        headSha: s.pr.headSha,
        source,
      });
    }
    return { facts: added, refusals: [] };
  }
  if (s.config.state !== "ok") {
    const refused = event.commands.some((c) => c.kind !== "recheck" && c.kind !== "help");
    return {
      facts: [],
      refusals: refused
        ? [`the clinical safety gate cannot accept commands while its configuration is ${s.config.state}; see the failing check for the problems`]
        : [],
    };
  }
  const config = s.config.config;
  // A review names the commit it was written on; a comment is judged against the PR's head history.
  const pr = event.commit && event.commit !== s.pr.headSha ? { ...s.pr, headSha: event.commit } : s.pr;
  const headSeenAt =
    event.commit === undefined
      ? (headContinuousSince([...headObservations(s.records), { sha: s.pr.headSha, at: s.now }], s.pr.headSha) ?? s.now)
      : undefined;
  const refusals: string[] = [];
  const signOnPage: string[] = [];
  for (const [index, command] of event.commands.entries()) {
    const source = `${event.source}#${index}`;
    if (recorded(before, source) || recorded(added, source)) continue;
    const decision = decideCommand(command, {
      config,
      evaluation: evaluationOf(s, [...before, ...added], pr),
      rolesOf: (login) => s.roles.get(login.toLowerCase()) ?? [],
      actor: event.actor,
      at: event.at,
      ...(headSeenAt === undefined ? {} : { headSeenAt }),
    });
    if ("refuse" in decision) {
      refusals.push(`\`${describeCommand(command)}\` was refused: ${decision.refuse}.`);
      continue;
    }
    if (decision.signOnPage && !signOnPage.includes(decision.signOnPage.role)) signOnPage.push(decision.signOnPage.role);
    added.push(...decision.accept.map((f, i) => ({ ...signature(s, config, f), source: i === 0 ? source : `${source}.${i}` })));
  }
  return { facts: added, refusals, ...(signOnPage.length > 0 ? { signOnPage } : {}) };
}

/** A signature from the audit page, as the page submits it and the worker applies it. */
export type SignatureEvent = Extract<PlanEvent, { kind: "signature" }>;

/**
 * A signature from the audit page, decided exactly as `/safety sign-off` is (core/decide.ts), on the commit
 * the page showed: refused when the PR's head has moved since, or when the GitHub sign-in behind it was older
 * than `sign_off.sign_in_max_age_minutes` when it was made. The page asks this before it submits a signature
 * and the worker again when it applies it, so the two cannot disagree on a rule. `before`: the facts it is
 * decided after (default: the snapshot's).
 */
export function decideSignature(s: Snapshot, event: SignatureEvent, before: readonly Fact[] = s.facts): { accept: Fact[] } | { refuse: string } {
  if (s.config.state !== "ok")
    return { refuse: `the clinical safety gate's configuration is ${s.config.state}; see the failing check for the problems` };
  const config = s.config.config;
  if (!protectsBranch(config, s.pr.baseRef, s.defaultBranch)) {
    return {
      refuse: `this pull request is into \`${branchName(s.pr.baseRef).replace(/`/g, "'")}\`, a branch the clinical safety gate does not protect`,
    };
  }
  if (event.headSha !== s.pr.headSha) {
    return {
      refuse: `the pull request's head moved from \`${event.headSha.slice(0, 7)}\` (the commit you were shown) to \`${s.pr.headSha.slice(0, 7)}\`; review it and sign again`,
    };
  }
  const stale = staleSignIn(event.signedInAt, event.at, signInMaxAgeMs(config));
  if (stale !== undefined) return { refuse: stale };
  const decision = decideCommand(
    { kind: "sign-off", role: event.role },
    {
      config,
      evaluation: evaluationOf(s, before),
      rolesOf: (login) => s.roles.get(login.toLowerCase()) ?? [],
      actor: event.actor,
      at: event.at,
      method: "audit-page",
    },
  );
  if ("refuse" in decision) return decision;
  const strong = {
    method: "audit-page" as const,
    signedInAt: event.signedInAt,
    ...(event.rationale === undefined ? {} : { rationale: event.rationale }),
  };
  return { accept: decision.accept.map((f) => ({ ...signature(s, config, f), ...strong })) };
}

/** The signature's facts (once: they carry its source), or its refusal as the reply states it. */
function applySignature(s: Snapshot, event: SignatureEvent, before: readonly Fact[]): Applied {
  const source = `${event.source}#0`;
  if (recorded(before, source)) return { facts: [], refusals: [] };
  const decision = decideSignature(s, event, before);
  if ("refuse" in decision) {
    return { facts: [], refusals: [`Your signature as \`${event.role.replace(/`/g, "'")}\` on the audit page was refused: ${decision.refuse}.`] };
  }
  return { facts: decision.accept.map((f, i) => ({ ...f, source: i === 0 ? source : `${source}.${i}` })), refusals: [] };
}

/**
 * A sign-off as it is signed: with the meaning its role has now (fixed with it from then on) and the
 * signer's printed name — the configuration's `people`, else their GitHub profile's name, when known.
 */
function signature(s: Snapshot, config: GateConfig, fact: Fact): Fact {
  if (fact.kind !== "sign-off") return fact;
  const name = configuredName(config.people, fact.actor) ?? s.profileNames?.get(fact.actor.toLowerCase());
  return { ...fact, meaning: signOffMeaning(fact.role, config.roles[fact.role]), ...(name === undefined ? {} : { name }) };
}

/**
 * The sign-offs the commands of `event` made (this time, or when the same commands were decided before a
 * crash and the reply was never posted), as the evaluation now counts them.
 */
function signedBy(event: PlanEvent, facts: readonly Fact[], evaluation: Evaluation): AcceptedSignOff[] {
  if (event.kind !== "commands" && event.kind !== "signature") return [];
  return facts.flatMap((f) => {
    if (f.kind !== "sign-off" || !f.source?.startsWith(`${event.source}#`)) return [];
    const counted = [...evaluation.signOffs.valid, ...evaluation.signOffs.invalid].find(
      (x) => x.actor === f.actor && x.role === f.role && x.headSha === f.headSha,
    );
    if (!counted) return [];
    const { role, actor, at, headSha, meaning, name } = counted;
    return [{ role, actor, at, headSha, meaning, ...(name === undefined ? {} : { name }) }];
  });
}

/**
 * The reply to a person's commands: what their sign-offs signed and what still blocks, the refusals, and the
 * help when they asked for it. Absent when there is nothing to say, or when the reply to these commands
 * (found by its marker) was posted before.
 */
function replyTo(
  s: Snapshot,
  event: PlanEvent,
  refusals: readonly string[],
  help: (actor: string) => HelpContext,
  signed?: { signOffs: readonly AcceptedSignOff[]; evaluation: Evaluation; options: RenderOptions },
  signOnPage: readonly string[] = [],
): Plan["reply"] {
  if (event.kind !== "commands" && event.kind !== "signature") return undefined;
  const helped = event.kind === "commands" && event.commands.some((c) => c.kind === "help");
  const signOffs = signed?.signOffs ?? [];
  if (refusals.length === 0 && !helped && signOffs.length === 0 && signOnPage.length === 0) return undefined;
  const marker = replyMarker(event.source);
  if (s.appComments.some((c) => c.body.includes(marker))) return undefined;
  const how = event.kind === "signature" ? { method: "audit-page" as const, signedInAt: event.signedInAt } : undefined;
  const parts = [
    ...(signed && signOffs.length > 0 ? [renderSignOffReply(event.actor, signOffs, signed.evaluation, signed.options, how)] : []),
    ...(signOnPage.length > 0 ? [renderSignOnPageReply(event.actor, signingPages(s, signOnPage), s.pr.headSha)] : []),
    ...(refusals.length > 0 ? [renderRefusalReply(event.actor, refusals)] : []),
    ...(helped ? [renderHelp(help(event.actor), refusals.length === 0)] : []),
  ];
  return { marker, body: `${parts.join("\n\n")}\n\n${marker}` };
}

/**
 * Where each role signs this PR on the audit page, with what its signature means; no address when the audit
 * pages have none (PUBLIC_URL unset), which the reply then says.
 */
function signingPages(s: Snapshot, roles: readonly string[]): SigningPage[] {
  const config = s.config.state === "ok" ? s.config.config : undefined;
  return roles.map((role) => ({
    role,
    meaning: signOffMeaning(role, config?.roles[role]),
    ...(s.auditUrl === undefined ? {} : { url: `${s.auditUrl}/sign?${new URLSearchParams({ role }).toString()}` }),
  }));
}

/**
 * A PR into a base the gate does not protect: a neutral check that says so, the gate's labels taken off, its
 * commands refused with the reason, and a merge that is neither recorded as evidence nor a bypass. Only the
 * head and the check's conclusion join the trail, so an auditor can see why the gate stood aside.
 */
function unprotectedPlan(s: Snapshot, event: PlanEvent, config: GateConfig): Plan {
  const base = branchName(s.pr.baseRef);
  const view = renderUnprotectedBase(base, protectedBranches(config, s.defaultBranch ?? base));
  const evaluation: Evaluation = { ...evaluationOf(s, s.facts), headline: view.title };
  const ctx = {
    repo: `${s.pr.owner}/${s.pr.repo}`,
    pr: s.pr.number,
    botLogin: s.botLogin,
    configSha: s.config.state === "ok" ? (s.config.sha ?? null) : null,
  };
  const records: AuditInput[] = headRecords(
    s.records,
    [
      ...(event.kind === "evaluate" && event.payloadHead ? [{ ...event.payloadHead, via: "event" as const }] : []),
      { sha: s.pr.headSha, at: s.now, via: "read" },
    ],
    { ...ctx, title: s.pr.title },
  );
  if (event.kind === "merged") return { evaluation, facts: [], records, labels: { add: [], remove: [] } };
  const lastCheck = [...s.records].reverse().find((r) => r.kind === "check-conclusion");
  const lastData = lastCheck?.data as CheckConclusionData | undefined;
  if (lastCheck?.headSha !== s.pr.headSha || lastData?.conclusion !== view.conclusion || lastData.checkTitle !== view.title) {
    const data: CheckConclusionData = { title: s.pr.title, conclusion: view.conclusion, checkTitle: view.title, state: "unprotected-base" };
    records.push({ kind: "check-conclusion", actor: s.botLogin, at: s.now, headSha: s.pr.headSha, ...ctx, data });
  }
  const why = `this pull request is into \`${base.replace(/`/g, "'")}\`, a branch the clinical safety gate does not protect`;
  const refused = event.kind === "commands" ? event.commands.filter((c) => c.kind !== "recheck" && c.kind !== "help") : [];
  const refusals =
    event.kind === "signature"
      ? [`Your signature as \`${event.role.replace(/`/g, "'")}\` on the audit page was refused: ${why}.`]
      : refused.map((c) => `\`${describeCommand(c)}\` was refused: ${why}.`);
  const reply = replyTo(s, event, refusals, (actor) => ({
    actor,
    held: s.roles.get(actor.toLowerCase()) ?? [],
    roles: config.roles,
    missing: [],
    blocked: why,
  }));
  return {
    evaluation,
    facts: [],
    records,
    check: {
      name: config.check.name,
      headSha: s.pr.headSha,
      ...(s.auditUrl === undefined ? {} : { detailsUrl: s.auditUrl }),
      ...view,
      annotations: [],
    },
    labels: labelPlan({ ...evaluation, state: "not-relevant" }, s.pr.labels),
    ...(reply ? { reply } : {}),
    ...(refusals.length > 0 ? { refusals } : {}),
  };
}

/** Decides one event against one snapshot. The same snapshot and event always give the same plan. */
export function decide(s: Snapshot, event: PlanEvent): Plan {
  if (s.config.state === "ok" && !protectsBranch(s.config.config, s.pr.baseRef, s.defaultBranch)) return unprotectedPlan(s, event, s.config.config);
  const { facts: added, refusals, signOnPage } = applyEvent(s, event, s.facts);
  const evaluation = evaluationOf(s, [...s.facts, ...added]);
  const renderOpts = {
    ...(s.auditUrl === undefined ? {} : { auditUrl: s.auditUrl }),
    ...(s.config.state === "ok"
      ? { hazardLogPath: s.config.config.hazard_log.path, contacts: roleContacts(s.config.config, evaluation, s.teamPeople) }
      : {}),
  };
  const view = renderCheckRun(evaluation, renderOpts);
  const configSha = s.config.state !== "missing" ? (s.config.sha ?? null) : null;
  const heads: NewHeadObservation[] = [
    ...(event.kind === "evaluate" && event.payloadHead ? [{ ...event.payloadHead, via: "event" as const }] : []),
    { sha: s.pr.headSha, at: s.now, via: "read" },
  ];
  const records = auditDelta(
    s.records,
    evaluation,
    added,
    { conclusion: view.conclusion, title: view.title },
    {
      repo: `${s.pr.owner}/${s.pr.repo}`,
      pr: s.pr.number,
      botLogin: s.botLogin,
      at: s.now,
      configSha,
      heads,
    },
  );

  // Only a relevant PR gets a comment (a broken config must not comment on every PR in the repository; the
  // failing check says why). One that already has a comment keeps it current, so none reads a stale state.
  let comment: Plan["comment"];
  if (evaluation.classification?.relevant || s.sticky) {
    const body = renderComment(evaluation, renderOpts);
    if (s.sticky?.body !== body) comment = s.sticky ? { id: s.sticky.id, body } : { body };
  }

  const check: CheckPlan = {
    name: s.config.state === "ok" ? s.config.config.check.name : s.defaultCheckName,
    headSha: evaluation.headSha,
    ...(s.auditUrl === undefined ? {} : { detailsUrl: s.auditUrl }),
    ...view,
    annotations: annotationsFor(evaluation),
  };

  if (event.kind === "merged") {
    // A merged PR: its comment, check and labels stay as they were; the merge joins the trail.
    const outcome = mergeOutcome(
      evaluation,
      s.records,
      { ...event.merge, title: s.pr.title },
      {
        owner: s.pr.owner,
        repo: s.pr.repo,
        pr: s.pr.number,
        configSha,
        cso: s.config.state === "ok" ? s.config.config.roles.cso : undefined,
        ...(s.auditUrl === undefined ? {} : { auditUrl: s.auditUrl }),
        files: { paths: s.pr.files.map((f) => f.path), total: Math.max(s.pr.changedFiles, s.pr.files.length) },
      },
    );
    return {
      evaluation,
      facts: [],
      records: [...records, ...outcome.records],
      labels: { add: [], remove: [] },
      ...(outcome.bypass ? { bypass: outcome.bypass } : {}),
    };
  }

  const reply = replyTo(
    s,
    event,
    refusals,
    (actor) => ({
      actor,
      held: s.roles.get(actor.toLowerCase()) ?? [],
      ...(s.config.state === "ok" ? { roles: s.config.config.roles } : { blocked: `its configuration is ${s.config.state}; see the failing check` }),
      missing: evaluation.requiredRoles.filter((r) => !r.signedBy).map((r) => r.role),
    }),
    { signOffs: signedBy(event, [...s.facts, ...added], evaluation), evaluation, options: renderOpts },
    signOnPage,
  );

  // Decided from the trail (the teams asked before), so a later event, a redelivery or a replay after a crash
  // asks no team twice; the writer also skips a team GitHub already lists as requested.
  const teams = s.config.state === "ok" ? teamsToRequest(s.config.config, evaluation, s.records) : [];
  const reviewRequest: ReviewRequestPlan | undefined =
    teams.length === 0
      ? undefined
      : {
          teams,
          record: {
            actor: s.botLogin,
            at: s.now,
            repo: `${s.pr.owner}/${s.pr.repo}`,
            pr: s.pr.number,
            headSha: s.pr.headSha,
            configSha,
            data: { title: s.pr.title, teams },
          },
        };

  return {
    evaluation,
    facts: added,
    records,
    ...(comment ? { comment } : {}),
    check,
    labels: labelPlan(evaluation, s.pr.labels),
    ...(reply ? { reply } : {}),
    ...(refusals.length > 0 ? { refusals } : {}),
    ...(reviewRequest ? { reviewRequest } : {}),
  };
}
