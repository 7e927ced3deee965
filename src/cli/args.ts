/**
 * The command line of `clinical-safety`, read into what to do. Pure: argv in, an {@link Invocation} out;
 * reading files and printing are the caller's.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { CONFIG_PATH } from "../config/extends-ref.js";
import { COMMANDS, type CommandSpec } from "./commands.js";
import { parseAuditCommandLine, type AuditInvocation } from "./audit-args.js";
import { parseReportCommandLine, type ReportInvocation } from "./report-args.js";
import { explainParseError, quote } from "./parse-helpers.js";

/** What the command line asks for. */
export type Invocation =
  /** Usage text: of every command, or of one. Asked for (`--help`), or shown because nothing was asked. */
  | { kind: "help"; requested: boolean; command?: CommandSpec }
  | { kind: "version" }
  | { kind: "config check"; file: string }
  /** `file` absent: the configured hazard log path. `config` absent: the default config path, if it exists. */
  | { kind: "hazards check"; file?: string; config?: string }
  /** `audit export` / `audit verify`, read by audit-args.ts. */
  | AuditInvocation
  /** `report release`, read by report-args.ts. */
  | ReportInvocation
  /** `command`: the command the mistake was made in, whose own help would show the fix. */
  | { kind: "usage-error"; message: string; command?: CommandSpec };

const HELP_WORDS = new Set(["help", "--help", "-h"]);

/** Options each command accepts besides `--help`. */
const OPTIONS: Partial<Record<CommandSpec["id"], ParseArgsConfig["options"]>> = {
  "hazards check": { config: { type: "string" } },
};

/**
 * Reads argv (without `node` and the script). Commands are two words (`config check`); their options and
 * file come after them. Never throws: anything it cannot read is a `usage-error` saying what was wrong.
 */
export function parseCommandLine(argv: readonly string[]): Invocation {
  // The audit and report commands have options of their own; their parsers answer for them.
  const own = parseAuditCommandLine(argv) ?? parseReportCommandLine(argv);
  if (own !== undefined) return own;
  const [first, second, ...rest] = argv;
  if (first === undefined) return { kind: "help", requested: false };
  if (first === "--version") return argv.length === 1 ? { kind: "version" } : tooMany("--version");
  if (HELP_WORDS.has(first)) return helpFor(argv.slice(1));
  if (first.startsWith("-")) return { kind: "usage-error", message: `unknown option ${quote(first)}` };

  const group = COMMANDS.filter((spec) => spec.id.split(" ")[0] === first);
  if (group.length === 0) return { kind: "usage-error", message: `unknown command ${quote(first)}` };
  const expected = `expected ${group.map((spec) => spec.id).join(" or ")}`;
  if (second === undefined) return { kind: "usage-error", message: `${quote(first)} needs a subcommand: ${expected}` };
  const spec = group.find((candidate) => candidate.id === `${first} ${second}`);
  if (spec === undefined) {
    return { kind: "usage-error", message: `unknown command ${quote(`${first} ${second}`)}: ${expected}` };
  }
  return parseCommandArgs(spec, rest);
}

/** `help`, `help config check`, `help config` (the whole list: a group is not one command). */
function helpFor(words: readonly string[]): Invocation {
  if (words.length === 0) return { kind: "help", requested: true };
  const command = COMMANDS.find((spec) => spec.id === words.join(" "));
  if (command === undefined) {
    return { kind: "usage-error", message: `no help for unknown command ${quote(words.join(" "))}` };
  }
  return { kind: "help", requested: true, command };
}

function parseCommandArgs(spec: CommandSpec, args: string[]): Invocation {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: { ...OPTIONS[spec.id], help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return { kind: "usage-error", message: explainParseError(error, spec, "a FILE"), command: spec };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: "help", requested: true, command: spec };
  if (positionals.length > 1) return { ...tooMany(spec.id), command: spec };
  const [file] = positionals;
  if (file === "") return { kind: "usage-error", message: `${spec.id}: FILE must not be empty`, command: spec };

  if (spec.id === "config check") return { kind: "config check", file: file ?? CONFIG_PATH };
  const config = values.config;
  if (config === "") return { kind: "usage-error", message: `${spec.id}: --config needs a FILE`, command: spec };
  return {
    kind: "hazards check",
    ...(file === undefined ? {} : { file }),
    ...(typeof config === "string" ? { config } : {}),
  };
}

function tooMany(command: string): Invocation & { kind: "usage-error" } {
  return { kind: "usage-error", message: `too many arguments for ${command}` };
}
