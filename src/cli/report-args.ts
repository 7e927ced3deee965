/**
 * The command line of `clinical-safety report release`, read into what to do. Pure: argv in, an
 * invocation out, like audit-args.ts for the audit commands.
 */
import { parseArgs } from "node:util";
import type { Invocation } from "./args.js";
import { COMMANDS } from "./commands.js";
import { explainParseError, quote, REPO_PATTERN } from "./parse-helpers.js";

/** What `report release` asks for: the changes of `repo` reachable from `to` but not from `from`. */
export interface ReportInvocation {
  kind: "report release";
  repo: string;
  from: string;
  to: string;
  /** `md` (default): the report to paste into the safety case; `json`: the audit page's `format=json`. */
  format: ReportFormat;
}

/** The forms `report release` prints. */
export const REPORT_FORMATS = ["md", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

type Outcome = ReportInvocation | Extract<Invocation, { kind: "help" | "usage-error" }>;

/**
 * Why `ref` cannot name a tag, branch or commit, or undefined when it can. The rules are git's
 * (`git check-ref-format`) that matter here: a ref that breaks them could never be found, and one with
 * `..` or a space would read as a range or two words in the compare path.
 */
export function refProblem(ref: string): string | undefined {
  if (ref.length > 255) return "is longer than 255 characters";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(ref)) return "contains a space, a control character or one of ~ ^ : ? * [ \\";
  if (ref.includes("..")) return 'contains ".."';
  if (/^[/-]|\/$/.test(ref)) return 'starts with "/" or "-", or ends with "/"';
  return undefined;
}

/**
 * Reads argv (without `node` and the script) when it is `report release`; undefined for anything else,
 * which the general parser reads. Never throws.
 */
export function parseReportCommandLine(argv: readonly string[]): Outcome | undefined {
  const [first, second, ...rest] = argv;
  if (first !== "report" || second !== "release") return undefined;
  const spec = COMMANDS.find((candidate) => candidate.id === "report release");
  // The table and this parser ship together: a missing entry is a bug in the program, not in the call.
  if (spec === undefined) throw new Error("report release is missing from the command table");

  const error = (message: string): Outcome => ({ kind: "usage-error", message: `${spec.id}: ${message}`, command: spec });
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: {
        repo: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        format: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (thrown) {
    return { kind: "usage-error", message: explainParseError(thrown, spec), command: spec };
  }
  if (values.help === true) return { kind: "help", requested: true, command: spec };
  if (positionals.length > 0) return error(`unexpected argument ${quote(positionals[0] ?? "")}`);

  const { repo, from, to, format = "md" } = values as Record<string, string | undefined>;
  for (const [name, value] of [
    ["repo", repo],
    ["from", from],
    ["to", to],
    ["format", format],
  ] as const) {
    if (value === "") return error(`--${name} needs a value`);
  }
  if (repo === undefined) return error("--repo O/R is required");
  if (!REPO_PATTERN.test(repo)) return error(`--repo ${quote(repo)} is not owner/name`);
  if (from === undefined || to === undefined) return error("--from REF and --to REF are both required");
  for (const [name, ref] of [
    ["from", from],
    ["to", to],
  ] as const) {
    const problem = refProblem(ref);
    if (problem !== undefined) return error(`--${name} ${quote(ref)} is not a tag, branch or commit: it ${problem}`);
  }
  if (!isReportFormat(format)) return error(`--format ${quote(format)} is not one of ${REPORT_FORMATS.join(", ")}`);
  return { kind: "report release", repo, from, to, format };
}

function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}
