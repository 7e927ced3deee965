/**
 * What a command of the `clinical-safety` tool returns: an exit code and the lines to print. Commands
 * compute these from file text; only `main.ts` touches the file system and the process.
 */

/** Exit statuses, fixed so that hooks and CI jobs can tell "the file is wrong" from "the call is wrong". */
export const EXIT = {
  /** Every file checked is valid. */
  ok: 0,
  /** At least one problem was found in a file; each is printed. */
  problems: 1,
  /** The command line was wrong or a file could not be read: nothing was checked. */
  usage: 2,
} as const;

/** One of the {@link EXIT} statuses. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The outcome of a check: its exit status and its report, one line each, for standard output. */
export interface CommandResult {
  exitCode: ExitCode;
  lines: string[];
}
