import { describe, expect, it } from "@jest/globals";
import { CUT_NOTE, fitWithin } from "../../../src/render/fit.js";
import { capped, clip, codeList, formatTime, plural, shortSha } from "../../../src/render/text.js";

describe("text helpers", () => {
  it.each([
    ["short", 10, "short"],
    ["exactly ten", 11, "exactly ten"],
    ["a long sentence", 6, "a lon…"],
    ["two\nlines", 20, "two lines"],
  ])("clip(%j, %d) → %j", (text, max, expected) => {
    expect(clip(text, max)).toBe(expected);
  });

  it.each([
    ["9f8e7d6c5b4a39281706f5e4d3c2b1a098765432", "`9f8e7d6`"],
    ["ABCDEF1", "`ABCDEF1`"],
    ["not-a-sha`", "`` not-a-sha` ``"],
  ])("shortSha(%s) → %s", (sha, expected) => {
    expect(shortSha(sha)).toBe(expected);
  });

  it.each([
    ["2026-03-02T14:05:09Z", "2026-03-02 14:05 UTC"],
    ["2026-03-02T15:05:09+01:00", "2026-03-02 14:05 UTC"],
    ["yesterday <b>", "yesterday &lt;b&gt;"],
  ])("formatTime(%s) → %s", (iso, expected) => {
    expect(formatTime(iso)).toBe(expected);
  });

  it.each([
    [1, "1 file"],
    [0, "0 files"],
    [2, "2 files"],
  ])("plural(%d)", (n, expected) => {
    expect(plural(n, "file")).toBe(expected);
  });

  it("capped says how many were left out", () => {
    expect(capped([1, 2, 3, 4], 2, String, (n) => `and ${n} more`)).toEqual(["1", "2", "and 2 more"]);
    expect(capped([1, 2], 2, String, (n) => `and ${n} more`)).toEqual(["1", "2"]);
  });

  it("codeList caps ids", () => {
    expect(codeList(["a", "b", "c"], 2)).toBe("`a`, `b` and 1 more");
  });
});

describe("fitWithin", () => {
  it("uses the most generous caps that fit", () => {
    const seen: number[] = [];
    const out = fitWithin(100, (caps) => {
      seen.push(caps.items);
      return "x".repeat(caps.items * 5);
    });
    expect(seen).toEqual([50, 10]);
    expect(out).toHaveLength(50);
  });

  it("cuts at a line when nothing fits, and says so", () => {
    const out = fitWithin(200, () => Array.from({ length: 100 }, (_, i) => `line ${i}`).join("\n"));
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out.endsWith(CUT_NOTE)).toBe(true);
    expect(out.slice(0, -CUT_NOTE.length)).toMatch(/line \d+$/);
  });
});
