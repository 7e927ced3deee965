import { findHazardIds, hazardsForFiles } from "../hazards/link.js";
import type { HazardLogDiff } from "../hazards/diff.js";
import { foldLedger, judgeSignOffs } from "./ledger.js";
import { classify, type RememberedLabel } from "./match.js";
import { questionsFor, requiredRoles } from "./requirements.js";
import type {
  Blocker,
  ChecklistItem,
  Evaluation,
  Fact,
  GateConfig,
  GateError,
  HazardLogView,
  HazardMention,
  HazardSummary,
  Problem,
  PullRequestSnapshot,
  RequiredRole,
} from "./types.js";

/** The configuration as loaded: usable, invalid (with its problems), or missing. */
export type ConfigView =
  { state: "ok"; config: GateConfig; sha?: string } | { state: "invalid"; problems: Problem[]; sha?: string } | { state: "missing" };

/** A piece of text in the PR that may mention hazards. */
export interface TextSource {
  source: string;
  text: string;
  /**
   * `body`: the PR description, whose ids link; `comment`/`review`: ids there are only mentioned (shown as
   * suggestions). Absent: `body` when the source is "PR description", else a comment.
   */
  kind?: "body" | "comment" | "review";
}

const isBody = (t: TextSource) => (t.kind ?? (t.source === "PR description" ? "body" : "comment")) === "body";

/** `text` without its `/safety …` lines: `/safety unlink HAZ-007` does not mention HAZ-007 as a suggestion. */
function withoutCommands(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => !/^\s{0,3}\/safety\b/i.test(line))
    .join("\n");
}

/** The hazards linked by `/safety link` and not unlinked since, each with who linked it (in order). */
export function commandLinks(facts: readonly Fact[]): Map<string, { actor: string; at: string }> {
  const links = new Map<string, { actor: string; at: string }>();
  for (const f of facts) {
    if (f.kind === "link") links.set(f.hazardId, { actor: f.actor, at: f.at });
    else if (f.kind === "unlink") links.delete(f.hazardId);
  }
  return links;
}

export interface EvaluationInput {
  config: ConfigView;
  pr: PullRequestSnapshot;
  hazardLog: HazardLogView;
  /** PR body, comments and review bodies (not the app's own comment, which lists proposed hazards). */
  texts: TextSource[];
  facts: readonly Fact[];
  rolesOf: (login: string) => readonly string[];
  /** When the PR changes the hazard log: what changed between its base and its head. */
  hazardLogDiff?: HazardLogDiff;
  /** Labels that made rules match before and keep them matching once removed (match.ts). */
  rememberedLabels?: readonly RememberedLabel[];
}

/** Hazard ids written anywhere in the PR, each with where it was written. */
export function mentionsIn(texts: readonly TextSource[], idPattern: string): HazardMention[] {
  return texts.flatMap(({ source, text }) => findHazardIds(text, idPattern).map((id) => ({ id, source })));
}

function prOf(pr: PullRequestSnapshot): Evaluation["pr"] {
  return { owner: pr.owner, repo: pr.repo, number: pr.number, author: pr.author, draft: pr.draft, title: pr.title };
}

function emptyEvaluation(pr: PullRequestSnapshot, logState: HazardLogView["state"] = "absent"): Omit<Evaluation, "state" | "headline"> {
  return {
    headSha: pr.headSha,
    pr: prOf(pr),
    checklist: [],
    hazards: { linked: [], unknown: [], proposed: [], logState },
    requiredRoles: [],
    signOffs: { valid: [], invalid: [] },
    objections: [],
    blockers: [],
    errors: [],
  };
}

/** An evaluation that could not be made: the gate fails closed and says why. */
export function errorEvaluation(pr: PullRequestSnapshot, errors: GateError[], configSha?: string): Evaluation {
  const base = emptyEvaluation(pr);
  const headline = errors.map((e) => e.message).join("; ");
  return configSha === undefined ? { ...base, state: "error", headline, errors } : { ...base, state: "error", headline, errors, configSha };
}

function configErrors(config: ConfigView): GateError[] {
  if (config.state === "missing") {
    return [
      { code: "config-missing", message: "No .github/clinical-safety.yml on the default branch: the gate cannot tell what is clinically relevant" },
    ];
  }
  if (config.state === "invalid") {
    return [
      {
        code: "config",
        message: `Configuration invalid: ${config.problems.length} problem${config.problems.length === 1 ? "" : "s"}`,
        problems: config.problems,
      },
    ];
  }
  return [];
}

function headlineFor(blockers: Blocker[]): string {
  const first = blockers[0];
  if (!first) return "Signed off";
  switch (first.kind) {
    case "hazard-deleted":
      return `Hazard deleted from the log: ${first.ids.join(", ")}`;
    case "checklist-incomplete":
      return `Checklist incomplete: ${first.questionIds.length} question${first.questionIds.length === 1 ? "" : "s"} unanswered`;
    case "yes-without-hazard":
      return "A hazard must be linked for each Yes answer";
    case "unknown-hazards":
      return `Unknown hazard ${first.ids.join(", ")}`;
    case "objection":
      return `Objection by @${first.actor} (${first.role})`;
    case "sign-off-missing":
      return `Waiting for sign-off: ${blockers
        .filter((b) => b.kind === "sign-off-missing")
        .map((b) => (b.kind === "sign-off-missing" ? b.role : ""))
        .join(", ")}`;
  }
}

/**
 * The gate: (config, PR, hazard log, texts, facts, membership) → an evaluation that carries its reasons.
 * Any error makes the state `error`; a relevant PR passes only when nothing blocks it.
 */
export function evaluate(input: EvaluationInput): Evaluation {
  const { pr } = input;
  const errors = configErrors(input.config);
  if (input.config.state !== "ok") return errorEvaluation(pr, errors, input.config.state === "invalid" ? input.config.sha : undefined);
  const { config } = input.config;
  const configSha = input.config.sha;
  const withSha = <T extends object>(e: T) => (configSha === undefined ? e : { ...e, configSha });

  const classification = classify(config, pr, input.rememberedLabels ?? []);
  if (!classification.relevant) {
    return withSha({ ...emptyEvaluation(pr), state: "not-relevant" as const, headline: "No clinical impact detected", classification });
  }

  if (input.hazardLog.state === "invalid") {
    errors.push({ code: "hazard-log", message: `Hazard log ${input.hazardLog.path} is invalid`, problems: input.hazardLog.problems });
  }
  const hazards: HazardSummary[] = input.hazardLog.state === "ok" ? input.hazardLog.hazards : [];
  const known = new Map(hazards.map((h) => [h.id, h]));

  // Links on purpose: an id in the PR description or a `/safety link` links it, and an unknown one is an
  // error the author must fix. An id written only in a comment or a review is a suggestion (mentioned).
  const byCommand = commandLinks(input.facts);
  const mentions = [
    ...mentionsIn(input.texts.filter(isBody), config.hazard_log.id_pattern),
    ...[...byCommand].map(([id, by]) => ({ id, source: `/safety link by @${by.actor}` })),
  ];
  const linked = new Map<string, HazardSummary & { sources: string[] }>();
  const unknown: HazardMention[] = [];
  for (const m of mentions) {
    const hazard = known.get(m.id);
    if (!hazard) {
      if (!unknown.some((u) => u.id === m.id)) unknown.push(m);
      continue;
    }
    const entry = linked.get(m.id) ?? { ...hazard, sources: [] };
    if (!entry.sources.includes(m.source)) entry.sources.push(m.source);
    linked.set(m.id, entry);
  }
  const mentioned: NonNullable<Evaluation["hazards"]["mentioned"]> = [];
  const texts = input.texts.filter((t) => !isBody(t)).map((t) => ({ ...t, text: withoutCommands(t.text) }));
  for (const m of mentionsIn(texts, config.hazard_log.id_pattern)) {
    if (linked.has(m.id) || unknown.some((u) => u.id === m.id) || mentioned.some((x) => x.id === m.id)) continue;
    const hazard = known.get(m.id);
    mentioned.push(hazard ? { ...m, known: true, title: hazard.title } : { ...m, known: false });
  }
  const changedPaths = pr.files.flatMap((f) => (f.previousPath ? [f.path, f.previousPath] : [f.path]));
  const proposed = hazardsForFiles(hazards, changedPaths)
    .filter(({ hazard }) => !linked.has(hazard.id))
    .map(({ hazard, files }) => ({ hazard, files }));

  // Checklist.
  const ledger = foldLedger(input.facts);
  const checklist: ChecklistItem[] = questionsFor(config, classification).map((question) => {
    const a = ledger.answers.get(question.id);
    return a && a.answer !== null
      ? { question, answer: a.answer, answeredBy: a.actor, answeredAt: a.at, ...(a.reason ? { reason: a.reason } : {}) }
      : { question, answer: null };
  });

  // Sign-offs and objections.
  const roles = requiredRoles(config, classification);
  const judged = judgeSignOffs(ledger, {
    config,
    author: pr.author,
    headSha: pr.headSha,
    required: roles.map((r) => r.role),
    rolesOf: input.rolesOf,
  });
  const requiredRolesOut: RequiredRole[] = roles.map((r) => {
    const signedBy = judged.valid.find((s) => s.role === r.role);
    return signedBy ? { ...r, signedBy } : r;
  });

  const blockers: Blocker[] = [];
  // Hazards are closed with a justification, never deleted: the log is the safety case's memory.
  if (input.hazardLogDiff && input.hazardLogDiff.removed.length > 0) blockers.push({ kind: "hazard-deleted", ids: input.hazardLogDiff.removed });
  const unanswered = checklist.filter((c) => c.answer === null).map((c) => c.question.id);
  if (unanswered.length > 0) blockers.push({ kind: "checklist-incomplete", questionIds: unanswered });
  const yes = checklist.filter((c) => c.answer === "yes").map((c) => c.question.id);
  if (yes.length > 0 && linked.size === 0) blockers.push({ kind: "yes-without-hazard", questionIds: yes });
  if (unknown.length > 0) blockers.push({ kind: "unknown-hazards", ids: unknown.map((u) => u.id) });
  for (const o of ledger.objections) blockers.push({ kind: "objection", actor: o.actor, role: o.role });
  for (const r of requiredRolesOut) if (!r.signedBy) blockers.push({ kind: "sign-off-missing", role: r.role });

  const state = errors.length > 0 ? "error" : blockers.length > 0 ? "waiting" : "pass";
  return withSha({
    state,
    headline: state === "error" ? errors.map((e) => e.message).join("; ") : headlineFor(blockers),
    headSha: pr.headSha,
    pr: prOf(pr),
    classification,
    checklist,
    hazards: {
      linked: [...linked.values()],
      unknown,
      proposed,
      mentioned,
      byCommand: [...byCommand.keys()],
      logState: input.hazardLog.state,
      ...(input.hazardLogDiff ? { logDiff: input.hazardLogDiff } : {}),
    },
    requiredRoles: requiredRolesOut,
    signOffs: judged,
    objections: ledger.objections,
    blockers,
    errors,
  });
}
