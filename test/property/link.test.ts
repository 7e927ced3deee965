/**
 * findHazardIds on PR titles, bodies and commit messages (anyone's text): it returns whole ids matching the
 * pattern, each once, finds every id written as a word, and throws only a SyntaxError on a bad pattern.
 */
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { findHazardIds } from "../../src/hazards/link.js";
import { anyText, BUDGET_MS, RUNS } from "./arbitraries.js";

const PATTERN = "HAZ-\\d{3,}";
const id = fc.integer({ min: 0, max: 99_999 }).map((n) => `HAZ-${String(n).padStart(3, "0")}`);
/** Text with ids in it, glued to letters, digits and punctuation, so that the word boundaries are tested. */
const textWithIds = fc
  .array(fc.oneof(id, anyText, fc.constantFrom("X", "_", "1", " ", "-", "HAZ-", "HAZ-12", "(", ")", ".", "\n", "é")), { maxLength: 20 })
  .map((parts) => parts.join(""));

describe("findHazardIds on random input", () => {
  it(
    "returns only whole ids matching the pattern, each once, each written in the text",
    () =>
      fc.assert(
        fc.property(fc.oneof(anyText, textWithIds), (text) => {
          const ids = findHazardIds(text, PATTERN);
          expect(new Set(ids).size).toBe(ids.length);
          for (const found of ids) {
            expect(found).toMatch(/^HAZ-\d{3,}$/);
            expect(text).toContain(found);
          }
        }),
        RUNS,
      ),
    BUDGET_MS,
  );

  it(
    "finds every id written as a word, in order of first appearance",
    () =>
      fc.assert(
        fc.property(fc.array(fc.tuple(textWithIds, id), { maxLength: 6 }), (pieces) => {
          const text = pieces.map(([noise, written]) => `${noise} ${written} `).join("");
          const ids = findHazardIds(text, PATTERN);
          for (const [, written] of pieces) expect(ids).toContain(written);
          // Without ids in the noise, the ids found are exactly those written, in order, each once.
          fc.pre(pieces.every(([noise]) => findHazardIds(noise + " ", PATTERN).length === 0 && !/HAZ-\d*$/.test(noise)));
          expect(ids).toEqual([...new Set(pieces.map(([, written]) => written))]);
        }),
        RUNS,
      ),
    BUDGET_MS,
  );

  it(
    "on any pattern, returns strings or throws a SyntaxError (the contract), nothing else",
    () =>
      fc.assert(
        fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 40 }), (pattern, text) => {
          try {
            for (const found of findHazardIds(text, pattern)) {
              expect(typeof found).toBe("string");
              expect(found).not.toBe("");
            }
          } catch (error) {
            expect(error).toBeInstanceOf(SyntaxError);
          }
        }),
        RUNS,
      ),
    BUDGET_MS,
  );
});

describe("findHazardIds on hostile input", () => {
  it.each([
    ["5 MB of text without ids", "x".repeat(5_000_000), 0],
    ["1 MB of HAZ- prefixes", "HAZ-".repeat(250_000), 0],
    ["an id 1,000,000 digits long", "HAZ-" + "1".repeat(1_000_000), 1],
    ["100,000 distinct ids", Array.from({ length: 100_000 }, (_, i) => `HAZ-${100_000 + i}`).join(" "), 100_000],
    ["100,000 copies of one id", "HAZ-001 ".repeat(100_000), 1],
    ["ids glued to letters", "XHAZ-001 HAZ-001X HAZ-001_ _HAZ-001 ".repeat(10_000), 0],
    ["NUL and lone surrogates around ids", "\0HAZ-001\0\uD800HAZ-002\uDC00", 2],
  ])(
    "%s give a bounded result",
    (_kind, text, count) => {
      const ids = findHazardIds(text, PATTERN);
      expect(ids).toHaveLength(count);
      expect(ids.filter((found) => !/^HAZ-\d{3,}$/.test(found))).toEqual([]);
    },
    BUDGET_MS,
  );
});
