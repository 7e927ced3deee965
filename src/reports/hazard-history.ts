/**
 * A hazard's history as the trail records it: every merged change to its entry in the hazard log (before →
 * after, the approvals at the merged head, the log's blob after), and every PR that touched it — linked it or
 * changed it. Read from the `merge` records' `hazardLog` (src/audit/hazard-log-version.ts) and the
 * `hazard-link` records in one pass over a repository's records; the fold itself ({@link HazardTrail}) is pure.
 */
import type { SignOffEvidence } from "../audit/evidence.js";
import { readHazardLogVersion, type HazardLogChange } from "../audit/hazard-log-version.js";
import type { AuditRecord } from "../audit/record.js";
import type { AuditStore } from "../store/audit-store.js";
import { readMerge, text } from "./evidence-read.js";

/** One merged change to one hazard's entry, with what it merged under. */
export interface HazardHistoryEntry {
  repo: string;
  pr: number;
  title: string;
  mergedAt: string;
  mergedBy: string;
  /** The merged head: the commit the sign-offs approved. */
  headSha: string;
  mergeSha: string | null;
  /** False when the PR merged without a passing gate (a bypass). */
  passed: boolean;
  /** The log file and its blob SHAs before and after the merge. */
  path: string;
  blobBefore: string | null;
  blobAfter: string | null;
  change: HazardLogChange;
  /** The sign-offs that counted at the merged head (printed name, role, meaning, time, SHA). */
  signOffs: SignOffEvidence[];
  /** `seq` of the merge record: the order among equal times. */
  seq: number;
}

/** A PR that touched a hazard: linked to it (at merge, or still linked if it has not merged), or changed its entry. */
export interface HazardTouch {
  repo: string;
  pr: number;
  title: string;
  linked: boolean;
  /** What its merge did to the hazard's entry, in merge order (usually one, or none). */
  changes: HazardLogChange["change"][];
  /** When it merged; null while it has not. */
  mergedAt: string | null;
  /** True when it merged without a passing gate. */
  bypass: boolean;
}

interface PrState {
  repo: string;
  pr: number;
  title: string;
  /** Hazard ids linked and not unlinked since, from `hazard-link` records (before the PR merged). */
  links: Set<string>;
  merged: { at: string; passed: boolean; hazards: Set<string> } | null;
  /** What its merges did to each hazard's entry, in merge order. */
  changes: Map<string, HazardLogChange["change"][]>;
}

/**
 * Folds one repository's records, fed in `seq` order. Records of other kinds are ignored; a PR merged twice
 * (reopened and merged again) keeps each merge's changes and its last merge's links.
 */
export class HazardTrail {
  private readonly entries: HazardHistoryEntry[] = [];
  private readonly prs = new Map<string, PrState>();

  add(record: AuditRecord): void {
    if (record.pr === null) return;
    if (record.kind === "hazard-link") this.addLink(record, record.pr);
    else if (record.kind === "merge") this.addMerge(record, record.pr);
  }

  /** The merged changes to `id`'s entry, oldest first. */
  history(id: string): HazardHistoryEntry[] {
    return this.entries.filter((e) => e.change.id === id).sort((a, b) => a.mergedAt.localeCompare(b.mergedAt) || a.seq - b.seq);
  }

  /** Every PR that touched `id`, newest first (unmerged PRs, by number, after the merged ones). */
  touches(id: string): HazardTouch[] {
    return this.touchesById().get(id) ?? [];
  }

  /**
   * The PRs that touched each hazard, by id (in id order), each list newest first: one pass over the PRs, so
   * that an index of every hazard costs no more than one hazard's page.
   */
  touchesById(): Map<string, HazardTouch[]> {
    const byId = new Map<string, HazardTouch[]>();
    for (const state of this.prs.values()) {
      const linked = state.merged ? state.merged.hazards : state.links;
      for (const id of new Set([...linked, ...state.changes.keys()])) {
        const list = byId.get(id) ?? [];
        list.push({
          repo: state.repo,
          pr: state.pr,
          title: state.title,
          linked: linked.has(id),
          changes: state.changes.get(id) ?? [],
          mergedAt: state.merged?.at ?? null,
          bypass: state.merged ? !state.merged.passed : false,
        });
        byId.set(id, list);
      }
    }
    const newestFirst = (a: HazardTouch, b: HazardTouch) => (b.mergedAt ?? "").localeCompare(a.mergedAt ?? "") || b.pr - a.pr;
    return new Map([...byId].sort(([a], [b]) => compareIds(a, b)).map(([id, list]) => [id, list.sort(newestFirst)]));
  }

  private state(repo: string, pr: number): PrState {
    const key = `${repo}#${pr}`;
    let state = this.prs.get(key);
    if (state === undefined) {
      state = { repo, pr, title: "", links: new Set(), merged: null, changes: new Map() };
      this.prs.set(key, state);
    }
    return state;
  }

  private addLink(record: AuditRecord, pr: number): void {
    const id = text(record.data, "hazardId");
    if (id === "") return;
    const state = this.state(record.repo, pr);
    state.title = text(record.data, "title") || state.title;
    if (record.data.command === "unlink") state.links.delete(id);
    // An id written that is not in the log is recorded too (`known: false`): it names no hazard, so it touches none.
    else if (record.data.known !== false) state.links.add(id);
  }

  private addMerge(record: AuditRecord, pr: number): void {
    const m = readMerge(record.data, record.at);
    const state = this.state(record.repo, pr);
    state.title = m.title || state.title;
    state.merged = { at: m.mergedAt, passed: m.passed, hazards: new Set(m.hazards.map((h) => h.id)) };
    const log = readHazardLogVersion(record.data.hazardLog);
    if (log === undefined) return;
    for (const change of log.changes) {
      state.changes.set(change.id, [...(state.changes.get(change.id) ?? []), change.change]);
      this.entries.push({
        repo: record.repo,
        pr,
        title: m.title,
        mergedAt: m.mergedAt,
        mergedBy: m.mergedBy || record.actor,
        headSha: m.headSha || (record.headSha ?? ""),
        mergeSha: m.mergeSha,
        passed: m.passed,
        path: log.path,
        blobBefore: log.blobBefore,
        blobAfter: log.blobAfter,
        change,
        signOffs: m.signOffs,
        seq: record.seq,
      });
    }
  }
}

/** `HAZ-9` before `HAZ-10`: ids compared with their numbers as numbers. */
export function compareIds(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** The hazard trail of one repository (the caller has checked the person can read it). */
export async function readHazardTrail(audit: AuditStore, repo: string): Promise<HazardTrail> {
  const trail = new HazardTrail();
  for await (const record of audit.stream({ repo })) trail.add(record);
  return trail;
}
