/**
 * Path globs, matched in time that grows with the size of the glob times the size of the path, never
 * exponentially. Globs come from files people write (rule `paths` on the default branch, hazard `code`
 * globs on a PR's own branch), so a glob is untrusted input: a regular-expression translation (picomatch)
 * let `@(*|*)@(*|*)…x` against a 41-character path hold the event loop for 89 seconds, stopping the gate
 * for every repository. Here a glob is parsed into segments and matched with the greedy wildcard
 * algorithm, which backtracks only to the last `*` (or `**`), so the work is bounded by
 * (glob length × path length) whatever the input.
 *
 * The syntax is the common subset of picomatch with `dot: true` that path globs use:
 * - `*` any run of characters within one path segment (dot files included), `?` one such character;
 * - `**` as a whole segment: any number of segments, none included (`src/**` matches `src` and below it);
 * - `[abc]`, `[a-z]`, `[!a]` / `[^a]` one character of (or not of) a set; `\x` the character `x` itself;
 * - `{a,b}` alternatives, nested, at most {@link GLOB_LIMITS}.alternatives in all;
 * - a leading `./` is ignored.
 * Extglobs (`@(…)`, `!(…)`, `+(…)`, `*(…)`, `?(…)`) are refused with a clear problem, not matched.
 * A leading `!` (exclusion) is the caller's business: see {@link compileGlobs} in match.ts.
 */

/** Bounds on one glob, so that what a glob can cost is known before it is used. */
export const GLOB_LIMITS = { length: 256, alternatives: 32 } as const;

type Unit = { kind: "char"; c: string } | { kind: "any" } | { kind: "set"; negate: boolean; ranges: [string, string][] } | { kind: "star" };
/** One segment of a glob: `**`, or the units that must match one path segment. */
type Segment = { kind: "globstar" } | { kind: "units"; units: Unit[] };

/** A glob that cannot be used, with what is wrong in words a person can act on. */
export class GlobError extends Error {
  constructor(
    readonly glob: string,
    readonly problem: string,
  ) {
    super(`glob ${JSON.stringify(glob)} ${problem}`);
    this.name = "GlobError";
  }
}

const EXTGLOB = /[@!+*?]\(/;

/** Why `glob` cannot be used (without a leading `!`), or undefined when it can. */
export function globProblem(glob: string): string | undefined {
  try {
    compileGlob(glob);
    return undefined;
  } catch (error) {
    if (error instanceof GlobError) return error.problem;
    throw error;
  }
}

/**
 * Compiles one glob (without a leading `!`) into a predicate on repository paths.
 * @throws {GlobError} when the glob is too long, has too many alternatives, uses extglobs or is malformed
 */
export function compileGlob(glob: string): (path: string) => boolean {
  if (glob.length > GLOB_LIMITS.length) throw new GlobError(glob.slice(0, 40) + "…", `is longer than ${GLOB_LIMITS.length} characters`);
  if (EXTGLOB.test(glob.replace(/\\./g, ""))) {
    throw new GlobError(glob, "uses an extglob such as @(…) or !(…), which is not supported: list the alternatives with {a,b} or as separate globs");
  }
  const alternatives = expandBraces(glob).map((raw) => {
    const alt = raw.startsWith("./") ? raw.slice(2) : raw;
    return { ...literalEnds(alt), segments: parseSegments(glob, alt) };
  });
  return (path) => {
    let parts: string[] | undefined;
    for (const a of alternatives) {
      // Most paths are refused by a glob's literal start or end alone (`src/dose/**`, `**/*.md`): a string
      // comparison, before any splitting or matching.
      if (!path.startsWith(a.prefix) || !path.endsWith(a.suffix) || path.length < a.prefix.length + a.suffix.length) continue;
      parts ??= path.split("/");
      if (matchSegments(a.segments, parts)) return true;
    }
    return false;
  };
}

const SPECIAL = /[*?[\\{]/;

/**
 * The text every match must start and end with: the glob's characters before its first and after its last
 * special one. A trailing `/**` also matches the directory itself (`src/**` matches `src`), so the slash
 * before a globstar is not part of the prefix.
 */
function literalEnds(alt: string): { prefix: string; suffix: string } {
  const first = alt.search(SPECIAL);
  if (first < 0) return { prefix: alt, suffix: "" };
  let prefix = alt.slice(0, first);
  if (alt.startsWith("**", first) && prefix.endsWith("/")) prefix = prefix.slice(0, -1);
  let last = -1;
  for (let i = alt.length - 1; i >= 0; i--) {
    if (SPECIAL.test(alt[i] as string) || alt[i] === "]") {
      last = i;
      break;
    }
  }
  const suffix = alt.slice(last + 1);
  // A slash in the suffix may belong to a globstar that matches nothing (`**/x` matches `x`): keep only
  // what follows the last one.
  return { prefix, suffix: suffix.slice(suffix.lastIndexOf("/") + 1) };
}

/** `a/{b,c{d,e}}` → `a/b`, `a/cd`, `a/ce`. A brace without a comma is literal. */
function expandBraces(glob: string): string[] {
  let results = [""];
  let i = 0;
  while (i < glob.length) {
    const ch = glob[i] as string;
    if (ch === "\\" && i + 1 < glob.length) {
      results = results.map((r) => r + glob.slice(i, i + 2));
      i += 2;
      continue;
    }
    if (ch === "{") {
      const group = braceGroup(glob, i);
      if (group) {
        const options = group.options.flatMap((o) => expandBraces(o));
        const next: string[] = [];
        for (const r of results) for (const o of options) next.push(r + o);
        if (next.length > GLOB_LIMITS.alternatives) throw new GlobError(glob, `expands to more than ${GLOB_LIMITS.alternatives} alternatives`);
        results = next;
        i = group.end + 1;
        continue;
      }
    }
    results = results.map((r) => r + ch);
    i += 1;
  }
  return results;
}

/** The top-level comma-separated options of the brace group opening at `start`, or undefined if none. */
function braceGroup(glob: string, start: number): { options: string[]; end: number } | undefined {
  let depth = 0;
  const commas: number[] = [];
  for (let i = start; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === "\\") {
      i++;
    } else if (ch === "{") {
      depth++;
    } else if (ch === "}") {
      depth--;
      if (depth === 0) {
        if (commas.length === 0) return undefined;
        const bounds = [start, ...commas, i];
        return { options: bounds.slice(1).map((end, k) => glob.slice((bounds[k] as number) + 1, end)), end: i };
      }
    } else if (ch === "," && depth === 1) {
      commas.push(i);
    }
  }
  return undefined;
}

function parseSegments(glob: string, alt: string): Segment[] {
  return splitSegments(alt).map((seg): Segment => (seg === "**" ? { kind: "globstar" } : { kind: "units", units: parseUnits(glob, seg) }));
}

/** Splits on `/`, except inside `[…]` and after `\`. */
function splitSegments(alt: string): string[] {
  const segments: string[] = [];
  let current = "";
  for (let i = 0; i < alt.length; i++) {
    const ch = alt[i] as string;
    if (ch === "\\" && i + 1 < alt.length) {
      current += alt.slice(i, i + 2);
      i++;
    } else if (ch === "/") {
      segments.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  segments.push(current);
  return segments;
}

function parseUnits(glob: string, text: string): Unit[] {
  // By code point, as the path is matched, so a character outside the BMP is one unit, not two.
  const seg = [...text];
  const units: Unit[] = [];
  for (let i = 0; i < seg.length; i++) {
    const ch = seg[i] as string;
    if (ch === "\\") {
      const next = seg[i + 1];
      if (next === undefined) throw new GlobError(glob, "ends with a lone backslash");
      units.push({ kind: "char", c: next });
      i++;
    } else if (ch === "*") {
      // `**` inside a segment (`a**b`) is a plain `*`; consecutive stars are one.
      if (units.at(-1)?.kind !== "star") units.push({ kind: "star" });
    } else if (ch === "?") {
      units.push({ kind: "any" });
    } else if (ch === "[") {
      const set = parseSet(glob, seg, i);
      units.push(set.unit);
      i = set.end;
    } else {
      units.push({ kind: "char", c: ch });
    }
  }
  return units;
}

function parseSet(glob: string, seg: readonly string[], start: number): { unit: Unit; end: number } {
  let i = start + 1;
  const negate = seg[i] === "!" || seg[i] === "^";
  if (negate) i++;
  const ranges: [string, string][] = [];
  let first = true;
  while (i < seg.length && (seg[i] !== "]" || first)) {
    first = false;
    let lo = seg[i] as string;
    if (lo === "\\" && i + 1 < seg.length) lo = seg[++i] as string;
    if (seg[i + 1] === "-" && i + 2 < seg.length && seg[i + 2] !== "]") {
      let hi = seg[i + 2] as string;
      i += 2;
      if (hi === "\\" && i + 1 < seg.length) hi = seg[++i] as string;
      if (hi < lo) throw new GlobError(glob, `has a character range [${lo}-${hi}] whose end comes before its start`);
      ranges.push([lo, hi]);
    } else {
      ranges.push([lo, lo]);
    }
    i++;
  }
  if (i >= seg.length) throw new GlobError(glob, "has a [ without its closing ]");
  return { unit: { kind: "set", negate, ranges }, end: i };
}

function matchUnit(unit: Exclude<Unit, { kind: "star" }>, c: string): boolean {
  switch (unit.kind) {
    case "char":
      return unit.c === c;
    case "any":
      return true;
    case "set":
      return unit.ranges.some(([lo, hi]) => c >= lo && c <= hi) !== unit.negate;
  }
}

/**
 * The greedy wildcard match, generic over what a "star" is and how one item matches: on a mismatch it
 * returns to the last star and lets it take one more item, never to an earlier star (a later star can
 * take anything an earlier one could give up), so it does at most (pattern × subject) comparisons.
 */
function wildcardMatch<P, S>(pattern: readonly P[], subject: ArrayLike<S>, isStar: (p: P) => boolean, one: (p: P, s: S) => boolean): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < subject.length) {
    const unit = pattern[p];
    if (unit !== undefined && isStar(unit)) {
      starP = p++;
      starS = s;
    } else if (unit !== undefined && one(unit, subject[s] as S)) {
      p++;
      s++;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (p < pattern.length && isStar(pattern[p] as P)) p++;
  return p === pattern.length;
}

const SURROGATE = /[\uD800-\uDFFF]/;

function matchSegment(units: readonly Unit[], segment: string): boolean {
  // By code point; a string without surrogates is its own array of code points, without a copy.
  const chars: ArrayLike<string> = SURROGATE.test(segment) ? [...segment] : segment;
  return wildcardMatch(
    units,
    chars,
    (u) => u.kind === "star",
    (u, c) => matchUnit(u as Exclude<Unit, { kind: "star" }>, c),
  );
}

function matchSegments(segments: readonly Segment[], parts: readonly string[]): boolean {
  return wildcardMatch(
    segments,
    parts,
    (g) => g.kind === "globstar",
    (g, part) => g.kind === "units" && matchSegment(g.units, part),
  );
}
