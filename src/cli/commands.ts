/**
 * The commands of the `clinical-safety` tool (PRODUCT.md, "Command line") and their usage text. One
 * table serves the parser and the help, so that the help can never list a command the parser refuses.
 */
import { CONFIG_PATH } from "../config/extends-ref.js";
import { DEFAULT_HAZARD_LOG_PATH } from "../config/schema.js";

/** The tool's name, as typed and as it prefixes messages. */
export const PROGRAM = "clinical-safety";

/** The commands, as typed. */
export type CommandId = "config check" | "hazards check" | "audit export" | "audit verify" | "report release";

/** One command: how it is typed and what it does. */
export interface CommandSpec {
  id: CommandId;
  /** Arguments and options after the two command words, as shown in the usage. */
  args: string;
  /** One line for the command list. */
  summary: string;
  /** Further lines for the command's own help (`clinical-safety config check --help`). */
  details: string[];
}

/** Every command, in the order of the usage text. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    id: "config check",
    args: "[FILE]",
    summary: "validate a configuration file",
    details: [`FILE defaults to ${CONFIG_PATH}. An _extends is checked for its form only: the base is not fetched.`],
  },
  {
    id: "hazards check",
    args: "[FILE] [--config FILE]",
    summary: "validate a hazard log",
    details: [
      `The id pattern and risk matrix come from the configuration (--config, default ${CONFIG_PATH});`,
      "without one, HAZ- followed by 3+ digits and the DCB0129 example matrix. FILE defaults to the",
      `configuration's hazard_log.path, else ${DEFAULT_HAZARD_LOG_PATH}.`,
    ],
  },
  {
    id: "audit export",
    args: "--repo O/R [--since D] [--until D] [--format csv|json|md]",
    summary: "export the audit trail",
    details: [
      "D is a UTC day (2026-01-31) or an ISO-8601 time with a zone; both bounds are included. The format",
      "defaults to json (one array, every field and hash). The database is DATABASE_URL's, else the",
      "embedded one under DATA_DIR (default .data); see docs/audit-trail.md.",
    ],
  },
  {
    id: "audit verify",
    args: "[--expect-head SEQ:HASH]",
    summary: "check the audit trail's hash chain",
    details: [
      "Exit 1 names the first record that was altered or removed. --expect-head takes the head an earlier",
      "verify printed (kept outside the database) and fails if that record is gone or changed. The database",
      "is DATABASE_URL's, else the embedded one under DATA_DIR (default .data); see docs/audit-trail.md.",
    ],
  },
  {
    id: "report release",
    args: "--repo O/R --from REF --to REF [--format md|json]",
    summary: "the release report between two refs, as Markdown or JSON",
    details: [
      "REF is a tag, branch or commit SHA; the changes are those merged in the commits reachable from --to",
      "but not from --from. The commits come from GitHub with the token in GITHUB_TOKEN (GHE_HOST and",
      "GHE_PROTOCOL as for the app); the changes from the audit trail (DATABASE_URL, else DATA_DIR, default",
      ".data). Links lead to the audit pages at PUBLIC_URL. Exit 1 when GitHub has no such repository or ref.",
      "--format json (default md) prints the JSON of the audit page's format=json: every commit's state, the",
      "hazard log's changes, riskIncreased, the CSO's approval and the audit trail's head.",
    ],
  },
];

/** How the exit status reads, shown under every usage text. */
const EXIT_STATUS = [
  "Exit status: 0 success; 1 problems found (a check's FILE:LINE: message lines, a broken audit chain,",
  "an unknown ref); 2 wrong usage, or something that could not be read (nothing was checked).",
];

function synopsis(spec: CommandSpec): string {
  return [PROGRAM, spec.id, spec.args].filter((part) => part !== "").join(" ");
}

/** The full usage: every command with its arguments and what it does. */
export function usage(): string[] {
  const commands = COMMANDS.map((spec) => [`  ${synopsis(spec)}`, `      ${spec.summary}`]);
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    "",
    "Commands:",
    ...commands.flat(),
    `  ${PROGRAM} help [COMMAND]`,
    "      show this text, or one command's",
    "",
    ...EXIT_STATUS,
  ];
}

/** One command's usage, for `--help` after the command. */
export function commandUsage(spec: CommandSpec): string[] {
  return [`Usage: ${synopsis(spec)}`, "", `${capitalise(spec.summary)}.`, ...spec.details, "", ...EXIT_STATUS];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
