/**
 * Generators of untrusted text for the parsers' property tests, and the checks every parser's problems
 * must pass. fast-check prints the seed and the shrunk counterexample of a failure; re-run one with
 * `fc.assert(property, { seed, path })` as printed.
 */
import { expect } from "@jest/globals";
import fc from "fast-check";
import { stringify } from "yaml";
import type { Problem } from "../../src/core/types.js";

/** Runs per property: enough to find the bugs below, few enough for the suite to stay within seconds. */
export const RUNS = { numRuns: 200 } as const;

/**
 * One seed for every run of the suite, so that CI passes or fails on the code, not on the draw: a seed that
 * once found a bug is a regression test from then on. `FC_SEED=random npm test` explores new inputs (and
 * prints the seed of any failure, to fix and then keep).
 */
const seed = process.env.FC_SEED;
if (seed !== "random") fc.configureGlobal({ seed: seed === undefined ? 20261203 : Number(seed) });

/** Per-test timeout: every case must finish well inside it; a hang or a minutes-long parse is a bug. */
export const BUDGET_MS = 20_000;

/** A UTF-16 code unit alone, surrogate halves included: what JavaScript strings can hold but UTF-8 cannot. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => String.fromCharCode(n));

/** Bytes as GitHub might hand them over: decoded as UTF-8, invalid sequences becoming U+FFFD. */
export const decodedBytes = fc.uint8Array({ maxLength: 300 }).map((bytes) => new TextDecoder("utf-8").decode(bytes));

/** Any text: full Unicode, lone surrogates, control characters (NUL included), decoded random bytes. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: codeUnit, maxLength: 200 }),
  fc.string({ unit: fc.oneof(fc.constantFrom("\0", "\n", "\r", "\t", " ", "\uFEFF", "\u2028"), loneSurrogate, codeUnit), maxLength: 100 }),
  fc.string({ unit: "grapheme", maxLength: 100 }),
  decodedBytes,
);

/** Text built from the pieces of YAML syntax, so that it gets past the lexer into the parser's corners. */
export function yamlish(words: readonly string[]): fc.Arbitrary<string> {
  const pieces = [
    ...words,
    "-",
    " ",
    "  ",
    ":",
    ": ",
    "\n",
    "\n  ",
    "\n- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: ",
    "!!str ",
    "!!map ",
    "!tag ",
    "#",
    "'",
    '"',
    "? ",
    "|\n",
    ">-\n",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "\t",
    "\0",
    "\\",
    "~",
    "null",
    "true",
    "1",
    "-1.5e3",
    "0x1F",
    "2026-01-01",
    "\uFFFD",
    "\uD800",
  ];
  return fc.array(fc.constantFrom(...pieces), { maxLength: 80 }).map((parts) => parts.join(""));
}

/** Random JSON-like data written out as YAML (by yaml itself, so always valid YAML). */
export const jsonAsYaml: fc.Arbitrary<string> = fc
  .oneof(fc.jsonValue({ maxDepth: 4 }), fc.object({ maxDepth: 3 }))
  .map((value) => stringify(value, { aliasDuplicateObjects: false }));

/** A mapping of random JSON-like values under the given top-level keys, written out as YAML. */
export function mappingAsYaml(keys: readonly string[]): fc.Arbitrary<string> {
  return fc
    .dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 })
    .map((value) => stringify(value, { aliasDuplicateObjects: false }));
}

/** The number of lines of a text as yaml's LineCounter counts them: only \n ends a line. */
function lineCount(text: string): number {
  return text.split("\n").length;
}

/**
 * A refusal a person can act on: at least one problem, each in `file`, with a path, a message that says
 * something, and a line (1-based, inside the file) when it has one — always when `lineRequired` says so.
 */
export function expectWellFormedProblems(
  problems: readonly Problem[],
  file: string,
  text: string,
  lineRequired: (p: Problem) => boolean = () => false,
): void {
  expect(problems.length).toBeGreaterThan(0);
  const lines = lineCount(text);
  // One expect for all (a log can have 20,000 problems), naming every problem that is not well formed.
  const malformed = problems.filter(
    (p) =>
      p.file !== file ||
      typeof p.path !== "string" ||
      typeof p.message !== "string" ||
      p.message.trim() === "" ||
      ((p.line !== undefined || lineRequired(p)) && !(Number.isInteger(p.line) && (p.line as number) >= 1 && (p.line as number) <= lines)),
  );
  expect(malformed).toEqual([]);
}

/** YAML's billion laughs, `levels` deep: each level's list holds ten aliases of the level before. */
export function billionLaughs(levels: number, indent = ""): string {
  const name = (i: number) => `l${i}`;
  const lines = [`${indent}${name(0)}: &${name(0)} [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let i = 1; i < levels; i++)
    lines.push(
      `${indent}${name(i)}: &${name(i)} [${Array(10)
        .fill(`*${name(i - 1)}`)
        .join(", ")}]`,
    );
  return lines.join("\n") + "\n";
}
