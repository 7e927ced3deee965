/**
 * The PR's head history as the audit trail holds it: `head` records, and the head each check conclusion
 * was published on (trails written before `head` records existed have only those). Pure.
 */
import type { HeadObservation } from "../core/head-history.js";
import type { HeadData } from "./evidence.js";
import type { AuditInput, AuditRecord } from "./record.js";

/** Every head observation in `records` (one PR's, in chain order). */
export function headObservations(records: readonly AuditRecord[]): HeadObservation[] {
  return records.flatMap((r) => ((r.kind === "head" || r.kind === "check-conclusion") && r.headSha !== null ? [{ sha: r.headSha, at: r.at }] : []));
}

/** A head observation made while handling this event, and how it was made. */
export type NewHeadObservation = HeadObservation & { via: HeadData["via"] };

/**
 * The `head` records for `observed` (in the order made) that show a change of head: an observation of the
 * head the trail already ends on adds nothing.
 */
export function headRecords(
  previous: readonly AuditRecord[],
  observed: readonly NewHeadObservation[],
  ctx: { repo: string; pr: number; botLogin: string; configSha: string | null; title: string },
): AuditInput[] {
  let lastSha = headObservations(previous).at(-1)?.sha;
  const out: AuditInput[] = [];
  for (const o of observed) {
    if (o.sha === lastSha) continue;
    lastSha = o.sha;
    const data: HeadData = { title: ctx.title, via: o.via };
    out.push({ kind: "head", actor: ctx.botLogin, at: o.at, repo: ctx.repo, pr: ctx.pr, headSha: o.sha, configSha: ctx.configSha, data });
  }
  return out;
}
