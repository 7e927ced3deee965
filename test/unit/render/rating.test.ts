import { describe, expect, it } from "@jest/globals";
import { describeRating, describeRatingChange } from "../../../src/render/rating.js";

describe("describeRating", () => {
  it.each<[number | undefined, string]>([
    [5, "5 — unacceptable"],
    [4, "4 — must be reduced"],
    [3, "3 — undesirable"],
    [2, "2 — acceptable if further reduction is disproportionate"],
    [1, "1 — acceptable"],
    [undefined, "—"],
    [Number.NaN, "—"],
    [16, "16"],
  ])("%s → %s", (rating, text) => {
    expect(describeRating(rating)).toBe(text);
  });

  it("uses a team's own words when given", () => {
    expect(describeRating(3, (r) => (r === 3 ? "medium" : undefined))).toBe("3 — medium");
  });
});

describe("describeRatingChange", () => {
  it.each<[number | undefined, number | undefined, string]>([
    [5, 3, "5 — unacceptable → 3 — undesirable"],
    [3, undefined, "3 — undesirable → —"],
    [undefined, undefined, "— → —"],
  ])("%s → %s", (initial, residual, text) => {
    expect(describeRatingChange(initial, residual)).toBe(text);
  });
});
