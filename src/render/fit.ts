/**
 * Keeping a rendering inside GitHub's size limits (65,536 characters for a comment body and for a check
 * run's summary or text) without ever failing: a comment GitHub refuses is a gate nobody can see.
 */
import { CAP_LEVELS, type Caps } from "./options.js";

/** Note appended when even the tersest rendering had to be cut. */
export const CUT_NOTE = "\n\n_…cut to fit GitHub's size limit; the audit trail has everything._";

/**
 * Renders with the most generous caps that fit within `limit`; when none fits, cuts the tersest rendering
 * at a line boundary and says so. The result is always at most `limit` characters.
 */
export function fitWithin(limit: number, render: (caps: Caps) => string): string {
  let text = "";
  for (const caps of CAP_LEVELS) {
    text = render(caps);
    if (text.length <= limit) return text;
  }
  const room = limit - CUT_NOTE.length;
  const cut = text.lastIndexOf("\n", room);
  return `${text.slice(0, cut > 0 ? cut : room)}${CUT_NOTE}`;
}
