import { describe, expect, it } from "@jest/globals";
import { CUT_NOTE, fitWithin, prefixWithin, sizeOf, type SizeUnit } from "../../../src/render/fit.js";

const EMOJI = "\u{1F48A}"; // 💊: two UTF-16 code units, four UTF-8 bytes

/** True when `s` survives UTF-8 encoding unchanged, i.e. has no half of a surrogate pair. */
const wellFormed = (s: string) => Buffer.from(s, "utf8").toString("utf8") === s;

describe("sizeOf", () => {
  it.each<[string, SizeUnit, number]>([
    ["abc", "chars", 3],
    ["abc", "bytes", 3],
    ["Über", "chars", 4],
    ["Über", "bytes", 5],
    ["–", "bytes", 3],
    ["小児", "bytes", 6],
    [EMOJI, "chars", 2],
    [EMOJI, "bytes", 4],
  ])("%j in %s is %d", (text, unit, size) => {
    expect(sizeOf(text, unit)).toBe(size);
  });
});

describe("prefixWithin: the longest prefix that fits, never splitting a character", () => {
  it.each<[string, string, number, SizeUnit, number]>([
    ["ASCII, chars", "abcdef", 4, "chars", 4],
    ["ASCII, bytes", "abcdef", 4, "bytes", 4],
    ["everything fits", "abc", 10, "bytes", 3],
    ["nothing fits", "abc", 0, "chars", 0],
    ["a 2-byte character does not fit in 1 byte", "Ü", 1, "bytes", 0],
    ["a 2-byte character is kept whole", "aÜb", 2, "bytes", 1],
    ["…or taken whole", "aÜb", 3, "bytes", 2],
    ["a 3-byte dash is not split", "–x", 2, "bytes", 0],
    ["a 4-byte character is not split (3 bytes)", `${EMOJI}x`, 3, "bytes", 0],
    ["a 4-byte character is taken whole", `${EMOJI}x`, 4, "bytes", 2],
    ["a surrogate pair is not split (chars)", `a${EMOJI}`, 2, "chars", 1],
    ["a surrogate pair is taken whole (chars)", `a${EMOJI}b`, 3, "chars", 3],
  ])("%s", (_name, text, max, unit, expected) => {
    const n = prefixWithin(text, max, unit);
    expect(n).toBe(expected);
    expect(sizeOf(text.slice(0, n), unit)).toBeLessThanOrEqual(max);
    expect(wellFormed(text.slice(0, n))).toBe(true);
  });
});

describe("fitWithin counts in the unit it is given", () => {
  // 50 "Ü" are 50 characters but 100 bytes.
  it.each<[SizeUnit, number, number]>([
    ["chars", 99, 50],
    ["bytes", 100, 50],
    ["bytes", 99, 10],
  ])("in %s with a limit of %d, uses the caps with %d items", (unit, limit, items) => {
    const out = fitWithin(limit, (caps) => "Ü".repeat(caps.items), unit);
    expect(out).toBe("Ü".repeat(items));
  });

  it("defaults to characters (comment bodies)", () => {
    expect(fitWithin(60, (caps) => "Ü".repeat(caps.items))).toHaveLength(50);
  });

  it("cuts non-ASCII lines to the byte limit at a line boundary, and says so", () => {
    const lines = Array.from({ length: 200 }, (_, i) => `Überdosierung – Kinderdosis ${i}`);
    const out = fitWithin(1000, () => lines.join("\n"), "bytes");
    expect(out.length).toBeLessThanOrEqual(1000); // true of the old code too…
    expect(Buffer.byteLength(out, "utf8")).toBeLessThanOrEqual(1000); // …but this was not
    expect(out.endsWith(CUT_NOTE)).toBe(true);
    expect(out.slice(0, -CUT_NOTE.length)).toMatch(/Kinderdosis \d+$/);
  });

  it.each<SizeUnit>(["chars", "bytes"])("never splits a character when it must cut inside a line (%s)", (unit) => {
    for (let limit = CUT_NOTE.length + 100; limit < CUT_NOTE.length + 120; limit++) {
      const out = fitWithin(limit, () => `x${EMOJI.repeat(500)}`, unit);
      expect(sizeOf(out, unit)).toBeLessThanOrEqual(limit);
      expect(out.endsWith(CUT_NOTE)).toBe(true);
      expect(wellFormed(out)).toBe(true);
    }
  });

  it("stays within a limit smaller than its own note", () => {
    const out = fitWithin(10, () => "Ü".repeat(1000), "bytes");
    expect(out).toBe("Ü".repeat(5));
  });
});
