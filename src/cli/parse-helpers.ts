/**
 * What the command-line parsers share: the words they quote input in, how they restate node:util's parse
 * errors, and what an `owner/name` looks like.
 */
import type { CommandSpec } from "./commands.js";

/** `owner/name` as GitHub allows them (a name is never `.` or `..`). */
export const REPO_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;

/** A word of the user's input, quoted so that spaces and empty strings show. */
export function quote(word: string): string {
  return JSON.stringify(word);
}

/**
 * node:util's messages are long and capitalised; keep the fact, in the tool's voice.
 * @param valueName what an option without its value is missing, e.g. "a FILE" or "a value"
 */
export function explainParseError(error: unknown, spec: CommandSpec, valueName = "a value"): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    return `unknown option ${quote(/'([^']+)'/.exec(message)?.[1] ?? message)} for ${spec.id}`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const option = /'(--?[\w-]+)/.exec(message)?.[1];
    if (option === "--help" || option === "-h") return `${spec.id}: --help takes no value`;
    if (option !== undefined) return `${spec.id}: ${option} needs ${valueName}`;
  }
  return `${spec.id}: ${message}`;
}
