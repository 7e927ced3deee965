import { describe, expect, it } from "@jest/globals";
import { headContinuousSince, type HeadObservation } from "../../../src/core/head-history.js";

const o = (sha: string, minute: number): HeadObservation => ({ sha, at: `2026-11-23T09:${String(minute).padStart(2, "0")}:00.000Z` });

describe("headContinuousSince: since when the head has been the head without a break", () => {
  it.each<[string, HeadObservation[], string, string | undefined]>([
    ["no observations", [], "B", undefined],
    ["only ever B", [o("B", 1), o("B", 5)], "B", o("B", 1).at],
    ["B, then A: B is not the head now", [o("B", 1), o("A", 2)], "B", undefined],
    ["B, A, back to B: the run starts at the return", [o("B", 1), o("A", 2), o("B", 4), o("B", 6)], "B", o("B", 4).at],
    ["A then B: since B was first seen", [o("A", 1), o("B", 3)], "B", o("B", 3).at],
    ["the first observation of the run counts, even if a later one reports an earlier time", [o("A", 1), o("B", 7), o("B", 3)], "B", o("B", 7).at],
  ])("%s", (_name, observations, head, expected) => {
    expect(headContinuousSince(observations, head)).toBe(expected);
  });
});
