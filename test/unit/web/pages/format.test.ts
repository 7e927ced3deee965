import { describe, expect, it } from "@jest/globals";
import { formatDuration, formatTime, hours, percent, riskText } from "../../../../src/web/pages/format.js";

const MIN = 60_000;
const H = 60 * MIN;

describe("formatDuration", () => {
  it.each<[number | null, string]>([
    [null, "—"],
    [0, "0 min"],
    [59 * MIN, "59 min"],
    [60 * MIN, "1 h"],
    [5 * H + 20 * MIN, "5 h 20 min"],
    [24 * H, "1 d"],
    [74 * H, "3 d 2 h"],
    [-90 * MIN, "−1 h 30 min"],
  ])("%j ms → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("formatTime", () => {
  it.each([
    ["2026-03-02T14:05:59.000Z", "2026-03-02 14:05 UTC"],
    ["2026-03-02T00:30:00+01:00", "2026-03-01 23:30 UTC"],
    ["not a time", "not a time"],
  ])("%s → %s", (iso, text) => {
    expect(formatTime(iso)).toBe(text);
  });
});

describe("exports' numbers", () => {
  it.each<[number | null, number | null]>([
    [null, null],
    [15 * H, 15],
    [90 * MIN, 1.5],
    [100 * MIN, 1.7],
  ])("hours(%j) → %j", (ms, h) => {
    expect(hours(ms)).toBe(h);
  });

  it.each([
    [1, 2, "50%"],
    [2, 3, "67%"],
    [0, 0, "—"],
  ])("percent(%d, %d) → %s", (part, whole, text) => {
    expect(percent(part, whole)).toBe(text);
  });

  it.each<[number | null, string]>([
    [null, "none linked"],
    [3, "3 — undesirable"],
    [5, "5 — unacceptable"],
  ])("riskText(%j) → %s", (rating, text) => {
    expect(riskText(rating)).toBe(text);
  });
});
