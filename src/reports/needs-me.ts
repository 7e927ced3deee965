/**
 * "Needs me": what waits for the signed-in person, decided from the audit trail and what GitHub says of them.
 *
 * Pure. The trail tells, per pull request, what the gate last concluded, which roles it requires, which
 * sign-offs still stand, whether the checklist is complete and which objections are open ({@link PullFold});
 * and which bypasses nobody has reviewed. It cannot tell whether a PR is still open (closing without a
 * merge records nothing) nor which roles a person holds (live team membership): the page asks GitHub for
 * exactly those ({@link githubQuestions}) and {@link needsMe} decides the four lists from both.
 */
import { factsOf } from "../audit/facts-from-records.js";
import type { AuditRecord } from "../audit/record.js";
import { BYPASS_REVIEWER_ROLE } from "../core/bypass-review.js";
import { asObject, numberOrNull, readBypass, text, texts } from "./evidence-read.js";

/** An objection still standing on a PR. */
export interface OpenObjection {
  actor: string;
  role: string;
  reason: string;
  at: string;
}

/** A required role without a standing sign-off, and since when the PR has been waiting for it. */
export interface MissingRole {
  role: string;
  /**
   * The latest of: the role becoming required, the checklist becoming complete (a sign-off is refused
   * before), and the last sign-off for the role being voided or revoked.
   */
  since: string;
}

/** One pull request as the trail tells it. */
export interface PullTrail {
  repo: string;
  pr: number;
  /** The latest title recorded. */
  title: string;
  author: string;
  /** The last head the trail saw (null: none recorded). */
  headSha: string | null;
  /** The gate's last conclusion: its state and the check's title; null before the first. */
  gate: { state: string; headline: string; at: string } | null;
  requiredRoles: string[];
  missing: MissingRole[];
  /** Sign-offs still standing: not revoked, not voided. */
  signedBy: { actor: string; role: string }[];
  checklistComplete: boolean;
  checklistCompleteAt: string | null;
  objections: OpenObjection[];
  merged: boolean;
}

const later = (a: string | undefined | null, b: string | undefined | null): string => {
  if (!a) return b ?? "";
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
};

/**
 * Folds one PR's records, fed in chain order, into a {@link PullTrail}. People's acts are decoded as the
 * gate decodes them (`factsOf`, which leaves out a record that would approve and cannot be read whole);
 * sign-offs stop standing on a `revocation` (all of the signer's, as the gate's ledger does) or on the
 * `void` the gate recorded for them (a push, changed answers, a signer who left the role…).
 */
export class PullFold {
  private title = "";
  private author = "";
  private headSha: string | null = null;
  private gate: PullTrail["gate"] = null;
  private required: string[] = [];
  private readonly requiredSince = new Map<string, string>();
  private questions: string[] = [];
  private classified = false;
  private readonly answered = new Map<string, boolean>();
  private complete = false;
  private completeAt: string | null = null;
  private standing: { actor: string; role: string; headSha: string }[] = [];
  private readonly lostAt = new Map<string, string>();
  private objections: OpenObjection[] = [];
  private merged = false;

  constructor(
    readonly repo: string,
    readonly pr: number,
  ) {}

  add(r: AuditRecord): void {
    const title = r.data.title;
    if (typeof title === "string" && title !== "") this.title = title;
    if ((r.kind === "head" || r.kind === "check-conclusion") && r.headSha !== null) this.headSha = r.headSha;
    switch (r.kind) {
      case "classification": {
        this.author = text(r.data, "author") || this.author;
        const roles = texts(r.data, "requiredRoles");
        for (const role of roles) if (!this.required.includes(role)) this.requiredSince.set(role, r.at);
        for (const role of this.required) if (!roles.includes(role)) this.requiredSince.delete(role);
        this.required = roles;
        this.questions = texts(r.data, "questions");
        this.classified = true;
        this.checkComplete(r.at);
        return;
      }
      case "check-conclusion":
        this.gate = { state: text(r.data, "state"), headline: text(r.data, "checkTitle"), at: r.at };
        return;
      case "void": {
        const s = asObject(r.data.signOff);
        if (s === undefined) return;
        const [actor, role, headSha] = [text(s, "actor"), text(s, "role"), text(s, "headSha")];
        const before = this.standing.length;
        this.standing = this.standing.filter((x) => !(x.actor === actor && x.role === role && x.headSha === headSha));
        if (this.standing.length < before) this.lostAt.set(role, r.at);
        return;
      }
      case "merge":
        this.merged = true;
        return;
      default:
        break;
    }
    const fact = factsOf([r])[0];
    switch (fact?.kind) {
      case "answer":
        this.answered.set(fact.questionId, fact.answer !== null);
        this.checkComplete(r.at);
        break;
      case "sign-off":
        this.standing.push({ actor: fact.actor, role: fact.role, headSha: fact.headSha });
        break;
      case "revoke":
        for (const s of this.standing) if (s.actor === fact.actor) this.lostAt.set(s.role, r.at);
        this.standing = this.standing.filter((s) => s.actor !== fact.actor);
        break;
      case "objection":
        this.objections.push({ actor: fact.actor, role: fact.role, reason: fact.reason, at: fact.at });
        break;
      case "withdraw-objection":
        this.objections = this.objections.filter((o) => o.actor !== fact.actor);
        break;
      default:
        break;
    }
  }

  /** Complete when every question of the latest classification has an answer (none asked: complete). */
  private checkComplete(at: string): void {
    const complete = this.classified && this.questions.every((q) => this.answered.get(q) === true);
    if (complete && !this.complete) this.completeAt = at;
    if (!complete) this.completeAt = null;
    this.complete = complete;
  }

  state(): PullTrail {
    const signed = new Set(this.standing.map((s) => s.role));
    const missing = this.required
      .filter((role) => !signed.has(role))
      .map((role) => ({ role, since: later(later(this.requiredSince.get(role), this.completeAt), this.lostAt.get(role)) }));
    return {
      repo: this.repo,
      pr: this.pr,
      title: this.title,
      author: this.author,
      headSha: this.headSha,
      gate: this.gate,
      requiredRoles: [...this.required],
      missing,
      signedBy: this.standing.map(({ actor, role }) => ({ actor, role })),
      checklistComplete: this.complete,
      checklistCompleteAt: this.completeAt,
      objections: [...this.objections],
      merged: this.merged,
    };
  }
}

/** One PR's records (chain order) as a {@link PullTrail}; undefined when they name no PR. */
export function pullTrail(records: readonly AuditRecord[]): PullTrail | undefined {
  const first = records[0];
  if (first === undefined || first.pr === null) return undefined;
  const fold = new PullFold(first.repo, first.pr);
  for (const r of records) fold.add(r);
  return fold.state();
}

/** A bypass no `bypass-review` has answered yet. */
export interface AwaitingBypass {
  repo: string;
  /** Null for a direct push. */
  pr: number | null;
  /** The `bypass` record's `seq`. */
  seq: number;
  at: string;
  title: string;
  reason: "merged-without-passing-gate" | "direct-push";
  detail: string;
  /** The issue the app opened to report it. */
  issue: number | null;
  /** The commit it brought: a direct push's `after`, a merge's head. */
  sha: string | null;
}

/**
 * Reads the trail (the records of repositories the person can read, in chain order) for "Needs me": one
 * {@link PullFold} per PR until it merges, and the bypasses with whether they were reviewed.
 */
export class NeedsMeTrail {
  private readonly folds = new Map<string, PullFold>();
  private readonly merged = new Set<string>();
  private readonly bypassRecords: AuditRecord[] = [];
  private readonly reviewedSeqs = new Set<number>();
  /** The last review of each PR that names no bypass record (one written without), by `seq`. */
  private readonly lastReviewOfPr = new Map<string, number>();

  add(r: AuditRecord): void {
    if (r.kind === "bypass") this.bypassRecords.push(r);
    if (r.kind === "bypass-review") {
      const reviewed = asObject(r.data.bypass);
      const seq = reviewed === undefined ? null : numberOrNull(reviewed, "seq");
      if (seq !== null) this.reviewedSeqs.add(seq);
      else if (r.pr !== null) this.lastReviewOfPr.set(key(r.repo, r.pr), r.seq);
    }
    if (r.pr === null) return;
    const k = key(r.repo, r.pr);
    if (this.merged.has(k)) return;
    if (r.kind === "merge") {
      // A merged PR waits for nobody's sign-off; its bypass, if any, is followed apart.
      this.merged.add(k);
      this.folds.delete(k);
      return;
    }
    let fold = this.folds.get(k);
    if (fold === undefined) {
      fold = new PullFold(r.repo, r.pr);
      this.folds.set(k, fold);
    }
    fold.add(r);
  }

  /** Every PR the trail has not seen merge. */
  pulls(): PullTrail[] {
    return [...this.folds.values()].map((f) => f.state());
  }

  /** Every bypass without a review. */
  bypasses(): AwaitingBypass[] {
    return this.bypassRecords
      .filter((b) => {
        if (this.reviewedSeqs.has(b.seq)) return false;
        const review = b.pr === null ? undefined : this.lastReviewOfPr.get(key(b.repo, b.pr));
        return review === undefined || review < b.seq;
      })
      .map((b) => {
        const data = readBypass(b.data);
        return {
          repo: b.repo,
          pr: b.pr,
          seq: b.seq,
          at: b.at,
          title: data.title || (data.reason === "direct-push" ? `Direct push${data.files.length ? ` of ${data.files.join(", ")}` : ""}` : ""),
          reason: data.reason,
          detail: data.detail,
          issue: data.issue,
          sha: data.after ?? b.headSha,
        };
      });
  }
}

function key(repo: string, pr: number): string {
  return `${repo}#${pr}`;
}

const sameLogin = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A PR that may be waiting for a sign-off: the gate waits, the checklist is complete, a role is missing. */
function awaitsSignOff(p: PullTrail): boolean {
  return p.gate?.state === "waiting" && p.checklistComplete && p.missing.length > 0;
}

/** What the page must ask GitHub, and no more: whose open PRs to list, and where the person's roles matter. */
export interface GitHubQuestions {
  /** Repositories with an unmerged PR that may need the person: which of their PRs are open? */
  openPullsIn: string[];
  /** Repositories where the person's roles decide something (a sign-off, a bypass review). */
  rolesIn: string[];
}

/** The questions for GitHub that {@link needsMe} needs answered, each repository once, sorted. */
export function githubQuestions(pulls: readonly PullTrail[], bypasses: readonly AwaitingBypass[], login: string): GitHubQuestions {
  const open = new Set<string>();
  const roles = new Set<string>();
  for (const p of pulls) {
    if (p.merged) continue;
    if (awaitsSignOff(p)) {
      open.add(p.repo);
      roles.add(p.repo);
    }
    if (p.objections.some((o) => sameLogin(o.actor, login))) open.add(p.repo);
  }
  for (const b of bypasses) roles.add(b.repo);
  return { openPullsIn: [...open].sort(), rolesIn: [...roles].sort() };
}

/** What GitHub said of one repository (only what {@link githubQuestions} asked is set). */
export interface RepoAnswers {
  /** The roles the person holds there; null when they could not be told. */
  roles?: readonly string[] | null;
  /**
   * The configuration's `sign_off`: who may sign what, and the roles signed on the audit page after a fresh
   * sign-in (`reauthenticate`) rather than by command.
   */
  signOff?: { authorMaySign: boolean; distinctSigners: boolean; onPage?: readonly string[] };
  /** Its open PRs by number, as GitHub lists them now. */
  open?: ReadonlyMap<number, { title: string; draft: boolean; headSha: string }>;
}

/** One thing waiting for the person. */
export interface NeedsMeItem {
  kind: "sign-off" | "objection" | "draft" | "bypass";
  repo: string;
  /** Null for a direct push. */
  pr: number | null;
  title: string;
  /** What is wanted of the person, in words. */
  need: string;
  /** The command that does it, on the PR (or the bypass issue). */
  command: string;
  /** Of `roles`, those signed on the audit page (`sign_off.reauthenticate`): the command answers with a link there. */
  signOnPage: string[];
  /** The person's own words or what was missing: an objection's reason, a bypass's detail. */
  detail: string | null;
  /** Since when it has been waiting (ISO-8601). */
  since: string;
  /** The roles it is waiting for (a sign-off, a draft). */
  roles: string[];
  /** The gate's last word on the PR (its check's title); null for a bypass. */
  gate: string | null;
  /** The commit: the PR's head as the trail last saw it, or the bypass's. */
  sha: string | null;
  /** GitHub's head is not the one the gate last judged: this may change once the gate has seen it. */
  headNotYetJudged: boolean;
  /** The bypass issue the app opened, if any. */
  issue: number | null;
}

/** The page's four lists, each oldest first. */
export interface NeedsMe {
  signOffs: NeedsMeItem[];
  objections: NeedsMeItem[];
  drafts: NeedsMeItem[];
  bypasses: NeedsMeItem[];
}

/** What {@link needsMe} decides from. */
export interface NeedsMeInput {
  login: string;
  pulls: readonly PullTrail[];
  bypasses: readonly AwaitingBypass[];
  /** GitHub's answers, per repository. A repository without them has nothing shown that needs them. */
  repos: ReadonlyMap<string, RepoAnswers>;
}

const oldestFirst = (a: NeedsMeItem, b: NeedsMeItem) =>
  Date.parse(a.since) - Date.parse(b.since) || a.repo.localeCompare(b.repo) || (a.pr ?? 0) - (b.pr ?? 0);

const roleList = (roles: readonly string[]) => roles.join(" and ");

/**
 * The four lists: (a) open PRs, ready for review, waiting for a sign-off in a role the person holds and may
 * give (not their own PR unless `author_may_sign`; not a second role when `distinct_signers`); (b) the
 * person's own open objections on open PRs; (c) drafts whose checklist is complete and that wait for such a
 * sign-off, so the team can be involved before the PR is ready; (d) bypasses nobody has reviewed, for a
 * member of the `cso` role. A PR that GitHub does not list as open (closed, or GitHub was not asked) is
 * left out: the trail records no closing without a merge.
 */
export function needsMe(input: NeedsMeInput): NeedsMe {
  const out: NeedsMe = { signOffs: [], objections: [], drafts: [], bypasses: [] };
  for (const p of input.pulls) {
    if (p.merged) continue;
    const answers = input.repos.get(p.repo);
    const open = answers?.open?.get(p.pr);
    if (open === undefined) continue;
    const base = {
      repo: p.repo,
      pr: p.pr,
      title: open.title || p.title,
      gate: p.gate?.headline ?? null,
      sha: p.headSha,
      headNotYetJudged: open.headSha !== "" && p.headSha !== null && open.headSha.toLowerCase() !== p.headSha.toLowerCase(),
      issue: null,
      signOnPage: [],
    };
    for (const o of p.objections) {
      if (!sameLogin(o.actor, input.login)) continue;
      out.objections.push({
        ...base,
        kind: "objection",
        need: `Your objection as ${o.role} blocks it until you withdraw it`,
        command: "/safety withdraw-objection",
        detail: o.reason,
        since: o.at,
        roles: [o.role],
      });
    }
    const roles = mayGive(p, answers, input.login);
    if (roles.length === 0) continue;
    const since = roles.map((r) => r.since).reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
    const names = roles.map((r) => r.role);
    const command = `/safety sign-off ${names.join("|")}`;
    const signOnPage = names.filter((r) => answers?.signOff?.onPage?.includes(r));
    if (open.draft) {
      out.drafts.push({
        ...base,
        kind: "draft",
        need: `Draft with its checklist complete: look at it now; it will need sign-off as ${roleList(names)}`,
        command,
        detail: null,
        since,
        roles: names,
        signOnPage,
      });
    } else {
      out.signOffs.push({
        ...base,
        kind: "sign-off",
        need: `Sign-off as ${roleList(names)}`,
        command,
        detail: null,
        since,
        roles: names,
        signOnPage,
      });
    }
  }
  for (const b of input.bypasses) {
    const roles = input.repos.get(b.repo)?.roles;
    if (!roles?.includes(BYPASS_REVIEWER_ROLE)) continue;
    out.bypasses.push({
      kind: "bypass",
      repo: b.repo,
      pr: b.pr,
      title: b.title,
      need: "Review the bypass, on the PR or the bypass issue",
      command: "/safety review-bypass accept|revert <reason>",
      detail: b.detail || null,
      since: b.at,
      roles: [BYPASS_REVIEWER_ROLE],
      gate: null,
      sha: b.sha,
      headNotYetJudged: false,
      issue: b.issue,
      signOnPage: [],
    });
  }
  out.signOffs.sort(oldestFirst);
  out.objections.sort(oldestFirst);
  out.drafts.sort(oldestFirst);
  out.bypasses.sort(oldestFirst);
  return out;
}

/** The missing roles of `p` the person holds and could sign now. */
function mayGive(p: PullTrail, answers: RepoAnswers | undefined, login: string): MissingRole[] {
  const held = answers?.roles;
  if (!awaitsSignOff(p) || !held) return [];
  const rules = answers?.signOff ?? { authorMaySign: false, distinctSigners: true };
  if (!rules.authorMaySign && sameLogin(p.author, login)) return [];
  // With distinct signers, one person fills one role: having signed one, they can sign no other.
  if (rules.distinctSigners && p.signedBy.some((s) => sameLogin(s.actor, login))) return [];
  return p.missing.filter((m) => held.includes(m.role));
}
