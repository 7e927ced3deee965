import type { z } from "zod";
import type { Problem } from "../core/types.js";
import { formatPath, type PathSegment } from "./path.js";

/** Where a path of the configuration was written: which file (when not the main one) and which line. */
export interface SourceLocation {
  file?: string;
  line?: number;
}

/** Maps a path of the configuration to where it was written (a bare number is a line in the main file). */
export type Locator = (path: readonly PathSegment[]) => SourceLocation | number | undefined;

const EXPECTED: Record<string, string> = {
  boolean: "true or false",
  string: "text",
  number: "a number",
  int: "a whole number",
  array: "a list",
  object: "a mapping (key: value)",
  record: "a mapping (key: value)",
};

/** How a YAML value is named in a message: the value itself when short, else its kind. */
export function describeValue(value: unknown): string {
  if (value === null) return "nothing";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string": {
      const quoted = JSON.stringify(value);
      return quoted.length > 42 ? `${quoted.slice(0, 40)}…"` : quoted;
    }
    case "number":
    case "boolean":
      return String(value);
    case "object":
      return "a mapping";
    default:
      return "a value of another kind";
  }
}

function typeMessage(issue: z.core.$ZodIssueInvalidType, path: PathSegment[]): string {
  const last = path[path.length - 1];
  if (issue.input === undefined) {
    return typeof last === "string" ? `missing required key "${last}"` : "missing value";
  }
  const expected = EXPECTED[issue.expected] ?? issue.expected;
  const got = describeValue(issue.input);
  // The commonest slip: `requires: cso` for `requires: [cso]`. Show the fix when it is unambiguous.
  if (issue.expected === "array" && typeof issue.input === "string") {
    const fix = issue.input.includes(",") ? "write the items in brackets: [a, b]" : `write [${got}]`;
    return `expected ${expected}, got ${got} (${fix})`;
  }
  return `expected ${expected}, got ${got}`;
}

/** Turns one zod issue into the problems a person reads (one per unknown key). */
function explain(issue: z.core.$ZodIssue): { path: PathSegment[]; message: string }[] {
  const path = issue.path.map((segment) => (typeof segment === "number" ? segment : String(segment)));
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key "${key}"` }));
    case "invalid_type":
      return [{ path, message: typeMessage(issue, path) }];
    case "invalid_key":
      // The key's own check carries the useful message ("is not a valid role id ...").
      return [{ path, message: issue.issues[0]?.message ?? issue.message }];
    default:
      return [{ path, message: issue.message }];
  }
}

/**
 * Converts schema issues into {@link Problem}s located in their file: every issue is kept (a person should
 * fix them all in one go), each gets its line when `locate` knows it, and they are ordered as they appear
 * in the files, the main file first.
 */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[], file: string, locate?: Locator): Problem[] {
  // A value of the wrong type can also fail checks that happen to apply to it (a string has a length
  // too); only the type problem is worth reading.
  const typeFailed = new Set(issues.filter((issue) => issue.code === "invalid_type").map((issue) => formatPath(issue.path)));
  const relevant = issues.filter((issue) => issue.code === "invalid_type" || !typeFailed.has(formatPath(issue.path)));
  const problems = relevant.flatMap(explain).map(({ path, message }): Problem => {
    const found = locate?.(path);
    const where: SourceLocation = typeof found === "number" ? { line: found } : (found ?? {});
    return {
      file: where.file ?? file,
      path: formatPath(path),
      ...(where.line === undefined ? {} : { line: where.line }),
      message,
    };
  });
  return sortProblems(problems, file);
}

/** Orders problems by file (the main file first, then as first seen) and by line; stable otherwise. */
export function sortProblems(problems: Problem[], mainFile: string): Problem[] {
  const rank = new Map<string, number>([[mainFile, 0]]);
  for (const problem of problems) if (!rank.has(problem.file)) rank.set(problem.file, rank.size);
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) =>
        (rank.get(a.problem.file) ?? 0) - (rank.get(b.problem.file) ?? 0) || (a.problem.line ?? 0) - (b.problem.line ?? 0) || a.index - b.index,
    )
    .map(({ problem }) => problem);
}
