/**
 * `clinical-safety audit verify`: is the audit trail as it was written? Streams every record through the
 * chain checker (constant memory) and names the first record that was altered or removed; and is every
 * `success` it holds backed by sign-off records for the roles required (audit/verify-conclusions.ts)?
 */
import type { AuditRecord } from "../audit/record.js";
import { ChainChecker, type ChainVerdict } from "../audit/verify-chain.js";
import { ConclusionChecker } from "../audit/verify-conclusions.js";
import type { AuditStore } from "../store/audit-store.js";
import type { AuditIo } from "./audit-io.js";
import { EXIT, type CommandResult } from "./result.js";

/** How often the progress line is updated, in records. */
const PROGRESS_EVERY = 1000;

/**
 * Verifies the whole trail in `store`; see {@link describeVerdict} for what is printed. With `expectHead`
 * (the head an earlier verify printed, kept outside the database), that record must still be there with the
 * same hash: what the chain alone cannot show, a tail removed or rewritten with recomputed hashes.
 */
export async function verifyAudit(
  store: AuditStore,
  io: Pick<AuditIo, "progress">,
  batch?: number,
  expectHead?: { seq: number; hash: string },
): Promise<CommandResult> {
  const checker = new ChainChecker();
  const conclusions = new ConclusionChecker();
  let seen = 0;
  let kept: AuditRecord | undefined;
  for await (const record of store.all(batch)) {
    if (record.seq === expectHead?.seq) kept = record;
    if (checker.push(record)) break;
    conclusions.push(record);
    seen += 1;
    if (seen % PROGRESS_EVERY === 0) io.progress?.show(`verified ${seen} records…`);
  }
  io.progress?.done();
  const chain = describeVerdict(checker.finish());
  const unsupported = conclusions.finish();
  // A success the trail does not back fails verification too, even with every hash right.
  const result: CommandResult =
    chain.exitCode === EXIT.ok && unsupported.length > 0
      ? {
          exitCode: EXIT.problems,
          lines: [
            ...chain.lines,
            ...unsupported.map(
              (u) =>
                `success without its sign-offs at record ${u.record.seq}: ${identify(u.record)}; no standing sign-off for ${u.missing.join(", ")}`,
            ),
          ],
        }
      : chain;
  if (result.exitCode !== EXIT.ok || expectHead === undefined) return result;
  if (kept === undefined) {
    return { exitCode: EXIT.problems, lines: [`audit trail truncated: record ${expectHead.seq} (the head you kept) is gone`, ...result.lines] };
  }
  if (kept.hash !== expectHead.hash) {
    return {
      exitCode: EXIT.problems,
      lines: [`audit trail rewritten: record ${expectHead.seq} has hash ${kept.hash}, not the ${expectHead.hash} you kept`, ...result.lines],
    };
  }
  return { exitCode: EXIT.ok, lines: [...result.lines, `record ${expectHead.seq} matches the head you kept`] };
}

/**
 * The report of a verification. Intact (exit 0): `N records, chain intact` and the head to keep
 * elsewhere. Broken (exit 1): the first altered or removed record, by seq, with its id, kind, repo and PR
 * (for a removed record, those of the record where the chain resumes), and how many records before it
 * are intact.
 */
export function describeVerdict(verdict: ChainVerdict): CommandResult {
  if (verdict.ok) {
    const head = verdict.count === 0 ? [] : [`head: record ${verdict.headSeq}, hash ${verdict.head}`];
    return { exitCode: EXIT.ok, lines: [`${records(verdict.count)}, chain intact`, ...head] };
  }
  const lines = [`audit trail broken at record ${verdict.at.seq}: ${verdict.reason}`];
  if (verdict.record) lines.push(`  record ${verdict.record.seq}: ${identify(verdict.record)}`);
  if (verdict.next) lines.push(`  the chain resumes at record ${verdict.next.seq}: ${identify(verdict.next)}`);
  lines.push(`  ${records(verdict.intact)} before it ${verdict.intact === 1 ? "is" : "are"} intact`);
  return { exitCode: EXIT.problems, lines };
}

/** What an auditor needs to find the record: id, kind, repository, PR and time. */
function identify(record: AuditRecord): string {
  const pr = record.pr === null ? "no PR" : `PR #${record.pr}`;
  return `id ${record.id}, kind ${record.kind}, repo ${record.repo}, ${pr}, at ${record.at}`;
}

function records(count: number): string {
  return `${count} ${count === 1 ? "record" : "records"}`;
}
