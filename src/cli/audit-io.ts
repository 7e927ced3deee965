/**
 * What the audit commands need from the outside world beyond printing lines: the environment (which
 * database), a standard output that can take a stream of any length, and a progress line for people.
 */
import { once } from "node:events";

/** A line that rewrites itself on a terminal. */
export interface Progress {
  /** Replaces the line with `text`. */
  show(text: string): void;
  /** Replaces the line with `text` and ends it; without text, erases the line (the result follows). */
  done(text?: string): void;
}

/** The outside world of the audit commands. */
export interface AuditIo {
  /** `DATABASE_URL`, `DATA_DIR`. */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Writes export text to standard output; resolves when the stream can take more, so that an export
   * larger than memory is written at the pace the reader reads it.
   */
  write(text: string): Promise<void>;
  /** Present only when standard error is a terminal: progress is for people, not for logs. */
  progress?: Progress;
}

/** The process's environment and streams. */
export function processAuditIo(): AuditIo {
  const stderr = process.stderr;
  return {
    env: process.env,
    write: async (text) => {
      if (!process.stdout.write(text)) await once(process.stdout, "drain");
    },
    ...(stderr.isTTY ? { progress: terminalProgress(stderr) } : {}),
  };
}

/** Progress on a terminal: carriage return and "erase line" (ECMA-48 EL), so each update replaces the last. */
export function terminalProgress(stream: { write(text: string): unknown }): Progress {
  return {
    show: (text) => stream.write(`\r\u001b[K${text}`),
    done: (text) => stream.write(text === undefined ? "\r\u001b[K" : `\r\u001b[K${text}\n`),
  };
}
