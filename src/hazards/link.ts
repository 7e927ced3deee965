/**
 * Linking pull requests to hazards: ids written in text, and hazards whose `code` globs a PR touches.
 */
import { compileGlobs } from "../core/match.js";
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
 * The hazards whose `code` globs match any of `files`, in the hazards' order. Globs are those of
 * core/glob.ts (dot files included, so `.github/**` works; matched in bounded time, as a PR's own branch
 * writes them); a glob starting with `!` excludes, as in the config's rules, so
 * `["src/dose/**", "!src/dose/*.md"]` ignores the notes beside the code. Hazards without globs never match.
 */
export function hazardsForFiles<H extends { code: readonly string[] }>(hazards: readonly H[], files: readonly string[]): CodeMatch<H>[] {
  const matches: CodeMatch<H>[] = [];
  for (const hazard of hazards) {
    if (!hazard.code.some((g) => !g.startsWith("!"))) continue;
    const match = compileGlobs(hazard.code);
    const hits = files.filter((f) => match(f) !== undefined);
    if (hits.length > 0) matches.push({ hazard, files: hits });
  }
  return matches;
}
