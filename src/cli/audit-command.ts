/**
 * Runs an audit command against the database the environment names, and turns what can go wrong with
 * the database into exit 2 with one line on standard error.
 */
import type { AuditInvocation } from "./audit-args.js";
import { openAuditDatabase, NoAuditDatabase, type AuditDatabase } from "./audit-database.js";
import { exportAudit } from "./audit-export.js";
import type { AuditIo } from "./audit-io.js";
import { verifyAudit } from "./audit-verify.js";
import { PROGRAM } from "./commands.js";
import { EXIT, type ExitCode } from "./result.js";

/** Where lines go: results on standard output, trouble on standard error. */
export interface AuditLines {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Opens the database, runs the command, closes the database.
 * @param open how to open the database (tests pass a store of their own)
 */
export async function runAudit(
  invocation: AuditInvocation,
  lines: AuditLines,
  io: AuditIo,
  open: (env: AuditIo["env"]) => Promise<AuditDatabase> = openAuditDatabase,
): Promise<ExitCode> {
  let db: AuditDatabase;
  try {
    db = await open(io.env);
  } catch (error) {
    lines.err(`${PROGRAM}: ${error instanceof NoAuditDatabase ? error.message : `cannot open the audit database: ${messageOf(error)}`}`);
    return EXIT.usage;
  }
  try {
    if (invocation.kind === "audit verify") {
      const result = await verifyAudit(db.store, io, undefined, invocation.expectHead);
      result.lines.forEach((line) => lines.out(line));
      return result.exitCode;
    }
    await exportAudit(db.store, invocation, io);
    return EXIT.ok;
  } catch (error) {
    lines.err(`${PROGRAM}: ${invocation.kind} failed: ${messageOf(error)}`);
    return EXIT.usage;
  } finally {
    await db.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
