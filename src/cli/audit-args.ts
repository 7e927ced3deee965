/**
 * The command lines of `clinical-safety audit export` and `audit verify`, read into what to do. Pure:
 * argv in, an invocation out, like args.ts for the file checks.
 */
import { parseArgs } from "node:util";
import { EXPORT_FORMATS, type ExportFormatName, type ExportScope } from "../audit/export-format.js";
import type { AuditFilter } from "../store/audit-store.js";
import type { Invocation } from "./args.js";
import { COMMANDS, type CommandSpec } from "./commands.js";
import { explainParseError, quote, REPO_PATTERN } from "./parse-helpers.js";

/** What an audit command line asks for. */
export type AuditInvocation =
  | {
      kind: "audit export";
      format: ExportFormatName;
      /** What the user asked for, as typed (for the Markdown heading). */
      scope: ExportScope;
      /** The same, as the store reads it: `since` inclusive, `until` exclusive, both ISO times. */
      filter: AuditFilter & { repo: string };
    }
  /** `expectHead`: the head printed by an earlier verify, kept elsewhere: it must still be there, unchanged. */
  | { kind: "audit verify"; expectHead?: { seq: number; hash: string } };

/** The format written when `--format` is not given: the one that keeps every field, hashes included. */
export const DEFAULT_EXPORT_FORMAT: ExportFormatName = "json";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

type Outcome = AuditInvocation | Extract<Invocation, { kind: "help" | "usage-error" }>;

/**
 * Reads argv (without `node` and the script) when it is an audit command; undefined for anything else,
 * which the general parser reads. Never throws.
 */
export function parseAuditCommandLine(argv: readonly string[]): Outcome | undefined {
  const [first, second, ...rest] = argv;
  if (first !== "audit") return undefined;
  const spec = COMMANDS.find((candidate) => candidate.id === `audit ${second}`);
  if (spec === undefined || (spec.id !== "audit export" && spec.id !== "audit verify")) return undefined;
  return spec.id === "audit export" ? parseExport(spec, rest) : parseVerify(spec, rest);
}

function parseVerify(spec: CommandSpec, args: string[]): Outcome {
  const parsed = parse(spec, args, { "expect-head": { type: "string" } });
  if (!("values" in parsed)) return parsed;
  const expected = parsed.values["expect-head"];
  if (expected === undefined) return { kind: "audit verify" };
  const m = /^(\d+):([0-9a-f]{64})$/.exec(expected);
  if (!m || Number(m[1]) < 1) {
    return {
      kind: "usage-error",
      message: `${spec.id}: --expect-head ${quote(expected)} is not SEQ:HASH (a record number and its 64-hex hash)`,
      command: spec,
    };
  }
  return { kind: "audit verify", expectHead: { seq: Number(m[1]), hash: m[2] as string } };
}

function parseExport(spec: CommandSpec, args: string[]): Outcome {
  const parsed = parse(spec, args, {
    repo: { type: "string" },
    since: { type: "string" },
    until: { type: "string" },
    format: { type: "string" },
  });
  if (!("values" in parsed)) return parsed;
  const { repo, since, until, format = DEFAULT_EXPORT_FORMAT } = parsed.values;
  const error = (message: string): Outcome => ({ kind: "usage-error", message: `${spec.id}: ${message}`, command: spec });

  if (repo === undefined) return error("--repo O/R is required");
  if (!REPO_PATTERN.test(repo)) return error(`--repo ${quote(repo)} is not owner/name`);
  if (!isFormat(format)) return error(`--format must be ${EXPORT_FORMATS.join(", ")}; got ${quote(format)}`);
  const from = since === undefined ? undefined : timeBound(since, "since");
  const to = until === undefined ? undefined : timeBound(until, "until");
  if (from === null) return error(`--since ${quote(since ?? "")} ${NOT_A_TIME}`);
  if (to === null) return error(`--until ${quote(until ?? "")} ${NOT_A_TIME}`);
  if (from !== undefined && to !== undefined && from >= to) return error("--since must be before --until");

  return {
    kind: "audit export",
    format,
    scope: { repo, ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) },
    filter: { repo, ...(from === undefined ? {} : { since: from }), ...(to === undefined ? {} : { until: to }) },
  };
}

const NOT_A_TIME = "is not a date (YYYY-MM-DD, a UTC day) or an ISO-8601 time with a zone (2026-01-31T09:30:00Z)";

/**
 * A bound of the window as the store reads it. Both bounds include what the user named: `--since D`
 * starts at the beginning of day D, `--until D` ends at the end of day D (the store's `until` is
 * exclusive, so the next midnight); `--until T` includes the millisecond T. Null when unreadable.
 */
function timeBound(text: string, bound: "since" | "until"): string | null {
  const day = DAY.test(text);
  if (!day && !TIME.test(text)) return null;
  // Date.parse rolls 2026-02-30 over into March: a day that does not come back as typed does not exist.
  if (!realDay(text.slice(0, 10))) return null;
  const ms = Date.parse(day ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) return null;
  const end = bound === "until" ? (day ? DAY_MS : 1) : 0;
  return new Date(ms + end).toISOString();
}

function realDay(day: string): boolean {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
}

function parse(
  spec: CommandSpec,
  args: string[],
  options: Record<string, { type: "string" }>,
): { values: Record<string, string | undefined> } | Extract<Outcome, { kind: "help" | "usage-error" }> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    return { kind: "usage-error", message: explainParseError(error, spec), command: spec };
  }
  if (values.help === true) return { kind: "help", requested: true, command: spec };
  if (positionals.length > 0) {
    return { kind: "usage-error", message: `${spec.id}: unexpected argument ${quote(positionals[0] ?? "")}`, command: spec };
  }
  const strings: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === "help") continue;
    if (value === "") return { kind: "usage-error", message: `${spec.id}: --${name} needs a value`, command: spec };
    strings[name] = value as string;
  }
  return { values: strings };
}

function isFormat(name: string): name is ExportFormatName {
  return (EXPORT_FORMATS as readonly string[]).includes(name);
}
