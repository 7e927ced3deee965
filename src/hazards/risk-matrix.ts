/**
 * The clinical risk matrix: severity and likelihood in, a 1–5 rating out.
 *
 * The rating is a *lookup* in a table the organisation owns (DCB0129's example by default), never
 * severity × likelihood: a product would invent a 1–25 scale the standard does not have, and would let a
 * catastrophic hazard score as low as a minor one once its likelihood is small enough.
 */
import type { RiskMatrix } from "../core/types.js";

/** Severities, least to most severe (the matrix's column order). */
export const SEVERITIES = ["minor", "significant", "considerable", "major", "catastrophic"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Likelihoods, least to most likely (the matrix's row order). */
export const LIKELIHOODS = ["very-low", "low", "medium", "high", "very-high"] as const;
export type Likelihood = (typeof LIKELIHOODS)[number];

/** A rating on the 1–5 scale. */
export type Rating = 1 | 2 | 3 | 4 | 5;

/**
 * DCB0129's example matrix, indexed `[likelihood][severity]` in ascending order. Written bottom row first,
 * so it reads upside down compared with the printed table (which puts "very high" on top).
 */
export const DCB0129_MATRIX: RiskMatrix = [
  // minor, significant, considerable, major, catastrophic
  [1, 1, 2, 2, 3], // very-low
  [1, 2, 2, 3, 4], // low
  [2, 2, 3, 3, 4], // medium
  [2, 3, 3, 4, 5], // high
  [3, 4, 4, 5, 5], // very-high
];

/**
 * The rating of a hazard with this severity and likelihood, looked up in `matrix`.
 * @throws Error when the matrix has no such cell — only possible with a matrix {@link validateMatrix} rejects.
 */
export function rate(severity: Severity, likelihood: Likelihood, matrix: RiskMatrix = DCB0129_MATRIX): number {
  const rating = matrix[LIKELIHOODS.indexOf(likelihood)]?.[SEVERITIES.indexOf(severity)];
  if (rating === undefined) {
    throw new Error(`the risk matrix has no rating for ${severity} × ${likelihood}`);
  }
  return rating;
}

/** A short label for each rating, for comments, checks and audit pages. */
export const RATING_MEANING: Record<Rating, string> = {
  1: "acceptable",
  2: "acceptable if further reduction is disproportionate",
  3: "undesirable",
  4: "must be reduced",
  5: "unacceptable",
};

/** What each rating asks of the manufacturer, in full (DCB0129's example acceptability criteria). */
export const RATING_GUIDANCE: Record<Rating, string> = {
  1: "Acceptable: no further action needed.",
  2: "Acceptable where further risk reduction would cost more than it gains.",
  3: "Undesirable: accept only if further risk reduction is impractical.",
  4: "Must be eliminated or reduced to an acceptable level.",
  5: "Unacceptable: the product must not be released with this risk.",
};

/** True when `n` is a rating on the 1–5 scale. */
export function isRating(n: number): n is Rating {
  return Number.isInteger(n) && n >= 1 && n <= 5;
}

/** A rating with its meaning, e.g. `3 — undesirable`. */
export function describeRating(n: number): string {
  return isRating(n) ? `${n} — ${RATING_MEANING[n]}` : `${n} — not a rating on the 1–5 scale`;
}

/** One reason a matrix is unusable; `path` is relative to the matrix, e.g. `[3][4]`. */
export interface MatrixProblem {
  path: string;
  message: string;
}

/**
 * Problems that make `m` unusable as a risk matrix: it must be 5 rows (likelihoods) of 5 integer ratings
 * 1–5 (severities), and a rating may never fall as severity or likelihood rises — a matrix in which a
 * worse hazard rates lower would quietly excuse it. Empty when the matrix is usable.
 */
export function validateMatrix(m: unknown): MatrixProblem[] {
  if (!Array.isArray(m) || m.length !== LIKELIHOODS.length) {
    return [{ path: "", message: `must be a list of ${LIKELIHOODS.length} rows, one per likelihood from very-low to very-high` }];
  }
  const problems: MatrixProblem[] = [];
  const rows: unknown[] = m;
  rows.forEach((row, l) => {
    if (!Array.isArray(row) || row.length !== SEVERITIES.length) {
      problems.push({
        path: `[${l}]`,
        message: `row ${LIKELIHOODS[l]} must be a list of ${SEVERITIES.length} ratings, one per severity from minor to catastrophic`,
      });
      return;
    }
    const cells: unknown[] = row;
    cells.forEach((cell, s) => {
      if (typeof cell !== "number" || !isRating(cell)) {
        problems.push({
          path: `[${l}][${s}]`,
          message: `${SEVERITIES[s]} × ${LIKELIHOODS[l]} is ${JSON.stringify(cell)}; a rating must be an integer from 1 to 5`,
        });
      }
    });
  });
  if (problems.length > 0) return problems;

  // Every cell is now known to be a rating, so the monotonicity checks compare numbers only.
  const grid = rows as number[][];
  const at = (l: number, s: number): number => grid[l]?.[s] ?? 0;
  for (let l = 0; l < LIKELIHOODS.length; l++) {
    for (let s = 0; s < SEVERITIES.length; s++) {
      if (s > 0 && at(l, s) < at(l, s - 1)) {
        problems.push({
          path: `[${l}][${s}]`,
          message:
            `${SEVERITIES[s]} × ${LIKELIHOODS[l]} rates ${at(l, s)}, lower than the less severe ` +
            `${SEVERITIES[s - 1]} × ${LIKELIHOODS[l]} (${at(l, s - 1)})`,
        });
      }
      if (l > 0 && at(l, s) < at(l - 1, s)) {
        problems.push({
          path: `[${l}][${s}]`,
          message:
            `${SEVERITIES[s]} × ${LIKELIHOODS[l]} rates ${at(l, s)}, lower than the less likely ` +
            `${SEVERITIES[s]} × ${LIKELIHOODS[l - 1]} (${at(l - 1, s)})`,
        });
      }
    }
  }
  return problems;
}
