/**
 * Linking pull requests to hazards: ids written in text, and hazards whose `code` globs a PR touches.
 */
import picomatch from "picomatch";
import { idSearchPattern } from "./id-pattern.js";

/**
 * The hazard ids written in `text`, each once, in order of first appearance. Ids count only as whole
 * words (`XHAZ-007` is not `HAZ-007`) and are matched case-sensitively, as ids are stable strings.
 * @throws SyntaxError when `idPattern` is not a valid regular expression (the config schema rejects those).
 */
export function findHazardIds(text: string, idPattern: string): string[] {
  const ids = new Set<string>();
  for (const match of text.matchAll(idSearchPattern(idPattern))) {
    // A pattern that can match the empty string would otherwise "find" an id between every two words.
    if (match[0] !== "") ids.add(match[0]);
  }
  return [...ids];
}

/** A hazard whose code globs matched, with the files (in the order given) that matched them. */
export interface CodeMatch<H> {
  hazard: H;
  files: string[];
}

/**
 * The hazards whose `code` globs match any of `files`, in the hazards' order. Globs are picomatch with
 * `dot: true` (so `.github/**` works); a glob starting with `!` excludes, as in the config's rules, so
 * `["src/dose/**", "!src/dose/*.md"]` ignores the notes beside the code. Hazards without globs never match.
 */
export function hazardsForFiles<H extends { code: readonly string[] }>(
  hazards: readonly H[],
  files: readonly string[],
): CodeMatch<H>[] {
  const matches: CodeMatch<H>[] = [];
  for (const hazard of hazards) {
    const include = hazard.code.filter((g) => !g.startsWith("!"));
    const exclude = hazard.code.filter((g) => g.startsWith("!")).map((g) => g.slice(1));
    if (include.length === 0) continue;
    const isIncluded = picomatch(include, { dot: true });
    const isExcluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
    const hits = files.filter((f) => isIncluded(f) && !isExcluded(f));
    if (hits.length > 0) matches.push({ hazard, files: hits });
  }
  return matches;
}
