import { describe, expect, it } from "@jest/globals";
import { hazardEntrySchema, hazardLogSchema } from "../../../src/hazards/schema.js";

const base = {
  id: "HAZ-001",
  title: "Wrong patient",
  initial: { severity: "major", likelihood: "medium" },
  residual: { severity: "major", likelihood: "low" },
  status: "open",
  owner: "dr-cso",
  raised: "2026-03-02",
};

describe("hazard dates", () => {
  it.each<[string, unknown, string | null]>([
    ["a YYYY-MM-DD string", "2026-03-02", "2026-03-02"],
    ["a Date (YAML 1.1 timestamps)", new Date(Date.UTC(2026, 2, 2)), "2026-03-02"],
    ["29 February in a leap year", "2024-02-29", "2024-02-29"],
    ["29 February in another year", "2025-02-29", null],
    ["a day that no month has", "2026-04-31", null],
    ["single-digit month and day", "2026-3-2", null],
    ["a date with a time", "2026-03-02T10:00:00Z", null],
    ["day/month/year", "02/03/2026", null],
    ["an invalid Date", new Date("nonsense"), null],
    ["a number", 20260302, null],
  ])("%s", (_name, raised, expected) => {
    const result = hazardEntrySchema.safeParse({ ...base, raised });
    expect(result.success ? result.data.raised : null).toBe(expected);
  });
});

describe("required and optional fields", () => {
  it.each(["id", "title", "initial", "residual", "status", "owner", "raised"])("%s is required", (field) => {
    const entry: Record<string, unknown> = { ...base };
    delete entry[field];
    const result = hazardEntrySchema.safeParse(entry);
    expect(result.success ? [] : result.error.issues.map((i) => i.path.join("."))).toEqual([field]);
  });

  it("needs nothing else", () => {
    expect(hazardEntrySchema.safeParse(base).success).toBe(true);
  });

  it("refuses unknown fields at every level", () => {
    const entry = {
      ...base,
      severity: "major",
      initial: { ...base.initial, score: 9 },
      additional_controls: [{ type: "test", description: "Tests", link: "x" }],
    };
    const result = hazardEntrySchema.safeParse(entry);
    expect(result.success ? [] : result.error.issues.map((i) => [i.code, i.path.join(".")])).toEqual([
      ["unrecognized_keys", "initial"],
      ["unrecognized_keys", "additional_controls.0"],
      ["unrecognized_keys", ""],
    ]);
  });

  it("accepts a whole file of entries and nothing beside them", () => {
    expect(hazardLogSchema.safeParse({ hazards: [base] }).success).toBe(true);
    expect(hazardLogSchema.safeParse({ hazards: [base], version: 2 }).success).toBe(false);
  });
});
