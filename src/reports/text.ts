/**
 * How the reports and the audit pages write times, commits, ratings and bypasses as text: one way
 * everywhere, so that a time read on a page can be found in the release report and the exports. Pure.
 */
import { describeRating } from "../hazards/risk-matrix.js";
import type { BypassFlag } from "./read-model.js";

/** `2026-03-02 14:05 UTC`: the trail's times are UTC, and saying so avoids a wrong-day reading. */
export function formatTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The first 7 characters of a commit SHA, as GitHub shows it. */
export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 7) : "—";
}

/** `3 — undesirable`, or `none linked` when the change linked no hazard. */
export function riskText(rating: number | null): string {
  return rating === null ? "none linked" : describeRating(rating);
}

/** What kind of bypass, in words. */
export function bypassText(bypass: BypassFlag): string {
  const what = bypass.reason === "direct-push" ? "direct push" : "merged without a passing gate";
  return bypass.detail ? `${what}: ${bypass.detail}` : what;
}
