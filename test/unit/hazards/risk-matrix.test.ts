import { describe, expect, it } from "@jest/globals";
import {
  DCB0129_MATRIX,
  LIKELIHOODS,
  RATING_MEANING,
  SEVERITIES,
  describeRating,
  rate,
  validateMatrix,
  type Likelihood,
  type Severity,
} from "../../../src/hazards/risk-matrix.js";

/** DOMAIN.md's table, transcribed as printed (very high on top) so a mistake in the code cannot hide here. */
const PRINTED: [Likelihood, Record<Severity, number>][] = [
  ["very-high", { minor: 3, significant: 4, considerable: 4, major: 5, catastrophic: 5 }],
  ["high", { minor: 2, significant: 3, considerable: 3, major: 4, catastrophic: 5 }],
  ["medium", { minor: 2, significant: 2, considerable: 3, major: 3, catastrophic: 4 }],
  ["low", { minor: 1, significant: 2, considerable: 2, major: 3, catastrophic: 4 }],
  ["very-low", { minor: 1, significant: 1, considerable: 2, major: 2, catastrophic: 3 }],
];
const CELLS = PRINTED.flatMap(([likelihood, row]) => SEVERITIES.map((severity) => [severity, likelihood, row[severity]] as const));

describe("DCB0129 risk matrix", () => {
  it("has all 25 cells", () => {
    expect(CELLS).toHaveLength(25);
  });

  it.each(CELLS)("%s × %s rates %i", (severity, likelihood, expected) => {
    expect(rate(severity, likelihood)).toBe(expected);
  });

  it("orders severities and likelihoods from least to most", () => {
    expect(SEVERITIES).toEqual(["minor", "significant", "considerable", "major", "catastrophic"]);
    expect(LIKELIHOODS).toEqual(["very-low", "low", "medium", "high", "very-high"]);
  });

  it("is a lookup, not a product: a catastrophic hazard never rates below 3", () => {
    for (const likelihood of LIKELIHOODS) expect(rate("catastrophic", likelihood)).toBeGreaterThanOrEqual(3);
    expect(rate("catastrophic", "very-low")).toBe(3);
  });

  it("passes its own validation", () => {
    expect(validateMatrix(DCB0129_MATRIX)).toEqual([]);
  });
});

describe("rate with a team's own matrix", () => {
  // Stricter than DCB0129 from "major" up: every major or catastrophic hazard rates at least 4.
  const strict = [
    [1, 1, 2, 4, 4],
    [1, 2, 2, 4, 5],
    [2, 2, 3, 4, 5],
    [2, 3, 3, 5, 5],
    [3, 4, 4, 5, 5],
  ];
  it.each([
    ["major", "very-low", 4],
    ["catastrophic", "low", 5],
    ["minor", "medium", 2],
  ] as const)("%s × %s rates %i", (severity, likelihood, expected) => {
    expect(rate(severity, likelihood, strict)).toBe(expected);
  });

  it("throws on a matrix without the cell instead of inventing a rating", () => {
    expect(() => rate("catastrophic", "very-high", [[1]])).toThrow("the risk matrix has no rating for catastrophic × very-high");
  });
});

describe("rating meanings", () => {
  it.each([
    [1, "1 — acceptable"],
    [2, "2 — acceptable if further reduction is disproportionate"],
    [3, "3 — undesirable"],
    [4, "4 — must be reduced"],
    [5, "5 — unacceptable"],
    [0, "0 — not a rating on the 1–5 scale"],
    [16, "16 — not a rating on the 1–5 scale"],
    [2.5, "2.5 — not a rating on the 1–5 scale"],
  ])("describeRating(%p) is %p", (n, expected) => {
    expect(describeRating(n)).toBe(expected);
  });

  it("labels exactly the ratings 1 to 5", () => {
    expect(Object.keys(RATING_MEANING)).toEqual(["1", "2", "3", "4", "5"]);
  });
});

describe("validateMatrix", () => {
  const copy = (): number[][] => DCB0129_MATRIX.map((row) => [...row]);
  const withCell = (l: number, s: number, value: unknown): unknown => {
    const m: unknown[][] = copy();
    (m[l] as unknown[])[s] = value;
    return m;
  };

  it.each([
    ["not a list", "high", [{ path: "", message: "must be a list of 5 rows, one per likelihood from very-low to very-high" }]],
    ["four rows", copy().slice(1), [{ path: "", message: "must be a list of 5 rows, one per likelihood from very-low to very-high" }]],
    [
      "a short row",
      [...copy().slice(0, 2), [2, 2, 3, 3], ...copy().slice(3)],
      [{ path: "[2]", message: "row medium must be a list of 5 ratings, one per severity from minor to catastrophic" }],
    ],
    ["a product (16)", withCell(3, 2, 16), [{ path: "[3][2]", message: "considerable × high is 16; a rating must be an integer from 1 to 5" }]],
    ["a zero", withCell(0, 0, 0), [{ path: "[0][0]", message: "minor × very-low is 0; a rating must be an integer from 1 to 5" }]],
    ["a fraction", withCell(2, 2, 2.5), [{ path: "[2][2]", message: "considerable × medium is 2.5; a rating must be an integer from 1 to 5" }]],
    ["a string", withCell(1, 1, "2"), [{ path: "[1][1]", message: 'significant × low is "2"; a rating must be an integer from 1 to 5' }]],
    [
      "a dip along severity",
      withCell(1, 4, 2),
      [
        { path: "[1][4]", message: "catastrophic × low rates 2, lower than the less severe major × low (3)" },
        { path: "[1][4]", message: "catastrophic × low rates 2, lower than the less likely catastrophic × very-low (3)" },
      ],
    ],
    [
      "a dip along likelihood",
      withCell(4, 0, 1),
      [{ path: "[4][0]", message: "minor × very-high rates 1, lower than the less likely minor × high (2)" }],
    ],
  ])("rejects %s", (_name, matrix, expected) => {
    expect(validateMatrix(matrix)).toEqual(expected);
  });

  it("accepts a flat matrix (every hazard rated the same is odd but consistent)", () => {
    expect(validateMatrix(Array.from({ length: 5 }, () => [3, 3, 3, 3, 3]))).toEqual([]);
  });
});
