/**
 * The queries the audit pages ask of the audit trail.
 *
 * The trail is an append-only list of records; the pages want merged PRs, one PR's records, the PRs that
 * linked a hazard, and monthly medians. Those views are built in memory from the streamed records: the
 * trail of even a busy team is thousands of records a year, small enough that one pass per page is
 * simpler and more obviously correct than a second set of tables that would have to be kept in step with
 * the chain. The aggregation itself is pure ({@link HistoryBuilder}, {@link involvementByMonth},
 * {@link releaseGroups}) so that it is tested without a database.
 */
import type { HazardEvidence, InvolvementTimeline, SignOffEvidence, VerificationEvidence } from "../audit/evidence.js";
import type { AuditRecord } from "../audit/record.js";
import { ChainChecker, type ChainVerdict } from "../audit/verify-chain.js";
import type { AuditStore } from "../store/audit-store.js";
import { reviewDecisionText } from "../core/bypass-review.js";
import { asObject, numberOrNull, readBypass, readHazard, readMerge, text } from "./evidence-read.js";

/** Why a change is flagged as a bypass: what the `bypass` record (or the failed gate at merge) says. */
export interface BypassFlag {
  reason: "merged-without-passing-gate" | "direct-push";
  detail: string;
  /** The issue opened to report it, when there is one. */
  issue: number | null;
  /**
   * The CSO's retrospective review of the bypass, when the trail records one; absent or null: not reviewed.
   * (Filled from bypass review records; see `/safety review-bypass`.)
   */
  review?: { decision: string; by: string; at: string; reason: string } | null;
}

/** One change that reached a branch: a merged PR, or a direct push of clinically relevant code. */
export interface HistoryRow {
  repo: string;
  /** Null for a direct push (no pull request). */
  pr: number | null;
  title: string;
  author: string;
  /** When it merged (or was pushed), ISO-8601. */
  mergedAt: string;
  mergedBy: string;
  mergeSha: string | null;
  /** The merged head, or the commit a direct push left the branch at. */
  headSha: string | null;
  relevant: boolean;
  /** Highest residual rating of the linked hazards; null when none is linked. */
  risk: number | null;
  hazards: HazardEvidence[];
  requiredRoles: string[];
  signOffs: SignOffEvidence[];
  /** Set when the change reached the branch without a passing gate. */
  bypass: BypassFlag | null;
  timeline: InvolvementTimeline | undefined;
  /** `seq` of the record the row was made from, for a stable order among equal times. */
  seq: number;
  /** The configuration's blob SHA the change was judged under at merge (null: unknown, or none). */
  configSha: string | null;
  /** The rules it matched at merge. */
  rules: string[];
  /** The gate's state at the merged head (a direct push: null). */
  gateState: string | null;
  /** The files it was judged on (capped; `moreFiles` more), empty for records that did not keep them. */
  files: string[];
  moreFiles: number;
  /** The other checks on the merged head; null for a record that did not keep them (or a direct push). */
  verification: VerificationEvidence | null;
  /** Every head SHA the trail saw for the PR (its pushes), so that a release's commits can be traced to it. */
  heads: string[];
}

/**
 * Folds `merge` and `bypass` records, fed in `seq` order, into {@link HistoryRow}s. A `bypass` record
 * follows the `merge` of its PR and marks that row; one with no merge before it (a direct push, or a
 * merge record that was never written) becomes a row of its own so that a bypass is never lost.
 */
export class HistoryBuilder {
  private readonly byKey = new Map<string, HistoryRow>();
  /** Head SHAs seen per PR (`head` and `check-conclusion` records). */
  private readonly headsByPr = new Map<string, Set<string>>();

  /** Takes one record; records of other kinds are ignored. */
  add(record: AuditRecord): void {
    if (record.kind === "merge" && record.pr !== null) this.addMerge(record, record.pr);
    else if (record.kind === "bypass") this.addBypass(record);
    else if (record.kind === "bypass-review") this.addReview(record);
    else if ((record.kind === "head" || record.kind === "check-conclusion") && record.pr !== null && record.headSha !== null) {
      const key = prKey(record.repo, record.pr);
      const heads = this.headsByPr.get(key) ?? new Set<string>();
      heads.add(record.headSha);
      this.headsByPr.set(key, heads);
    }
  }

  /** The rows, newest first. */
  rows(): HistoryRow[] {
    for (const [key, row] of this.byKey) {
      const heads = new Set([...(this.headsByPr.get(key) ?? []), ...(row.headSha === null ? [] : [row.headSha])]);
      row.heads = [...heads];
    }
    return [...this.byKey.values()].sort((a, b) => b.mergedAt.localeCompare(a.mergedAt) || b.seq - a.seq);
  }

  private addMerge(record: AuditRecord, pr: number): void {
    const m = readMerge(record.data, record.at);
    const previous = this.byKey.get(prKey(record.repo, pr));
    this.byKey.set(prKey(record.repo, pr), {
      repo: record.repo,
      pr,
      title: m.title,
      author: m.author,
      mergedAt: utc(m.mergedAt, record.at),
      mergedBy: m.mergedBy || record.actor,
      mergeSha: m.mergeSha,
      headSha: m.headSha || record.headSha,
      relevant: m.relevant,
      risk: m.risk ?? highestResidual(m.hazards),
      hazards: m.hazards,
      requiredRoles: m.requiredRoles,
      signOffs: m.signOffs,
      // A failed gate at merge is a bypass even if its `bypass` record is missing; a bypass recorded
      // before this merge record (out of the usual order) is kept.
      bypass: previous?.bypass ?? (m.passed ? null : { reason: "merged-without-passing-gate", detail: m.gate.headline, issue: null }),
      timeline: m.timeline,
      seq: record.seq,
      configSha: record.configSha,
      rules: m.rules,
      gateState: m.gate.state,
      files: m.files ?? [],
      moreFiles: m.moreFiles ?? 0,
      verification: m.verification ?? null,
      heads: [],
    });
  }

  /** The CSO's review marks the bypass it names (the latest review of it wins). */
  private addReview(record: AuditRecord): void {
    const reviewed = asObject(record.data.bypass);
    const seq = reviewed === undefined ? null : numberOrNull(reviewed, "seq");
    const key = record.pr === null ? `${record.repo}@${seq ?? ""}` : prKey(record.repo, record.pr);
    const bypass = this.byKey.get(key)?.bypass;
    if (bypass === null || bypass === undefined) return;
    bypass.review = {
      decision: reviewDecisionText(text(record.data, "decision")),
      by: record.actor,
      at: record.at,
      reason: text(record.data, "reason"),
    };
  }

  private addBypass(record: AuditRecord): void {
    const b = readBypass(record.data);
    const flag: BypassFlag = { reason: b.reason, detail: b.detail, issue: b.issue };
    const key = record.pr === null ? `${record.repo}@${record.seq}` : prKey(record.repo, record.pr);
    const row = this.byKey.get(key);
    if (row !== undefined) {
      row.bypass = flag;
      return;
    }
    this.byKey.set(key, {
      repo: record.repo,
      pr: record.pr,
      title: b.title || (b.reason === "direct-push" ? `Direct push${b.files.length ? ` of ${b.files.join(", ")}` : ""}` : ""),
      author: record.actor,
      mergedAt: record.at,
      mergedBy: record.actor,
      mergeSha: record.pr === null ? b.after : null,
      headSha: b.after ?? record.headSha,
      relevant: true,
      risk: null,
      hazards: [],
      requiredRoles: [],
      signOffs: [],
      bypass: flag,
      timeline: undefined,
      seq: record.seq,
      configSha: record.configSha,
      rules: b.rules,
      gateState: null,
      files: b.files,
      moreFiles: 0,
      verification: null,
      heads: [],
    });
  }
}

/**
 * A time as the trail's own UTC form, so that times written with an offset sort, compare and fall into
 * months like every other; `fallback` when it is not a time at all.
 */
function utc(iso: string, fallback: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? fallback : new Date(ms).toISOString();
}

function prKey(repo: string, pr: number): string {
  return `${repo}#${pr}`;
}

function highestResidual(hazards: readonly HazardEvidence[]): number | null {
  const ratings = hazards.flatMap((h) => (h.residualRating === null ? [] : [h.residualRating]));
  return ratings.length === 0 ? null : Math.max(...ratings);
}

/** Whether the signed-in person may read a repository; asked once per repository per request. */
export type CanRead = (repo: string) => Promise<boolean>;

/** Wraps `canRead` so that each repository is asked about once, however many records name it. */
export function memoiseCanRead(canRead: CanRead): CanRead {
  const answers = new Map<string, Promise<boolean>>();
  return (repo) => {
    let answer = answers.get(repo);
    if (answer === undefined) {
      answer = canRead(repo);
      answers.set(repo, answer);
    }
    return answer;
  };
}

/** The history the person may see, and every repository in the trail they can read (sorted). */
export interface History {
  rows: HistoryRow[];
  repos: string[];
}

/**
 * Every change in repositories the person can read. Each repository found in the trail is checked with
 * `canRead`; records of the others are dropped unread, so not even their names reach the page.
 */
export async function readHistory(audit: AuditStore, canRead: CanRead): Promise<History> {
  const ask = memoiseCanRead(canRead);
  const builder = new HistoryBuilder();
  const readable = new Set<string>();
  for await (const record of audit.all()) {
    if (!(await ask(record.repo))) continue;
    readable.add(record.repo);
    builder.add(record);
  }
  return { rows: builder.rows(), repos: [...readable].sort() };
}

/** The changes of one repository (the caller has checked the person can read it). */
export async function readRepoHistory(audit: AuditStore, repo: string): Promise<HistoryRow[]> {
  const builder = new HistoryBuilder();
  for await (const record of audit.stream({ repo })) builder.add(record);
  return builder.rows();
}

/** One PR's records in time order, and the verdict on the whole chain. */
export interface PullTrail {
  records: AuditRecord[];
  chain: ChainVerdict;
}

/**
 * One PR's records (time order, `seq` breaking ties) and the verdict on the whole chain, in one pass:
 * a PR's records can only be trusted if every record before them is intact too.
 */
export async function readPullTrail(audit: AuditStore, repo: string, pr: number): Promise<PullTrail> {
  const checker = new ChainChecker();
  const records: AuditRecord[] = [];
  for await (const record of audit.all()) {
    checker.push(record);
    if (record.repo === repo && record.pr === pr) records.push(record);
  }
  records.sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq);
  return { records, chain: checker.finish() };
}

/** A PR that linked a hazard: when and by whom it was first linked, and its merge if it merged. */
export interface HazardLinkRow {
  repo: string;
  pr: number;
  title: string;
  /** The first `hazard-link` record for the hazard, if one was recorded. */
  linkedAt: string | null;
  linkedBy: string | null;
  source: string | null;
  /** The hazard as it stood when linked or merged (the later of the two). */
  hazard: HazardEvidence | null;
  merge: HistoryRow | undefined;
}

/** Every PR of `repo` that linked `hazardId`, from `hazard-link` and `merge` records, newest first. */
export async function readHazardLinks(audit: AuditStore, repo: string, hazardId: string): Promise<HazardLinkRow[]> {
  const builder = new HistoryBuilder();
  const links = new Map<number, HazardLinkRow>();
  for await (const record of audit.stream({ repo })) {
    builder.add(record);
    if (record.kind !== "hazard-link" || record.pr === null || text(record.data, "hazardId") !== hazardId) continue;
    if (links.has(record.pr)) continue;
    links.set(record.pr, {
      repo,
      pr: record.pr,
      title: text(record.data, "title"),
      linkedAt: record.at,
      linkedBy: record.actor,
      source: text(record.data, "source") || null,
      hazard: readHazard(record.data.hazard) ?? null,
      merge: undefined,
    });
  }
  for (const row of builder.rows()) {
    if (row.pr === null) continue;
    const merged = row.hazards.find((h) => h.id === hazardId);
    const link = links.get(row.pr);
    if (link !== undefined) {
      link.merge = row;
      link.title = row.title || link.title;
      link.hazard = merged ?? link.hazard;
    } else if (merged !== undefined) {
      links.set(row.pr, { repo, pr: row.pr, title: row.title, linkedAt: null, linkedBy: null, source: null, hazard: merged, merge: row });
    }
  }
  const when = (l: HazardLinkRow) => l.merge?.mergedAt ?? l.linkedAt ?? "";
  return [...links.values()].sort((a, b) => when(b).localeCompare(when(a)) || b.pr - a.pr);
}

/** The changes of a release that touched one hazard, or (hazard null) that linked none. */
export interface ReleaseGroup {
  hazard: HazardEvidence | null;
  changes: HistoryRow[];
}

/**
 * The clinically relevant changes whose merge commit (or merged head) is among `commits`, grouped by
 * hazard in id order, then the group of changes that linked no hazard. A change that linked two hazards
 * is listed under both: the safety case is read hazard by hazard.
 */
export function releaseGroups(rows: readonly HistoryRow[], commits: Iterable<string>): ReleaseGroup[] {
  const inRelease = new Set([...commits].map((sha) => sha.toLowerCase()));
  const has = (sha: string | null) => sha !== null && inRelease.has(sha.toLowerCase());
  const changes = rows
    .filter((r) => r.relevant && (has(r.mergeSha) || has(r.headSha)))
    .sort((a, b) => a.mergedAt.localeCompare(b.mergedAt) || a.seq - b.seq);
  const groups = new Map<string, ReleaseGroup>();
  const none: ReleaseGroup = { hazard: null, changes: [] };
  for (const change of changes) {
    if (change.hazards.length === 0) none.changes.push(change);
    for (const hazard of change.hazards) {
      const group = groups.get(hazard.id) ?? { hazard, changes: [] };
      // The latest recorded view of the hazard heads its group.
      group.hazard = hazard;
      group.changes.push(change);
      groups.set(hazard.id, group);
    }
  }
  const sorted = [...groups.values()].sort((a, b) => compareIds(a.hazard?.id ?? "", b.hazard?.id ?? ""));
  return none.changes.length === 0 ? sorted : [...sorted, none];
}

/** The four states of a commit in a release (PRODUCT.md, "Release report"). */
export type ReleaseCommitStatus = "assessed" | "not-relevant" | "bypass" | "unassessed";

/** One commit of a release and what the trail says of it. */
export interface ReleaseCommit {
  sha: string;
  status: ReleaseCommitStatus;
  /** The PR it came with; null for a direct push or a commit with no record. */
  pr: number | null;
  /** The change that accounts for it; null when nothing does (`unassessed`). */
  change: HistoryRow | null;
}

/**
 * Every commit of a release, in the order given, with its state: `bypass` when the change it came with
 * reached the branch without a passing gate; `not-relevant` when the gate judged that change not clinically
 * relevant; `assessed` when it passed the gate as a clinically relevant change; `unassessed` when no record
 * in the trail accounts for it (pushed while the app was not installed, a merge the app never saw, or a
 * commit of a rebase-merge other than the last). A commit is traced to a change by its merge commit, its
 * merged head, or any head the trail recorded for the PR (an earlier push that the merge kept).
 */
export function releaseCommitList(rows: readonly HistoryRow[], commits: Iterable<string>): ReleaseCommit[] {
  const direct = new Map<string, HistoryRow>();
  const viaHead = new Map<string, HistoryRow>();
  // Oldest first, so that the first change to claim a commit keeps it.
  const ordered = [...rows].sort((a, b) => a.mergedAt.localeCompare(b.mergedAt) || a.seq - b.seq);
  for (const row of ordered) {
    for (const sha of [row.mergeSha, row.headSha]) {
      if (sha !== null && !direct.has(sha.toLowerCase())) direct.set(sha.toLowerCase(), row);
    }
    for (const sha of row.heads) if (!viaHead.has(sha.toLowerCase())) viaHead.set(sha.toLowerCase(), row);
  }
  return [...commits].map((sha) => {
    const change = direct.get(sha.toLowerCase()) ?? viaHead.get(sha.toLowerCase()) ?? null;
    const status: ReleaseCommitStatus =
      change === null ? "unassessed" : change.bypass !== null ? "bypass" : change.relevant ? "assessed" : "not-relevant";
    return { sha, status, pr: change?.pr ?? null, change };
  });
}

/** How many commits of each state. */
export function releaseCommitCounts(commits: readonly ReleaseCommit[]): Record<ReleaseCommitStatus, number> {
  const counts: Record<ReleaseCommitStatus, number> = { assessed: 0, "not-relevant": 0, bypass: 0, unassessed: 0 };
  for (const c of commits) counts[c.status] += 1;
  return counts;
}

/** `HAZ-9` before `HAZ-10`: ids compared with their numbers as numbers. */
function compareIds(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** One repository's month: how early safety was involved in the relevant PRs merged that month. */
export interface InvolvementRow {
  repo: string;
  /** `YYYY-MM`, the month the PRs merged in (UTC). */
  month: string;
  /** Clinically relevant PRs merged that month with a recorded timeline. */
  prs: number;
  /** Median milliseconds from opened to checklist complete, over the PRs whose checklist completed. */
  toChecklistMs: number | null;
  /** Median milliseconds from opened to the final sign-off, over the PRs that had one. */
  toSignOffMs: number | null;
  /** PRs whose checklist was complete while they were still drafts. */
  completeWhileDraft: number;
}

/** The median of `values` (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/**
 * "Was safety asked early?" per repository and month of merge: the medians of opened → checklist
 * complete and opened → final sign-off, and how many PRs had their checklist complete while still
 * drafts. Only clinically relevant merged PRs with a recorded timeline count.
 */
export function involvementByMonth(rows: readonly HistoryRow[]): InvolvementRow[] {
  const buckets = new Map<string, { repo: string; month: string; timelines: InvolvementTimeline[] }>();
  for (const row of rows) {
    if (row.pr === null || !row.relevant || row.timeline === undefined) continue;
    const month = row.mergedAt.slice(0, 7);
    const key = `${row.repo} ${month}`;
    const bucket = buckets.get(key) ?? { repo: row.repo, month, timelines: [] };
    bucket.timelines.push(row.timeline);
    buckets.set(key, bucket);
  }
  const since = (from: string, to: string | null) => (to === null ? [] : [Date.parse(to) - Date.parse(from)].filter(Number.isFinite));
  return [...buckets.values()]
    .map(({ repo, month, timelines }) => ({
      repo,
      month,
      prs: timelines.length,
      toChecklistMs: median(timelines.flatMap((t) => since(t.openedAt, t.checklistCompleteAt))),
      toSignOffMs: median(timelines.flatMap((t) => since(t.openedAt, t.finalSignOffAt))),
      completeWhileDraft: timelines.filter((t) => t.checklistCompleteWhileDraft).length,
    }))
    .sort((a, b) => a.repo.localeCompare(b.repo) || a.month.localeCompare(b.month));
}
