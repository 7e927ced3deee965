/**
 * How the pages write times, commits, ratings and durations: one way everywhere, so that a time read on
 * one page can be found on another and in the exports.
 */
import { formatTime, shortSha } from "../../reports/text.js";
import { html, type Html } from "../html.js";

export { formatTime, riskText, shortSha } from "../../reports/text.js";

/** A time as a `<time>` element, machine-readable in `datetime`. */
export function timeElement(iso: string): Html {
  return html`<time datetime="${iso}">${formatTime(iso)}</time>`;
}

/** A commit SHA shown short, with the full SHA in its title for copying. */
export function shaElement(sha: string | null | undefined): Html {
  return sha ? html`<code class="sha" title="${sha}">${shortSha(sha)}</code>` : html`—`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration a person reads at a glance: `3 d 4 h`, `5 h 20 min`, `12 min`; `—` when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  const minutes = Math.round(Math.abs(ms) / MINUTE);
  const sign = ms < 0 ? "−" : "";
  if (minutes < 60) return `${sign}${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${sign}${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
  const days = Math.floor(hours / 24);
  return `${sign}${days} d${hours % 24 ? ` ${hours % 24} h` : ""}`;
}

/** Milliseconds as hours with one decimal, for the exports (a number a spreadsheet can average). */
export function hours(ms: number | null): number | null {
  return ms === null ? null : Math.round((ms / HOUR) * 10) / 10;
}

/** `40%`; `—` when there is nothing to divide by. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? "—" : `${Math.round((part / whole) * 100)}%`;
}

/** Milliseconds in a day, for the chart's axis. */
export const DAY_MS = DAY;
/** Milliseconds in an hour, for the chart's axis. */
export const HOUR_MS = HOUR;
