/**
 * Keeping a rendering inside GitHub's size limits without ever failing: a comment or check run GitHub
 * refuses (422) is a gate nobody can see. The two limits are counted differently:
 *
 * - a check run's `output.summary` and `output.text`: at most 65,535 **bytes** of UTF-8, so a hazard title
 *   in German or Japanese uses up two or three times what its length says;
 * - a comment body: at most 65,536 **characters**.
 */
import { CAP_LEVELS, type Caps } from "./options.js";

/**
 * How a limit is counted. "chars" counts UTF-16 code units (JavaScript's `length`), which is never fewer
 * than the characters (code points) GitHub counts, so a text within a "chars" limit is within GitHub's.
 */
export type SizeUnit = "bytes" | "chars";

/** Note appended when even the tersest rendering had to be cut. */
export const CUT_NOTE = "\n\n_…cut to fit GitHub's size limit; the audit trail has everything._";

/** The size of `text` in `unit`. */
export function sizeOf(text: string, unit: SizeUnit): number {
  return unit === "bytes" ? Buffer.byteLength(text, "utf8") : text.length;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * The length (in UTF-16 code units, for `slice`) of the longest prefix of `text` whose size is at most
 * `max`. The prefix never ends between the two halves of a surrogate pair, so it never ends inside a UTF-8
 * sequence either: a cut character would reach GitHub as U+FFFD or as invalid JSON.
 */
export function prefixWithin(text: string, max: number, unit: SizeUnit): number {
  if (max <= 0) return 0;
  if (unit === "bytes") {
    if (Buffer.byteLength(text, "utf8") <= max) return text.length;
    // encodeInto writes whole characters only and reports how many code units it consumed.
    return new TextEncoder().encodeInto(text, new Uint8Array(max)).read;
  }
  if (text.length <= max) return text.length;
  return isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
}

/**
 * Renders with the most generous caps that fit within `limit` (counted in `unit`); when none fits, cuts the
 * tersest rendering at a line boundary and says so. The result is always at most `limit` in `unit`, and
 * never splits a character.
 */
export function fitWithin(limit: number, render: (caps: Caps) => string, unit: SizeUnit = "chars"): string {
  let text = "";
  for (const caps of CAP_LEVELS) {
    text = render(caps);
    if (sizeOf(text, unit) <= limit) return text;
  }
  const room = limit - sizeOf(CUT_NOTE, unit);
  if (room <= 0) return text.slice(0, prefixWithin(text, limit, unit));
  const end = prefixWithin(text, room, unit);
  const cut = text.lastIndexOf("\n", end);
  return `${text.slice(0, cut > 0 ? cut : end)}${CUT_NOTE}`;
}
