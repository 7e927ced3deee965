/**
 * Runs one invocation of `clinical-safety` against an {@link CliIo}: reads the files the command needs,
 * hands their text to the command, and prints what it returns. The process itself is `main.ts`'s.
 */
import { CONFIG_PATH } from "../config/extends-ref.js";
import { DEFAULT_HAZARD_LOG_PATH } from "../config/schema.js";
import { parseCommandLine, type Invocation } from "./args.js";
import type { AuditInvocation } from "./audit-args.js";
import { runAudit } from "./audit-command.js";
import { processAuditIo, type AuditIo } from "./audit-io.js";
import { commandUsage, PROGRAM, usage } from "./commands.js";
import { checkConfig } from "./config-check.js";
import { checkHazardLog, hazardSettings, invalidConfigResult, type SourceText } from "./hazards-check.js";
import { runReport } from "./report-command.js";
import { EXIT, type CommandResult, type ExitCode } from "./result.js";

/** What the tool needs from the outside world. */
export interface CliIo {
  /** A file's text (UTF-8). Throws the file system's error (with its `code`, e.g. `ENOENT`) when it cannot. */
  readFile(path: string): string;
  /** Prints one line of results (standard output). */
  out(line: string): void;
  /** Prints one line about the invocation itself (standard error). */
  err(line: string): void;
  /** The package version, for `--version`. */
  version(): string;
  /** The environment and output stream of the audit commands; the process's when absent. */
  audit?: AuditIo;
}

/** A file that could not be read: stops the command with exit 2, since nothing could be checked. */
class Unreadable extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    // The system's own words (`ENOENT: no such file or directory, open '…'`) name the reason exactly.
    super(`cannot read ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit status: at once for
 * the file checks, as a promise for the audit and report commands, which read a database.
 */
export function run(argv: readonly string[], io: CliIo): ExitCode | Promise<ExitCode> {
  const invocation = parseCommandLine(argv);
  try {
    return dispatch(invocation, io);
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error;
    io.err(`${PROGRAM}: ${error.message}`);
    return EXIT.usage;
  }
}

function dispatch(invocation: Invocation | AuditInvocation, io: CliIo): ExitCode | Promise<ExitCode> {
  switch (invocation.kind) {
    case "help": {
      const lines = invocation.command ? commandUsage(invocation.command) : usage();
      // Help that was asked for is the result; help shown because no command was given explains an error.
      for (const line of lines) {
        if (invocation.requested) io.out(line);
        else io.err(line);
      }
      return invocation.requested ? EXIT.ok : EXIT.usage;
    }
    case "version":
      io.out(io.version());
      return EXIT.ok;
    case "usage-error":
      io.err(`${PROGRAM}: ${invocation.message}`);
      io.err(
        invocation.command ? `Run "${PROGRAM} ${invocation.command.id} --help" for its usage.` : `Run "${PROGRAM} --help" for the list of commands.`,
      );
      return EXIT.usage;
    case "config check":
      return print(checkConfig(read(io, invocation.file), invocation.file), io);
    case "hazards check":
      return print(hazardsCheck(invocation, io), io);
    case "audit export":
    case "audit verify":
      return runAudit(invocation, io, io.audit ?? processAuditIo());
    case "report release":
      return runReport(invocation, io, io.audit ?? processAuditIo());
  }
}

function hazardsCheck(invocation: { file?: string; config?: string }, io: CliIo): CommandResult {
  // A config named with --config must exist; the default one is optional, as it is for the app's defaults.
  const config = invocation.config !== undefined ? { file: invocation.config, text: read(io, invocation.config) } : readIfPresent(io, CONFIG_PATH);
  const settings = hazardSettings(config);
  if (!settings.ok) return invalidConfigResult(settings.problems, invocation.file ?? DEFAULT_HAZARD_LOG_PATH);
  const file = invocation.file ?? settings.logPath;
  return checkHazardLog({ file, text: read(io, file) }, settings.options);
}

function print(result: CommandResult, io: CliIo): ExitCode {
  result.lines.forEach((line) => io.out(line));
  return result.exitCode;
}

function read(io: CliIo, path: string): string {
  try {
    return io.readFile(path);
  } catch (error) {
    throw new Unreadable(path, error);
  }
}

function readIfPresent(io: CliIo, path: string): SourceText | undefined {
  try {
    return { file: path, text: io.readFile(path) };
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return undefined;
    throw new Unreadable(path, error);
  }
}
