/**
 * What each kind of audit record holds in its `data`: the evidence an auditor expects for one change
 * (DOMAIN.md "What the law and auditors actually want"). The handlers write these shapes; the exports and
 * the audit pages read them. Every field is plain JSON. Type aliases rather than interfaces: only they fit
 * the open record that `AuditInput.data` is.
 */
import type { Answer, MatchReason } from "../core/types.js";
import type { HazardLogVersion } from "./hazard-log-version.js";

/** A hazard as it stood when it was linked or when the PR merged. */
export type HazardEvidence = {
  id: string;
  title: string;
  status: string;
  initialRating: number | null;
  residualRating: number | null;
};

/** A signature: who, which role, which exact commit, when, and what it means. */
export type SignOffEvidence = {
  role: string;
  actor: string;
  at: string;
  headSha: string;
  meaning: string;
  /** The signer's printed name, when known at signing (absent in older records). */
  name?: string;
};

/** `classification`: the gate's judgement of the PR changed (relevance, rules, state). */
export type ClassificationData = {
  title: string;
  author: string;
  draft: boolean;
  state: "not-relevant" | "waiting" | "pass" | "error";
  headline: string;
  rules: { ruleId: string; reasons: MatchReason[] }[];
  requiredRoles: string[];
  questions: string[];
};

/** `answer`: a checklist answer given (null: cleared). `draft`: whether the PR was still a draft. */
export type AnswerData = {
  title: string;
  questionId: string;
  question: string;
  answer: Answer | null;
  via: "checkbox" | "command";
  /** The `because …` given with the answer (untrusted text), when there was one. */
  reason?: string;
  draft: boolean;
  /** Whether this answer completed the checklist. */
  checklistComplete: boolean;
};

/** `hazard-link`: a hazard newly linked to the PR (or an id written that is not in the log). */
export type HazardLinkData = {
  title: string;
  hazard: HazardEvidence | null;
  hazardId: string;
  source: string;
  known: boolean;
  /** `/safety link` or `/safety unlink` (a fact, by its actor); absent: the gate saw the id in the description. */
  command?: "link" | "unlink";
};

/** `sign-off`, `revocation`. */
export type SignOffData = {
  title: string;
  role: string;
  meaning: string;
  /** `sign-off`: the signer's printed name (config `people`, else the GitHub profile), when known. */
  name?: string;
  /**
   * `sign-off`: how it was signed — `comment` (`/safety sign-off`) or `audit-page` (strong signing); absent in
   * records from before this was kept (they were all by command).
   */
  method?: "comment" | "audit-page";
  /** `sign-off` on the audit page: when the signer's GitHub sign-in behind the signature happened (ISO). */
  signedInAt?: string;
  /** `sign-off` on the audit page: the signer's rationale, as written (untrusted text), when given. */
  rationale?: string;
};

/** `objection`, `objection-withdrawn`. */
export type ObjectionData = {
  title: string;
  role: string;
  reason: string;
};

/**
 * `head`: the gate saw a new head commit (the record's `headSha`) on the PR, in a webhook's payload
 * (`via: "event"`, at the time GitHub gives) or when it read the PR (`via: "read"`). The trail of heads is
 * what decides whether a comment was written about the current head (core/head-history.ts).
 */
export type HeadData = {
  title: string;
  via: "event" | "read";
};

/** `void`: a sign-off that stopped counting (a push, a changed answer, a signer who left the team…). */
export type VoidData = {
  title: string;
  signOff: SignOffEvidence;
  reason: string;
  detail: string;
};

/** `check-conclusion`: the conclusion the gate published on a head SHA. */
export type CheckConclusionData = {
  title: string;
  /** `neutral`: the PR's base is a branch the gate does not protect (core/branches.ts). */
  conclusion: "success" | "action_required" | "failure" | "neutral";
  checkTitle: string;
  state: "not-relevant" | "waiting" | "pass" | "error" | "unprotected-base";
};

/** The timeline of one PR, for "was safety asked early?". */
export type InvolvementTimeline = {
  openedAt: string;
  /** When the last unanswered question was answered; null if never complete. */
  checklistCompleteAt: string | null;
  /** Whether the checklist was complete while the PR was still a draft. */
  checklistCompleteWhileDraft: boolean;
  /** When the last required sign-off still counting at merge was given; null if none. */
  finalSignOffAt: string | null;
};

/** `merge`: a merged PR with the full evidence, as it stood at the merged head. */
export type MergeData = {
  title: string;
  author: string;
  baseRef: string;
  headSha: string;
  mergeSha: string | null;
  mergedAt: string;
  mergedBy: string;
  /** Whether the merged head had a passing gate; false is a bypass (a `bypass` record follows). */
  passed: boolean;
  relevant: boolean;
  gate: { state: "not-relevant" | "waiting" | "pass" | "error"; headline: string };
  rules: string[];
  answers: {
    questionId: string;
    question: string;
    answer: Answer | null;
    answeredBy: string | null;
    answeredAt: string | null;
    /** The reason given with the answer; absent when none was (and in older records). */
    reason?: string;
  }[];
  hazards: HazardEvidence[];
  /** Highest residual rating of the linked hazards (null: none linked). */
  risk: number | null;
  requiredRoles: string[];
  signOffs: SignOffEvidence[];
  timeline: InvolvementTimeline;
  /**
   * The files the PR was judged on (at most {@link MERGE_FILES_KEPT}; renames under their new path) and how
   * many more it changed. Absent in records written before every merge was recorded.
   */
  files?: string[];
  moreFiles?: number;
  /** The other checks on the merged head (IEC 62304 §8.2.3); absent in older records. */
  verification?: VerificationEvidence;
  /**
   * The hazard log's version before and after, and what the PR changed in it (src/audit/hazard-log-version.ts);
   * absent when the PR left the log as it was (and in older records).
   */
  hazardLog?: HazardLogVersion;
};

/** How many changed files a `merge` record lists by name; the rest are counted. */
export const MERGE_FILES_KEPT = 300;

/** One check run or commit status on a merged head, as GitHub reported it at merge. */
export type VerificationCheck = {
  /** `check-run`: the Checks API; `status`: a commit status (its context as the name). */
  kind: "check-run" | "status";
  name: string;
  /** The app that made a check run, or the login that set a status; null when GitHub does not say. */
  app: string | null;
  /**
   * A completed check run's conclusion (`success`, `failure`…), a status's state (`success`, `failure`,
   * `error`, `pending`), or a check run's status when it had not completed (`queued`, `in_progress`).
   */
  result: string;
  /** `ok` passed (or neutral/skipped); `failing` failed; `missing` had no result yet at merge. */
  verdict: "ok" | "failing" | "missing";
};

/**
 * Every check run and commit status on the merged head other than the gate's own, read at merge. `error`
 * says why they could not be read (the merge is recorded all the same, and flagged: nothing shows it was
 * verified).
 */
export type VerificationEvidence = {
  checks: VerificationCheck[];
  error: string | null;
};

/**
 * `merge-group`: the gate judged a merge queue's group holding this PR (one record per PR of the group, on
 * the group's commit). `headSha` of the record is the group's commit; `queuedHead` the PR's head it took.
 */
export type MergeGroupData = {
  title: string;
  baseRef: string;
  queuedHead: string;
  conclusion: "success" | "failure" | "neutral";
  checkTitle: string;
  /** This PR passed; the group's conclusion may still fail for another PR. */
  passed: boolean;
  reason: string | null;
  /** Every PR of the group: number and whether it passed. */
  group: { number: number; passed: boolean }[];
};

/** `bypass`: clinically relevant code reached the default branch without a passing gate. */
export type BypassData = {
  title: string;
  reason: "merged-without-passing-gate" | "direct-push";
  /** What was missing, in words ("Waiting for sign-off: cso"). */
  detail: string;
  /** The files that made it relevant (direct push) or the gate's headline at merge. */
  files: string[];
  rules: string[];
  /** The issue opened to report it, when it could be. */
  issue: number | null;
  before: string | null;
  after: string | null;
};

/**
 * `release-approval` (pr null, headSha the `to` commit, actor the CSO): the CSO's approval of a release,
 * signed on the audit page after a fresh GitHub sign-in (web/pages/release-approval.ts). A contract: the
 * release report reads it (PRODUCT.md, "Release report", `approval`).
 */
export type ReleaseApprovalData = {
  /** The refs as the CSO gave them, and the commits they named when approved. */
  from: string;
  to: string;
  fromSha: string;
  toSha: string;
  /** What the signature means: "clinical safety approval of release v1.0..v1.1 as CSO". */
  meaning: string;
  /** The CSO's printed name (config `people`, else the GitHub profile), when known. */
  name?: string;
  method: "audit-page";
  /** The CSO's rationale, as written (untrusted text), when given. */
  rationale?: string;
  /** The audit chain's last record when the CSO approved: what the approval vouches for. */
  auditHead: { seq: number; hash: string };
};
