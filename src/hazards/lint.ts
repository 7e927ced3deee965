/**
 * The hazard-log lint: everything wrong with a parsed hazard log, each problem with its line.
 *
 * Pure: it takes a parsed YAML document and returns values. The rules beyond the schema are the ones a
 * clinical safety officer would otherwise have to check by eye: ids that are unique and well formed,
 * ratings that agree with the matrix, a residual risk no worse than the initial one, a justification for
 * every closed hazard, and references that lead somewhere.
 */
import type { Document, LineCounter } from "yaml";
import type { Problem, RiskMatrix } from "../core/types.js";
import { anchoredIdPattern } from "./id-pattern.js";
import { createLocator, formatPath, type DocPath, type Locator } from "./locate.js";
import { DCB0129_MATRIX, rate, validateMatrix } from "./risk-matrix.js";
import { hazardEntrySchema, hazardLogOutlineSchema, type Hazard } from "./schema.js";
import { describe, schemaProblems } from "./schema-problems.js";

/** How the log is judged: the configured id pattern and, when the team replaced it, their risk matrix. */
export interface HazardLogOptions {
  /** Regular expression source every id must match in full, e.g. `HAZ-\d{3,}`. */
  idPattern: string;
  /** Defaults to {@link DCB0129_MATRIX}. */
  matrix?: RiskMatrix;
}

/** The entries that passed the schema, and every problem found (sorted by line). */
export interface LintResult {
  hazards: Hazard[];
  problems: Problem[];
}

/** An entry's raw id, kept even when the entry fails the schema so that id rules still see it. */
interface RawId {
  id: string;
  index: number;
}

/**
 * Lints a parsed hazard log. `lineCounter` must be the one given to `parseDocument` for `doc`.
 * YAML syntax errors are the caller's to report: this reads whatever the document holds.
 */
export function lintHazardDocument(doc: Document, lineCounter: LineCounter, file: string, opts: HazardLogOptions): LintResult {
  const locate = createLocator(doc, lineCounter);
  const problems: Problem[] = [];
  const report = (path: DocPath, message: string): void => {
    problems.push({ file, path: formatPath(path), line: locate(path), message });
  };

  const matrix = opts.matrix ?? DCB0129_MATRIX;
  const matrixProblems = validateMatrix(matrix);
  if (matrixProblems.length > 0) {
    // Without a usable matrix no hazard can be rated, so nothing below would mean anything.
    for (const p of matrixProblems) report([], `the risk matrix is unusable: ${p.path ? `${p.path} ` : ""}${p.message}`);
    return { hazards: [], problems };
  }

  let idRegExp: RegExp | undefined;
  try {
    idRegExp = anchoredIdPattern(opts.idPattern);
  } catch {
    report([], `the hazard id pattern ${JSON.stringify(opts.idPattern)} is not a valid regular expression`);
  }

  let root: unknown;
  try {
    root = doc.toJS();
  } catch (error) {
    // toJS refuses alias bombs (`maxAliasCount`); the log comes from a PR branch, so it is untrusted input.
    report([], `the hazard log cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    return { hazards: [], problems };
  }

  const entries = checkOutline(root, report);
  const hazards: Hazard[] = [];
  const indexes: number[] = []; // indexes[k] is the entry index of hazards[k]
  const rawIds: RawId[] = [];
  entries.forEach((entry, index) => {
    const base = ["hazards", index] as const;
    const rawId = (entry as { id?: unknown } | null)?.id;
    const id = typeof rawId === "string" && rawId.trim() !== "" ? rawId : undefined;
    if (id !== undefined) rawIds.push({ id, index });
    const parsed = hazardEntrySchema.safeParse(entry);
    if (!parsed.success) {
      const label = id ?? formatPath(base);
      problems.push(...schemaProblems(parsed.error.issues, entry, { file, base, label, locate }));
      return;
    }
    const h = parsed.data;
    hazards.push({
      ...h,
      initialRating: rate(h.initial.severity, h.initial.likelihood, matrix),
      residualRating: rate(h.residual.severity, h.residual.likelihood, matrix),
      line: locate(base) ?? 1,
    });
    indexes.push(index);
  });

  if (idRegExp) checkIdPattern(rawIds, idRegExp, opts.idPattern, report);
  checkDuplicateIds(rawIds, locate, report);
  const known = new Set(rawIds.map((r) => r.id));
  hazards.forEach((h, k) => checkHazard(h, indexes[k] ?? k, known, report));

  // Stable sort: problems on one line keep the order the rules found them in.
  problems.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  return { hazards, problems };
}

/** Checks the top level and returns the entries to check (none when there is no `hazards` list). */
function checkOutline(root: unknown, report: (path: DocPath, message: string) => void): unknown[] {
  if (root === null || root === undefined) {
    report([], `the hazard log is empty; write "hazards: []" if there are no hazards yet`);
    return [];
  }
  if (typeof root !== "object" || Array.isArray(root)) {
    report([], `the hazard log must be a mapping with a "hazards" list, not ${describe(root)}`);
    return [];
  }
  const outline = hazardLogOutlineSchema.safeParse(root);
  for (const issue of outline.success ? [] : outline.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) report([key], `unknown top-level field ${key}: only "hazards" is allowed`);
    }
  }
  const list = (root as { hazards?: unknown }).hazards;
  if (list === undefined) {
    report([], `the hazard log has no "hazards" list`);
    return [];
  }
  if (!Array.isArray(list)) {
    report(["hazards"], `hazards must be a list, not ${describe(list)}`);
    return [];
  }
  return list;
}

function checkIdPattern(rawIds: readonly RawId[], idRegExp: RegExp, idPattern: string, report: (path: DocPath, message: string) => void): void {
  for (const { id, index } of rawIds) {
    if (!idRegExp.test(id)) report(["hazards", index, "id"], `${id} does not match the hazard id pattern ${idPattern}`);
  }
}

function checkDuplicateIds(rawIds: readonly RawId[], locate: Locator, report: (path: DocPath, message: string) => void): void {
  const first = new Map<string, number>();
  for (const { id, index } of rawIds) {
    const firstIndex = first.get(id);
    if (firstIndex === undefined) {
      first.set(id, index);
      continue;
    }
    const where = locate(["hazards", firstIndex]);
    const at = where === undefined ? `hazards[${firstIndex}]` : `line ${where}`;
    report(["hazards", index, "id"], `${id} is a duplicate id: already used by the entry at ${at}`);
  }
}

/** The cross-field rules of one valid entry. */
function checkHazard(h: Hazard, index: number, known: ReadonlySet<string>, report: (path: DocPath, message: string) => void): void {
  const base = ["hazards", index] as const;
  for (const [which, derived] of [
    ["initial", h.initialRating],
    ["residual", h.residualRating],
  ] as const) {
    const risk = h[which];
    if (risk.rating !== undefined && risk.rating !== derived) {
      report(
        [...base, which, "rating"],
        `${h.id} ${which} rating ${risk.rating} disagrees with the risk matrix: ` + `${risk.severity} × ${risk.likelihood} is ${derived}`,
      );
    }
  }
  if (h.residualRating > h.initialRating) {
    report([...base, "residual"], `${h.id} residual rating ${h.residualRating} exceeds initial rating ${h.initialRating}`);
  }
  if (h.status === "closed" && (h.justification ?? "").trim() === "") {
    // Point at the justification when it is there but blank, else at the status that requires it.
    const where = h.justification === undefined ? "status" : "justification";
    report([...base, where], `${h.id} is closed without a justification`);
  }
  h.references.forEach((ref, j) => {
    if (ref === h.id) report([...base, "references", j], `${h.id} references itself`);
    else if (!known.has(ref)) report([...base, "references", j], `${h.id} references ${ref}, which is not in the hazard log`);
  });
}

/** A problem as the command line prints it: `file:line: message` (`file: message` when unlocated). */
export function formatProblem(p: Problem): string {
  return p.line === undefined ? `${p.file}: ${p.message}` : `${p.file}:${p.line}: ${p.message}`;
}
