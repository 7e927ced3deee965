/**
 * What a risk rating (1–5, from the DCB0129 example matrix or a configured one) means, in the words of
 * DOMAIN.md. The one place the renderings take these words from.
 */

import { RATING_MEANING } from "../hazards/risk-matrix.js";

/** Meaning of each rating: the hazard module's words, so the log's lint and the PR comment agree. */
export const RATING_MEANINGS: Readonly<Record<number, string>> = RATING_MEANING;

/** Looks up what a rating means; undefined for a rating outside the table. */
export type RatingMeaning = (rating: number) => string | undefined;

/** The default {@link RatingMeaning}: the DCB0129 words above. */
export const ratingMeaning: RatingMeaning = (rating) => RATING_MEANINGS[rating];

/** `5 — unacceptable`; `—` when the rating is unknown (not yet derived, or the log is invalid). */
export function describeRating(rating: number | undefined, meaning: RatingMeaning = ratingMeaning): string {
  if (rating === undefined || !Number.isFinite(rating)) return "—";
  const words = meaning(rating);
  return words ? `${rating} — ${words}` : String(rating);
}

/** `5 — unacceptable → 3 — undesirable`, the change a hazard's controls are meant to achieve. */
export function describeRatingChange(initial: number | undefined, residual: number | undefined, meaning: RatingMeaning = ratingMeaning): string {
  return `${describeRating(initial, meaning)} → ${describeRating(residual, meaning)}`;
}
