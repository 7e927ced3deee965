/**
 * Turns zod's issues for one hazard entry into problems a clinical safety officer can act on.
 *
 * zod's own messages ("Invalid option: expected one of …") name neither the hazard nor the value written;
 * these say which hazard, which field, what was written and what is allowed, e.g.
 * `HAZ-003 residual.severity "majr" is not one of minor, …, catastrophic (did you mean "major"?)`.
 */
import type { z } from "zod";
import type { Problem } from "../core/types.js";
import { formatPath, type DocPath, type Locator } from "./locate.js";
import { additionalControlSchema, hazardEntrySchema, riskSchema } from "./schema.js";

/** Where the entry is and how to name it in messages. */
export interface EntryContext {
  file: string;
  /** Path of the entry in the document, e.g. `["hazards", 2]`. */
  base: DocPath;
  /** The hazard id when the entry has a usable one, otherwise its path (`hazards[2]`). */
  label: string;
  locate: Locator;
}

/** One problem per issue (per key, for unknown keys), located at the offending node. */
export function schemaProblems(issues: readonly z.core.$ZodIssue[], entry: unknown, ctx: EntryContext): Problem[] {
  const problems: Problem[] = [];
  const add = (rel: DocPath, message: string): void => {
    const path = [...ctx.base, ...rel];
    problems.push({ file: ctx.file, path: formatPath(path), line: ctx.locate(path), message });
  };

  for (const issue of issues) {
    const rel = issue.path.filter((s): s is string | number => typeof s !== "symbol");
    const field = formatPath(rel);
    const value = valueAt(entry, rel);

    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const hint = suggest(key, knownFields(rel));
        add([...rel, key], `${ctx.label} has unknown field ${formatPath([...rel, key])}${hint}`);
      }
    } else if (rel.length === 0) {
      // The entry itself is not a mapping (a bare string, a list): nothing inside it can be checked.
      add(rel, `${ctx.label} must be a mapping of hazard fields, not ${describe(value)}`);
    } else if (value === undefined) {
      // Whatever the field's type (text, enum, date), an absent required field is reported as absent.
      add(rel, `${ctx.label} is missing required field ${field}`);
    } else if (value === null) {
      add(rel, `${ctx.label} ${field} has no value`);
    } else if (issue.code === "invalid_value") {
      const allowed = issue.values.map(String);
      const hint = typeof value === "string" ? suggest(value, allowed) : "";
      add(rel, `${ctx.label} ${field} ${describe(value)} is not one of ${allowed.join(", ")}${hint}`);
    } else if (issue.code === "invalid_type") {
      add(rel, `${ctx.label} ${field} must be ${expectation(issue.expected)}, not ${describe(value)}`);
    } else if (issue.code === "custom") {
      // The schema's refinements carry complete requirements ("must be a date written YYYY-MM-DD").
      const written = typeof value === "string" && value.trim() === "" ? "" : `, not ${describe(value)}`;
      add(rel, `${ctx.label} ${field} ${issue.message}${written}`);
    } else {
      add(rel, `${ctx.label} ${field}: ${issue.message}`);
    }
  }
  return problems;
}

/** The plain value at a path inside an entry, or undefined when the path leads nowhere. */
function valueAt(root: unknown, path: DocPath): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** The field names allowed in the object at `path`, for "did you mean" hints on unknown fields. */
function knownFields(path: DocPath): string[] {
  if (path.length === 0) return Object.keys(hazardEntrySchema.shape);
  if (path.length === 1 && (path[0] === "initial" || path[0] === "residual")) return Object.keys(riskSchema.shape);
  if (path.length === 2 && path[0] === "additional_controls") return Object.keys(additionalControlSchema.shape);
  return [];
}

function expectation(expected: string): string {
  switch (expected) {
    case "string":
      return "text";
    case "array":
      return "a list";
    case "object":
      return "a mapping";
    default:
      return `a ${expected}`;
  }
}

/** How a written value is shown back to its author. */
export function describe(value: unknown): string {
  if (value === undefined || value === null) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return `a ${typeof value}`;
}

/** ` (did you mean "x"?)` when exactly one candidate is a likely typo of `word`, else an empty string. */
export function suggest(word: string, candidates: readonly string[]): string {
  const lower = word.toLowerCase();
  // Up to a third of the word may differ: catches `majr`, `very low`, `justfication`, not unrelated words.
  const limit = Math.max(1, Math.floor(word.length / 3));
  const close = candidates.filter((c) => editDistance(lower, c.toLowerCase()) <= limit);
  return close.length === 1 ? ` (did you mean "${close[0]}"?)` : "";
}

/** Levenshtein distance, two rows at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
