import { describe, expect, it } from "@jest/globals";
import { barChart, formatValue, niceCeiling, tickValues, withUnit, type BarChart } from "../../../../src/web/svg-chart.js";

describe("niceCeiling", () => {
  it.each([
    [0, 1],
    [-3, 1],
    [0.6, 1],
    [1, 1],
    [1.2, 2],
    [2.1, 2.5],
    [3.1, 5],
    [5, 5],
    [7, 10],
    [11, 20],
    [26, 50],
    [240, 250],
  ])("%d → %d", (max, top) => {
    expect(niceCeiling(max)).toBeCloseTo(top, 9);
  });
});

describe("tickValues", () => {
  it.each<[number, number[]]>([
    [1, [0, 0.25, 0.5, 0.75, 1]],
    [2, [0, 0.5, 1, 1.5, 2]],
    [2.5, [0, 0.5, 1, 1.5, 2, 2.5]],
    [5, [0, 1, 2, 3, 4, 5]],
    [50, [0, 10, 20, 30, 40, 50]],
    [10, [0, 2.5, 5, 7.5, 10]],
  ])("%d → %j", (top, ticks) => {
    expect(tickValues(top)).toEqual(ticks);
  });
});

describe("formatValue", () => {
  it.each([
    [0.625, "0.6"],
    [3.0833, "3.1"],
    [12, "12"],
  ])("%d → %s", (value, text) => {
    expect(formatValue(value)).toBe(text);
  });
});

describe("withUnit", () => {
  it.each<[number, string, string]>([
    [0.6, "days", "0.6 days"],
    [1, "days", "1 day"],
    [1.04, "hours", "1 hour"],
    [2, "hours", "2 hours"],
  ])("%d %s → %s", (value, unit, text) => {
    expect(withUnit(value, unit)).toBe(text);
  });
});

describe("barChart", () => {
  const chart: BarChart = {
    id: "c1",
    title: "acme/<app>: median days",
    categories: ["2026-03", "2026-04"],
    series: [
      { label: "to checklist complete", values: [0.5, null] },
      { label: "to final sign-off", values: [4, 2] },
    ],
    unit: "days",
  };
  const svg = barChart(chart).value;

  it("is an image named by its title and described by its desc", () => {
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="c1-title c1-desc"/);
    expect(svg).toContain('<title id="c1-title">acme/&lt;app&gt;: median days</title>');
  });

  it("says every number it draws in its description, and where there is none", () => {
    expect(svg).toContain(
      '<desc id="c1-desc">2026-03: to checklist complete 0.5 days, to final sign-off 4 days; 2026-04: to checklist complete no data, to final sign-off 2 days</desc>',
    );
  });

  it("draws one bar per value, as tall as its share of the axis", () => {
    const heights = [...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"/g)].map((m) => Number(m[1]));
    // Axis to 5 (the nice ceiling of 4) over a 188-unit plot; three bars, then the two legend squares (14).
    expect(heights).toEqual([18.8, 150.4, 75.2, 14, 14]);
  });

  it("tells the two series apart by pattern as well as colour", () => {
    expect(svg).toContain('fill="url(#c1-hatch)"');
    expect(svg).toContain('<pattern id="c1-hatch"');
  });

  it("needs nothing from outside: no script, no link, no remote reference", () => {
    expect(svg).not.toMatch(/<script|href=|url\((?!#)/);
    expect(svg.match(/http:\/\//g)).toEqual(["http://"]); // the SVG namespace only
  });

  it("says so when there is no data at all", () => {
    expect(barChart({ ...chart, categories: [], series: [] }).value).toContain(">No data.</desc>");
  });
});
