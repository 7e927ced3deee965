import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildJsonSchema, JSON_SCHEMA_PATH, renderJsonSchema } from "../../../src/config/json-schema.js";

describe("the JSON Schema for editors", () => {
  it(`${JSON_SCHEMA_PATH} is what scripts/gen-schema.ts generates (run it after changing the zod schema)`, () => {
    const committed = readFileSync(fileURLToPath(new URL(`../../../${JSON_SCHEMA_PATH}`, import.meta.url)), "utf8");
    expect(committed).toBe(renderJsonSchema());
  });

  const schema = buildJsonSchema() as {
    $schema: string;
    required: string[];
    additionalProperties: boolean;
    properties: Record<string, { additionalProperties?: unknown; default?: unknown; required?: string[] }>;
  };

  it("is draft-07, with the top-level keys of the configuration", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(Object.keys(schema.properties)).toEqual([
      "_extends",
      "roles",
      "people",
      "rules",
      "checklist",
      "hazard_log",
      "sign_off",
      "check",
      "review_requests",
      "branches",
      "risk_matrix",
    ]);
    expect(schema.required).toEqual(["roles", "rules"]);
  });

  it.each(["hazard_log", "sign_off", "check", "review_requests", "risk_matrix"])("refuses unknown keys in %s, like the app", (key) => {
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties[key]?.additionalProperties).toBe(false);
  });

  it("requires every likelihood row of a risk matrix", () => {
    expect(schema.properties.risk_matrix?.required).toEqual(["very-low", "low", "medium", "high", "very-high"]);
  });
});
