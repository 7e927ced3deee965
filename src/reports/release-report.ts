/**
 * The release report for the safety case: every commit between two refs with its state, every clinically
 * relevant change with its checklist answers, hazards and signatures, the hazard log's changes, the hazards
 * whose risk went up, open objections and bypasses with their review, the CSO's approval of the release,
 * and the audit trail's head when the report was made. One model, read once from the trail, that the page,
 * the Markdown, the JSON, the PDF and the command line all render, so that every form says the same.
 *
 * The folding is pure ({@link ReleaseReportBuilder}); {@link readReleaseReport} streams the records into it.
 */
import type { VerificationEvidence } from "../audit/evidence.js";
import { readHazardLogVersion, type HazardLogVersion } from "../audit/hazard-log-version.js";
import { GENESIS_HASH, type AuditRecord } from "../audit/record.js";
import { verificationFlags } from "../audit/verification.js";
import type { AuditStore } from "../store/audit-store.js";
import { readMerge, text, type MergeEvidence } from "./evidence-read.js";
import { HistoryBuilder, releaseCommitList, releaseGroups, type HistoryRow, type ReleaseCommit, type ReleaseGroup } from "./read-model.js";
import { releaseApproval, type ReleaseApproval } from "./release-approval.js";
import { hazardChangeRows, riskIncreases, type HazardChangeRow, type RiskIncrease } from "./release-hazards.js";

/** The release: two refs, the commits they resolved to, and the commits between (oldest first). */
export interface ReleaseRange {
  repo: string;
  from: string;
  to: string;
  fromSha: string;
  toSha: string;
  commits: readonly string[];
}

/** The trail's last record when the report was read (seq 0 and the genesis hash for an empty trail). */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** An objection raised on a change and never withdrawn. */
export interface OpenObjection {
  repo: string;
  pr: number;
  title: string;
  by: string;
  role: string;
  reason: string;
  at: string;
}

/** One clinically relevant change of the release, with the evidence an auditor reads for it. */
export interface ReleaseChange {
  row: HistoryRow;
  /** The checklist as it stood at merge, with each answer's reason. */
  answers: MergeEvidence["answers"];
  /** What an auditor must notice in the other checks on the merged head. */
  verificationFlags: string[];
  verification: VerificationEvidence | null;
  openObjections: OpenObjection[];
}

/** The whole report. */
export interface ReleaseReport extends ReleaseRange {
  generatedAt: string;
  publicUrl: string;
  auditHead: AuditHead;
  /** Every commit of the range with its state. */
  commitList: ReleaseCommit[];
  /** The clinically relevant changes, hazard by hazard. */
  groups: ReleaseGroup[];
  /** The clinically relevant changes, in merge order. */
  changes: ReleaseChange[];
  hazardChanges: HazardChangeRow[];
  riskIncreased: RiskIncrease[];
  /** The changes of the range that reached the branch without a passing gate, with their review. */
  bypasses: HistoryRow[];
  openObjections: OpenObjection[];
  approval: ReleaseApproval | null;
}

/** Folds a repository's records (in `seq` order) into what {@link ReleaseReportBuilder.build} needs. */
export class ReleaseReportBuilder {
  private readonly history = new HistoryBuilder();
  /** `merge` records by `seq` (a history row keeps the `seq` of the merge it was made from). */
  private readonly merges = new Map<number, AuditRecord>();
  /** Open objections per PR, by objector (a withdrawal takes back all of one person's objections, as the gate reads it). */
  private readonly objections = new Map<number, Map<string, OpenObjection>>();
  private readonly approvals: AuditRecord[] = [];

  add(record: AuditRecord): void {
    this.history.add(record);
    if (record.kind === "merge" && record.pr !== null) this.merges.set(record.seq, record);
    else if (record.kind === "release-approval") this.approvals.push(record);
    else if ((record.kind === "objection" || record.kind === "objection-withdrawn") && record.pr !== null) {
      const open = this.objections.get(record.pr) ?? new Map<string, OpenObjection>();
      if (record.kind === "objection-withdrawn") open.delete(record.actor);
      else {
        const d = record.data;
        open.set(record.actor, {
          repo: record.repo,
          pr: record.pr,
          title: text(d, "title"),
          by: record.actor,
          role: text(d, "role"),
          reason: text(d, "reason"),
          at: record.at,
        });
      }
      this.objections.set(record.pr, open);
    }
  }

  /** The report of `range`, from the records added. */
  build(range: ReleaseRange, meta: { generatedAt: string; publicUrl: string; auditHead: AuditHead }): ReleaseReport {
    const rows = this.history.rows();
    const commitList = releaseCommitList(rows, range.commits);
    const inRange = [...new Set(commitList.flatMap((c) => (c.change === null ? [] : [c.change])))].sort(
      (a, b) => a.mergedAt.localeCompare(b.mergedAt) || a.seq - b.seq,
    );
    const objectionsOf = (row: HistoryRow) => (row.pr === null ? [] : [...(this.objections.get(row.pr)?.values() ?? [])]);
    const changes = inRange
      .filter((row) => row.relevant || row.bypass !== null)
      .map((row): ReleaseChange => {
        const merge = this.merges.get(row.seq);
        return {
          row,
          answers: merge === undefined ? [] : readMerge(merge.data, merge.at).answers,
          verificationFlags: verificationFlags(row.verification),
          verification: row.verification,
          openObjections: objectionsOf(row),
        };
      });
    const logs = inRange.flatMap((row) => {
      const merge = this.merges.get(row.seq);
      const hazardLog: HazardLogVersion | undefined = merge === undefined ? undefined : readHazardLogVersion(merge.data.hazardLog);
      return hazardLog === undefined ? [] : [{ row, hazardLog }];
    });
    const hazardChanges = hazardChangeRows(logs);
    return {
      ...range,
      ...meta,
      commitList,
      groups: releaseGroups(rows, range.commits),
      changes,
      hazardChanges,
      riskIncreased: riskIncreases(hazardChanges),
      bypasses: inRange.filter((row) => row.bypass !== null),
      openObjections: inRange.flatMap(objectionsOf),
      approval: releaseApproval(this.approvals, range.fromSha, range.toSha),
    };
  }
}

/**
 * Reads the report of `range` from the trail. The head is read first and nothing after it is used: the
 * report shows the trail exactly as of the head it names, even while the app goes on appending.
 */
export async function readReleaseReport(
  audit: AuditStore,
  range: ReleaseRange,
  meta: { generatedAt: string; publicUrl: string },
): Promise<ReleaseReport> {
  const latest = await audit.latest();
  const auditHead: AuditHead = latest === undefined ? { seq: 0, hash: GENESIS_HASH } : { seq: latest.seq, hash: latest.hash };
  const builder = new ReleaseReportBuilder();
  for await (const record of audit.stream({ repo: range.repo })) {
    if (record.seq > auditHead.seq) break;
    builder.add(record);
  }
  return builder.build(range, { ...meta, auditHead });
}
