/**
 * A small grouped bar chart as inline SVG, drawn on the server: no chart library, no CDN, no script, so
 * it works air-gapped and prints. Pure: data in, markup out.
 *
 * Accessible by construction: `role="img"` named by its `<title>` and described by its `<desc>`, which
 * lists every number drawn; the page also shows the same numbers in a table, and the two series differ in
 * pattern (solid and hatched), not in colour alone.
 */
import { html, type Html } from "./html.js";

/** One series of bars: a value per category (null: nothing to show for that category). */
export interface BarSeries {
  label: string;
  values: readonly (number | null)[];
}

/** What {@link barChart} draws. */
export interface BarChart {
  /** Unique within the page: the ids of the title and description derive from it. */
  id: string;
  title: string;
  /** The categories along the bottom (months). */
  categories: readonly string[];
  series: readonly BarSeries[];
  /** The unit of the values, shown on the axis and in the description (e.g. "days"). */
  unit: string;
}

const WIDTH = 720;
const HEIGHT = 260;
const MARGIN = { top: 16, right: 12, bottom: 56, left: 52 };
const FILLS = ["#0b57a4", "url(#PATTERN)"] as const;
const STROKES = ["#0b57a4", "#b35900"] as const;

/** The smallest "round" number (1, 2, 2.5 or 5 times a power of ten) at or above `max`, for the axis. */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= max - 1e-9) ?? 10;
  return step * power;
}

/**
 * The axis ticks from 0 to `top` (a {@link niceCeiling}): five steps when `top` is 2.5 or 5 times a power
 * of ten, four otherwise, so every tick is itself a round number.
 */
export function tickValues(top: number): number[] {
  const leading = top / 10 ** Math.floor(Math.log10(top));
  const steps = Math.abs(leading - 2.5) < 1e-9 || Math.abs(leading - 5) < 1e-9 ? 5 : 4;
  return Array.from({ length: steps + 1 }, (_, i) => (top * i) / steps);
}

/** A value as written on the chart and in its description: at most one decimal. */
export function formatValue(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** The chart as an `<svg>` element. */
export function barChart(chart: BarChart): Html {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const values = chart.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const top = niceCeiling(Math.max(0, ...values));
  const y = (v: number) => round(MARGIN.top + plotH - (v / top) * plotH);
  const groupW = plotW / Math.max(1, chart.categories.length);
  const barW = round(Math.min(36, (groupW * 0.8) / Math.max(1, chart.series.length)));
  const pattern = `${chart.id}-hatch`;

  const ticks = tickValues(top).map((v) => {
    return html`<g><line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(v)}" y2="${y(v)}" stroke="#c9d1d9"/><text x="${MARGIN.left - 6}" y="${y(v) + 4}" text-anchor="end">${formatValue(v)}</text></g>`;
  });
  const groups = chart.categories.map((category, c) => {
    const x0 = MARGIN.left + c * groupW + (groupW - barW * chart.series.length) / 2;
    const bars = chart.series.map((s, i) => {
      const v = s.values[c] ?? null;
      const x = round(x0 + i * barW);
      if (v === null) return html`<text x="${x + barW / 2}" y="${y(0) - 4}" text-anchor="middle" class="na">–</text>`;
      const fill = (FILLS[i % FILLS.length] ?? FILLS[0]).replace("PATTERN", pattern);
      return html`<rect x="${x + 1}" y="${y(v)}" width="${barW - 2}" height="${round(y(0) - y(v))}" fill="${fill}" stroke="${STROKES[i % STROKES.length] ?? STROKES[0]}"><title>${s.label}, ${category}: ${withUnit(v, chart.unit)}</title></rect><text x="${x + barW / 2}" y="${y(v) - 4}" text-anchor="middle">${formatValue(v)}</text>`;
    });
    return html`<g>${bars}<text x="${round(MARGIN.left + c * groupW + groupW / 2)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${category}</text></g>`;
  });
  const legend = chart.series.map((s, i) => {
    const x = MARGIN.left + i * 240;
    const fill = (FILLS[i % FILLS.length] ?? FILLS[0]).replace("PATTERN", pattern);
    return html`<g><rect x="${x}" y="${HEIGHT - 22}" width="14" height="14" fill="${fill}" stroke="${STROKES[i % STROKES.length] ?? STROKES[0]}"/><text x="${x + 20}" y="${HEIGHT - 10}">${s.label}</text></g>`;
  });
  const description = chart.categories
    .map((category, c) => `${category}: ${chart.series.map((s) => `${s.label} ${describe(s.values[c] ?? null, chart.unit)}`).join(", ")}`)
    .join("; ");

  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="${chart.id}-title ${chart.id}-desc" font-family="system-ui, sans-serif" font-size="11" fill="#1b1f24">
<title id="${chart.id}-title">${chart.title}</title>
<desc id="${chart.id}-desc">${description || "No data."}</desc>
<defs><pattern id="${pattern}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b35900" stroke-width="3"/></pattern></defs>
${ticks}
<text x="14" y="${MARGIN.top + plotH / 2}" transform="rotate(-90 14 ${MARGIN.top + plotH / 2})" text-anchor="middle">${chart.unit}</text>
${groups}
${legend}
</svg>`;
}

/** `0.6 days`, `1 day`: a value with its unit, singular for exactly one (units are given plural). */
export function withUnit(value: number, unit: string): string {
  const text = formatValue(value);
  return `${text} ${text === "1" ? unit.replace(/s$/, "") : unit}`;
}

/** Coordinates to two decimals: finer is invisible and only makes the markup longer. */
function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function describe(value: number | null, unit: string): string {
  return value === null ? "no data" : withUnit(value, unit);
}
