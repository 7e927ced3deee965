/**
 * compileGlob and globProblem on globs from a PR's own branch: a glob is refused with a GlobError (the
 * contract) or compiled into a predicate that never throws, matching in bounded time.
 */
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { compileGlob, GLOB_LIMITS, GlobError, globProblem } from "../../src/core/glob.js";
import { anyText, BUDGET_MS, RUNS } from "./arbitraries.js";

/** Globs from glob syntax and path characters, long and short, so that the parser's corners are reached. */
const globish = fc
  .array(
    fc.constantFrom(
      "*",
      "**",
      "?",
      "[",
      "]",
      "!",
      "^",
      "-",
      "{",
      "}",
      ",",
      "\\",
      "/",
      "./",
      "a",
      "b",
      ".",
      "@(",
      "+(",
      ")",
      "|",
      "é",
      "😀",
      "\uD800",
      " ",
    ),
    {
      maxLength: 60,
    },
  )
  .map((parts) => parts.join(""));
const anyGlob = fc.oneof(globish, anyText);
const path = fc.oneof(
  fc.array(fc.constantFrom("a", "b", "ab", ".x", "é", "😀", "\uD800", "", "src", "**"), { maxLength: 6 }).map((parts) => parts.join("/")),
  anyText,
);

describe("compileGlob on random input", () => {
  it(
    "either refuses a glob with a GlobError, as globProblem says, or compiles it",
    () =>
      fc.assert(
        fc.property(anyGlob, (glob) => {
          const problem = globProblem(glob);
          let compiled: unknown;
          try {
            compiled = compileGlob(glob);
          } catch (error) {
            expect(error).toBeInstanceOf(GlobError);
            expect((error as GlobError).problem).toBe(problem);
            expect(problem?.trim()).not.toBe("");
            return;
          }
          expect(problem).toBeUndefined();
          expect(typeof compiled).toBe("function");
        }),
        RUNS,
      ),
    BUDGET_MS,
  );

  it(
    "a glob without problems compiles to a predicate that never throws, on any path",
    () =>
      fc.assert(
        fc.property(anyGlob, fc.array(path, { maxLength: 5 }), (glob, paths) => {
          fc.pre(globProblem(glob) === undefined);
          const match = compileGlob(glob);
          for (const p of paths) expect(typeof match(p)).toBe("boolean");
        }),
        RUNS,
      ),
    BUDGET_MS,
  );

  it(
    "a literal glob (no special characters) matches exactly itself",
    () =>
      fc.assert(
        fc.property(
          fc.string({
            unit: fc.constantFrom("a", "b", ".", "/", "-", "_", " ", "é", "😀", ")", "(", "!", "@", "+", "|", "]", "}", ","),
            maxLength: 40,
          }),
          path,
          (glob, other) => {
            fc.pre(!glob.startsWith("./") && !/[@!+*?]\(/.test(glob));
            const match = compileGlob(glob);
            expect(match(glob)).toBe(true);
            expect(match(other)).toBe(other === glob);
            expect(match(glob + "x")).toBe(false);
            expect(match("x" + glob)).toBe(false);
          },
        ),
        RUNS,
      ),
    BUDGET_MS,
  );
});

describe("compileGlob on hostile input", () => {
  const longPath = "a".repeat(10_000);

  it.each([
    ["*a*a*a…b at the length limit", ("*a".repeat(GLOB_LIMITS.length / 2 - 1) + "*b").slice(0, GLOB_LIMITS.length)],
    ["*/*/*/… at the length limit", "*/".repeat(GLOB_LIMITS.length / 2 - 1) + "*b"],
    ["**/a/**/a/… at the length limit", "**/a/".repeat(Math.floor(GLOB_LIMITS.length / 5))],
    ["?… at the length limit", "?".repeat(GLOB_LIMITS.length)],
    ["[a-z]… at the length limit", "[a-z]".repeat(Math.floor(GLOB_LIMITS.length / 5))],
    ["32 alternatives of stars", "{" + Array.from({ length: 32 }, () => "*a").join(",") + "}b"],
  ])(
    "%s matches long paths in bounded time",
    (_kind, glob) => {
      expect(glob.length).toBeLessThanOrEqual(GLOB_LIMITS.length);
      expect(globProblem(glob)).toBeUndefined();
      const match = compileGlob(glob);
      for (const p of [longPath, "a/".repeat(5_000) + "c", ("a".repeat(100) + "/").repeat(100)]) expect(match(p)).toBe(false);
    },
    BUDGET_MS,
  );

  it.each([
    ["one character over the length limit", "a".repeat(GLOB_LIMITS.length + 1), `is longer than ${GLOB_LIMITS.length} characters`],
    ["1 MB long", "*".repeat(1_000_000), `is longer than ${GLOB_LIMITS.length} characters`],
    ["braces multiplying past the limit", "{a,b}".repeat(6), `expands to more than ${GLOB_LIMITS.alternatives} alternatives`],
    ["nested braces multiplying past the limit", "{a,{b,{c,{d,{e,f}}}}}".repeat(3), `expands to more than ${GLOB_LIMITS.alternatives} alternatives`],
    [
      "33 alternatives in one brace",
      "{" + Array.from({ length: 33 }, (_, i) => String(i)).join(",") + "}",
      `expands to more than ${GLOB_LIMITS.alternatives} alternatives`,
    ],
    [
      "an extglob",
      "@(*|*)@(*|*)x",
      "uses an extglob such as @(…) or !(…), which is not supported: list the alternatives with {a,b} or as separate globs",
    ],
    ["an unclosed set", "src/[abc", "has a [ without its closing ]"],
    ["a lone backslash", "src\\", "ends with a lone backslash"],
  ])(
    "%s is refused with a clear problem",
    (_kind, glob, problem) => {
      expect(globProblem(glob)).toBe(problem);
      expect(() => compileGlob(glob)).toThrow(GlobError);
    },
    BUDGET_MS,
  );

  it.each([
    ["braces nested 120 deep", "{a,".repeat(120) + "b" + "}".repeat(120)],
    ["braces opened 256 times", "{".repeat(GLOB_LIMITS.length)],
    ["brackets opened 256 times", "[".repeat(GLOB_LIMITS.length)],
    ["backslashes", "\\".repeat(GLOB_LIMITS.length)],
    ["commas and braces", "{,}".repeat(Math.floor(GLOB_LIMITS.length / 3))],
    ["NUL and lone surrogates", "src/\0/\uD800*"],
  ])(
    "%s is refused or compiled, in bounded time",
    (_kind, glob) => {
      const problem = globProblem(glob);
      if (problem === undefined) expect(typeof compileGlob(glob)(longPath)).toBe("boolean");
      else expect(problem.trim()).not.toBe("");
    },
    BUDGET_MS,
  );
});
