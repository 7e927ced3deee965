/**
 * Small text helpers shared by the renderings. Pure and deterministic: nothing here reads the clock or
 * the locale, so the same evaluation always gives the same string.
 */
import { escapeMarkdown, inlineCode, oneLine } from "./escape.js";

/** Shortens text to at most `max` characters, marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  const line = oneLine(text);
  return line.length <= max ? line : `${line.slice(0, Math.max(0, max - 1))}…`;
}

/** Clips, then escapes, untrusted text (clipping first so an escape sequence is never cut in half). */
export function safe(text: string, max: number): string {
  return escapeMarkdown(clip(text, max));
}

/** The 7-character form of a commit SHA people recognise, as inline code. */
export function shortSha(sha: string): string {
  return inlineCode(/^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 7) : clip(sha, 12));
}

/**
 * An ISO-8601 time as `2026-03-02 14:05 UTC`: UTC so every reader and every replica sees the same text.
 * Anything unparsable is shown as given (escaped) rather than hidden.
 */
export function formatTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return safe(iso, 40);
  return `${new Date(time).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** `1 question` / `3 questions`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * Renders at most `max` items and says how many were left out, so long lists cannot push the comment
 * past GitHub's size limit.
 */
export function capped<T>(items: readonly T[], max: number, render: (item: T) => string, more: (n: number) => string): string[] {
  const shown = items.slice(0, max).map(render);
  if (items.length > max) shown.push(more(items.length - max));
  return shown;
}

/** A comma-separated list of inline-code ids, capped: `` `a`, `b` and 3 more ``. */
export function codeList(ids: readonly string[], max = 10): string {
  const shown = ids.slice(0, max).map((id) => inlineCode(clip(id, 100)));
  const rest = ids.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

/** Clips, then renders as inline code (paths, globs and labels can be long). */
export function code(text: string, max: number): string {
  return inlineCode(clip(text, max));
}
