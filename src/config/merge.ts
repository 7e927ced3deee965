import type { SourceLocation } from "./issues.js";
import type { PathSegment } from "./path.js";
import type { LineLocator } from "./yaml-source.js";

/** One file of an `_extends` chain, read into plain data. */
export interface MergeSource {
  /** How problems name the file. */
  file: string;
  value: Record<string, unknown>;
  lineOf: LineLocator;
}

/** The merged data of a chain, and where each of its paths was written. */
export interface Merged {
  value: Record<string, unknown>;
  locate: (path: readonly PathSegment[]) => SourceLocation;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Merges `override` onto `base`: mappings key by key, everything else (lists included) replaced whole.
 * Lists are replaced rather than concatenated (unlike Probot's default) because a repository that lists
 * its own `rules` or `checklist` means exactly those, not those plus the organisation's.
 */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isObj(base) || !isObj(override)) return override;
  const merged: Obj = { ...base };
  for (const [key, value] of Object.entries(override)) {
    merged[key] = Object.hasOwn(base, key) ? deepMerge(base[key], value) : value;
  }
  return merged;
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let node = value;
  for (const segment of path) {
    if (isObj(node)) node = Object.hasOwn(node, String(segment)) ? node[String(segment)] : undefined;
    else if (Array.isArray(node) && typeof segment === "number") node = node[segment];
    else return undefined;
  }
  return node;
}

function hasStep(node: unknown, segment: PathSegment): boolean {
  if (isObj(node)) return Object.hasOwn(node, String(segment));
  return Array.isArray(node) && typeof segment === "number" && segment >= 0 && segment < node.length;
}

/**
 * Merges a chain of files, highest priority (the extending file) first, and keeps the way back from a
 * path of the merged data to the file and line it came from, so that a problem names the file to fix.
 */
export function mergeSources(sources: readonly MergeSource[]): Merged {
  const value = sources.reduceRight<unknown>((merged, source) => deepMerge(merged, source.value), {}) as Obj;
  return { value, locate: (path) => locate(sources, path) };
}

function locate(sources: readonly MergeSource[], path: readonly PathSegment[]): SourceLocation {
  // The sources that contribute to the merged node at the current prefix, highest priority first.
  let contributors = [...sources];
  for (let depth = 0; depth < path.length; depth++) {
    const prefix = path.slice(0, depth);
    contributors = mergedContributors(contributors, prefix);
    const segment = path[depth] as PathSegment;
    const next = contributors.filter((source) => hasStep(valueAt(source.value, prefix), segment));
    if (next.length === 0) break;
    contributors = next;
  }
  const winner = contributors[0];
  if (winner === undefined) return {};
  const line = winner.lineOf(path);
  return line === undefined ? { file: winner.file } : { file: winner.file, line };
}

/**
 * Of the sources holding a node at `prefix`, those whose node survives in the merge: the winner alone
 * when its node is not a mapping (it replaces the rest), else the run of mappings up to the first source
 * whose node is not one (that node replaced everything below it before the mappings above were merged).
 */
function mergedContributors(sources: MergeSource[], prefix: readonly PathSegment[]): MergeSource[] {
  const run: MergeSource[] = [];
  for (const source of sources) {
    const node = valueAt(source.value, prefix);
    if (!isObj(node)) {
      if (run.length === 0) run.push(source);
      break;
    }
    run.push(source);
  }
  return run;
}
