import type { HazardLogDiff } from "../hazards/diff.js";

/**
 * The data the pure decision core works on. Nothing here imports probot, Octokit, a database or a logger:
 * adapters turn GitHub and storage into these shapes, the core turns them into an {@link Evaluation}, and
 * the comment, the check run and the audit records are renderings of that one value.
 */

/** One question of the hazard-impact checklist. */
export interface ChecklistQuestion {
  /** Stable id, used in `/safety answer <id> yes|no` and in the comment's hidden markers. */
  id: string;
  /** The question as the developer reads it. */
  question: string;
  /** Why the question matters (shown under the question). */
  why?: string;
}

/** Who may act for a role: members of any of these teams (org team slugs) or these users. */
export interface RoleDefinition {
  teams: string[];
  users: string[];
  /** What a sign-off for the role means; absent: the default (core/requirements.ts signOffMeaning). */
  meaning?: string;
}

/** A rule: when any path glob or label matches, the PR is clinically relevant. */
export interface Rule {
  id: string;
  description?: string;
  /** Globs (core/glob.ts); a leading `!` excludes (applied after the positive globs of this rule). */
  paths: string[];
  labels: string[];
  /** Role ids that must sign off. */
  requires: string[];
  /** Question ids this rule asks; undefined means every question of the checklist. */
  checklist?: string[];
}

/** Risk-matrix ratings 1–5 indexed [likelihood][severity], both in ascending order. */
export type RiskMatrix = number[][];

/** The validated repository configuration (`.github/clinical-safety.yml` after defaults). */
export interface GateConfig {
  roles: Record<string, RoleDefinition>;
  /** Printed names by GitHub login, overriding the GitHub profile's name on sign-offs. */
  people?: Record<string, string>;
  rules: Rule[];
  checklist: ChecklistQuestion[];
  hazard_log: { path: string; id_pattern: string };
  sign_off: {
    dismiss_on_push: boolean;
    author_may_sign: boolean;
    distinct_signers: boolean;
    /** Roles signed on the audit page after a fresh GitHub sign-in (`true`: every role); absent: none. */
    reauthenticate?: boolean | string[];
    /** How old (minutes) that sign-in may be at most; absent: 5 (core/strong-signing.ts). */
    sign_in_max_age_minutes?: number;
  };
  check: { name: string };
  /** Review requests to the required roles' teams; absent: the schema's defaults (on, not on drafts). */
  review_requests?: { enabled: boolean; drafts: boolean };
  /** Base branches the gate protects (names or globs); absent or empty: the repository's default branch. */
  branches?: string[];
  /** Replaces the DCB0129 example matrix when set. */
  risk_matrix?: RiskMatrix;
}

/** A problem with an input file, located by its path inside the document and, when known, its line. */
export interface Problem {
  /** Which file the problem is in (repository path). */
  file: string;
  /** Dotted/indexed path inside the document, e.g. `rules[0].requires[1]`; empty for the whole file. */
  path: string;
  /** 1-based line, when the parser could locate it. */
  line?: number;
  message: string;
}

/** A changed file of the PR as GitHub lists it. A rename carries its old path too. */
export interface ChangedFile {
  path: string;
  previousPath?: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
}

/** Everything the core needs to know about the pull request itself. */
export interface PullRequestSnapshot {
  owner: string;
  repo: string;
  number: number;
  title: string;
  body: string;
  author: string;
  draft: boolean;
  headSha: string;
  baseRef: string;
  labels: string[];
  files: ChangedFile[];
  /** GitHub lists at most 3000 files; when the PR has more, the unlisted ones are unknown. */
  filesTruncated: boolean;
  /** `changed_files` as GitHub reports it (may exceed files.length when truncated). */
  changedFiles: number;
}

// ---------------------------------------------------------------------------------------------------
// Facts: what people did. Appended by the handlers (after the core accepted them), never edited.
// ---------------------------------------------------------------------------------------------------

interface FactBase {
  /** GitHub login of the person who acted. */
  actor: string;
  /** ISO-8601 time the action happened (the event's time). */
  at: string;
  /** The PR head SHA when the action happened. */
  headSha: string;
  /**
   * Which webhook delivery and command wrote it (`<delivery id>#<n>`): an event replayed after a crash or
   * redelivered by GitHub finds its facts already there and applies nothing twice.
   */
  source?: string;
}

export type Answer = "yes" | "no";

/** How a sign-off was given: by command, or on the audit page after a fresh sign-in (strong signing). */
export type SignOffMethod = "comment" | "audit-page";

export type Fact =
  /** `reason`: why, as the person wrote it after `because` (untrusted text, capped), when they gave one. */
  | (FactBase & { kind: "answer"; questionId: string; answer: Answer | null; via: "checkbox" | "command"; reason?: string })
  /** `/safety link` and `/safety unlink`: a hazard linked on purpose, or such a link removed. */
  | (FactBase & { kind: "link" | "unlink"; hazardId: string })
  /**
   * `meaning`: what the signature means, fixed when it is given (the role's configured meaning then; absent in
   * a fact from before: the default). `name`: the signer's printed name at signing (config `people`, else the
   * GitHub profile), when known.
   */
  | (FactBase & {
      kind: "sign-off";
      role: string;
      meaning?: string;
      name?: string;
      /**
       * How it was signed: `comment` (`/safety sign-off` in a comment or review) or `audit-page` (strong signing
       * after a fresh GitHub sign-in at `signedInAt`, with the signer's optional `rationale`, untrusted text).
       * Absent in a fact read back from the trail (the record keeps it).
       */
      method?: SignOffMethod;
      signedInAt?: string;
      rationale?: string;
    })
  | (FactBase & { kind: "revoke" })
  | (FactBase & { kind: "objection"; role: string; reason: string })
  | (FactBase & { kind: "withdraw-objection" })
  /** A role member cleared the relevance that removed labels left behind, with the reason. */
  | (FactBase & { kind: "not-relevant"; role: string; reason: string });

export type FactKind = Fact["kind"];

// ---------------------------------------------------------------------------------------------------
// Hazards (a minimal view; the hazard-log module owns the full schema and lint).
// ---------------------------------------------------------------------------------------------------

export interface HazardSummary {
  id: string;
  title: string;
  status: string;
  initialRating?: number;
  residualRating?: number;
  /** Globs of code associated with the hazard. */
  code: string[];
}

/** The hazard log as read at the PR head: absent, invalid (with problems), or its hazards. */
export type HazardLogView =
  | { state: "absent"; path: string }
  | { state: "invalid"; path: string; problems: Problem[] }
  | { state: "ok"; path: string; hazards: HazardSummary[] };

/** A hazard id written somewhere in the PR (body, comment, review body). */
export interface HazardMention {
  id: string;
  /** Where it was written, e.g. "PR description", "comment by @alice". */
  source: string;
}

// ---------------------------------------------------------------------------------------------------
// The evaluation: the one value every rendering is made from.
// ---------------------------------------------------------------------------------------------------

/** Why a rule matched. */
export type MatchReason =
  | { kind: "path"; file: string; pattern: string; viaRename?: boolean }
  | { kind: "label"; label: string }
  /**
   * A rule's label made the PR relevant and has since been removed: it stays relevant until a role member
   * clears it (`/safety not-relevant <reason>`), so taking a label off never silently passes the gate.
   */
  | { kind: "label-removed"; label: string }
  | { kind: "truncated"; listed: number; total: number }
  | { kind: "governance"; file: string };

export interface RuleMatch {
  ruleId: string;
  description?: string;
  reasons: MatchReason[];
}

export interface Classification {
  relevant: boolean;
  matches: RuleMatch[];
  /** What was looked at, so a "no impact" result can say so. */
  checked: { files: number; labels: string[]; rules: number; truncated: boolean };
}

export interface ChecklistItem {
  question: ChecklistQuestion;
  answer: Answer | null;
  answeredBy?: string;
  answeredAt?: string;
  /** Why, when the answer was given with `because …` (untrusted text). */
  reason?: string;
}

export interface AcceptedSignOff {
  role: string;
  actor: string;
  at: string;
  headSha: string;
  /** e.g. "clinical safety approval as CSO". */
  meaning: string;
  /** The signer's printed name, when it was known at signing. */
  name?: string;
}

export type SignOffInvalidReason =
  "voided-by-push" | "answers-changed" | "no-longer-member" | "author" | "duplicate-signer" | "role-not-required" | "revoked";

export interface InvalidSignOff extends AcceptedSignOff {
  reason: SignOffInvalidReason;
  /** Human-readable, e.g. "voided by push of 1a2b3c4". */
  detail: string;
}

export interface RequiredRole {
  role: string;
  /** Rule ids that require it. */
  rules: string[];
  signedBy?: AcceptedSignOff;
}

export interface OpenObjection {
  actor: string;
  role: string;
  reason: string;
  at: string;
}

/** What still stands between the PR and a passing gate. */
export type Blocker =
  | { kind: "hazard-deleted"; ids: string[] }
  | { kind: "checklist-incomplete"; questionIds: string[] }
  | { kind: "yes-without-hazard"; questionIds: string[] }
  | { kind: "unknown-hazards"; ids: string[] }
  | { kind: "sign-off-missing"; role: string }
  | { kind: "objection"; actor: string; role: string };

export interface GateError {
  code: "config" | "config-missing" | "hazard-log" | "api" | "internal";
  message: string;
  problems?: Problem[];
}

export type GateState = "not-relevant" | "waiting" | "pass" | "error";

export interface Evaluation {
  state: GateState;
  /** One line a developer understands: "Waiting for sign-off by cso, cpm". */
  headline: string;
  headSha: string;
  pr: { owner: string; repo: string; number: number; author: string; draft: boolean; title: string };
  classification?: Classification;
  checklist: ChecklistItem[];
  hazards: {
    linked: (HazardSummary & { sources: string[] })[];
    unknown: HazardMention[];
    /**
     * Ids written only in a comment or a review (not linked): suggestions, shown, that neither link nor
     * block. `known` tells whether the hazard log has them.
     */
    mentioned?: (HazardMention & { known: boolean; title?: string })[];
    /** Ids linked by `/safety link` and not unlinked since (known or not): what `/safety unlink` may remove. */
    byCommand?: string[];
    /** Hazards whose `code` globs match a changed file but that are not linked. */
    proposed: { hazard: HazardSummary; files: string[] }[];
    logState: HazardLogView["state"];
    /** What the PR does to the hazard log (base → head), when it changes it. */
    logDiff?: HazardLogDiff;
  };
  requiredRoles: RequiredRole[];
  signOffs: { valid: AcceptedSignOff[]; invalid: InvalidSignOff[] };
  objections: OpenObjection[];
  blockers: Blocker[];
  errors: GateError[];
  /** Config version (blob SHA) the PR was judged under, when known. */
  configSha?: string;
}
