/**
 * The reply to a recorded `/safety review-bypass`: what the trail now says of the bypass, in the words the
 * audit pages use. Pure; the reason is untrusted text and is escaped.
 */
import { reviewDecisionText, type BypassReviewData } from "../core/bypass-review.js";
import { inlineCode, person } from "./escape.js";
import { formatTime, safe } from "./text.js";

export function renderBypassReviewReply(actor: string, review: BypassReviewData & { at: string }, what: string): string {
  const lines = [
    `@${actor} — your review of the bypass is recorded in the audit trail.`,
    "",
    `- Bypass of ${what} (${review.bypass.reason === "direct-push" ? "direct push" : "merged without a passing gate"}, recorded ${formatTime(review.bypass.at)})`,
    `- Reviewed by ${person(actor)} on ${formatTime(review.at)} as ${inlineCode(review.role)} (${reviewDecisionText(review.decision)}): ${safe(review.reason, 1000)}`,
  ];
  if (review.decision === "revert")
    lines.push("", "The change is to be reverted: the revert is a pull request of its own, assessed by the gate like any other.");
  return lines.join("\n");
}
