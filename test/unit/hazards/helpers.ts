/** Test helpers for the hazard-log tests: fixture files and a valid hazard to vary. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { rate } from "../../../src/hazards/risk-matrix.js";
import type { Hazard, HazardEntry } from "../../../src/hazards/schema.js";

/** Repository path of a fixture, as it appears in problems. */
export function fixturePath(name: string): string {
  return `test/fixtures/hazards/${name}`;
}

/** The text of a fixture file. */
export function readFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/hazards/${name}`, import.meta.url)), "utf8");
}

/** The default id pattern (PRODUCT.md). */
export const ID_PATTERN = "HAZ-\\d{3,}";

/** A valid hazard with derived ratings; `overrides` replace fields (ratings are re-derived from them). */
export function makeHazard(overrides: Partial<HazardEntry> & { id: string }): Hazard {
  const entry: HazardEntry = {
    title: `Hazard ${overrides.id}`,
    existing_controls: [],
    initial: { severity: "major", likelihood: "medium" },
    additional_controls: [],
    residual: { severity: "major", likelihood: "low" },
    status: "open",
    owner: "dr-cso",
    raised: "2026-01-01",
    code: [],
    references: [],
    ...overrides,
  };
  return {
    ...entry,
    initialRating: rate(entry.initial.severity, entry.initial.likelihood),
    residualRating: rate(entry.residual.severity, entry.residual.likelihood),
    line: 1,
  };
}
