/**
 * parseHazardLog on random and hostile text (the log comes from a PR's own branch): it never throws, and
 * returns either the hazards (valid, with unique ids matching the pattern) or problems with their lines.
 */
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { stringify } from "yaml";
import { parseHazardLog, type HazardLogResult } from "../../src/hazards/parse.js";
import type { Problem } from "../../src/core/types.js";
import { anyText, billionLaughs, BUDGET_MS, expectWellFormedProblems, jsonAsYaml, mappingAsYaml, RUNS, yamlish } from "./arbitraries.js";

const FILE = "docs/safety/hazard-log.yml";
const OPTS = { idPattern: "HAZ-\\d{3,}" };
const syntaxProblem = (p: Problem) => p.message.startsWith("YAML syntax error:");

function expectWellFormed(result: HazardLogResult, text: string): void {
  if (result.ok) {
    expect(result.problems).toEqual([]);
    const ids = result.hazards.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const h of result.hazards) {
      expect(h.id).toMatch(/^HAZ-\d{3,}$/);
      expect([1, 2, 3, 4, 5]).toContain(h.initialRating);
      expect(h.residualRating).toBeLessThanOrEqual(h.initialRating);
      expect(Number.isInteger(h.line) && h.line >= 1).toBe(true);
    }
  } else {
    expectWellFormedProblems(result.problems, FILE, text, syntaxProblem);
  }
}

const check = (text: string) => expectWellFormed(parseHazardLog(text, FILE, OPTS), text);

const FIELDS = ["hazards", "id", "title", "initial", "residual", "severity", "likelihood", "status", "owner", "raised", "code", "references"];

describe("parseHazardLog on random input", () => {
  it("never throws, and returns hazards or located problems, for any text", () => fc.assert(fc.property(anyText, check), RUNS), BUDGET_MS);

  it(
    "never throws on text made of YAML syntax and the log's own fields",
    () => fc.assert(fc.property(yamlish([...FIELDS, "HAZ-001", "HAZ-002", "major", "low", "open", "closed"]), check), RUNS),
    BUDGET_MS,
  );

  it(
    "never throws on random data written as YAML, at the top level or as entries",
    () =>
      fc.assert(
        fc.property(
          fc.oneof(
            jsonAsYaml,
            mappingAsYaml(["hazards"]),
            fc
              .array(fc.dictionary(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 2 })), { maxLength: 5 })
              .map((hazards) => stringify({ hazards })),
          ),
          check,
        ),
        RUNS,
      ),
    BUDGET_MS,
  );

  it(
    "never throws whatever the id pattern, and reports one that is not a regular expression",
    () =>
      fc.assert(
        fc.property(fc.string({ maxLength: 12 }), (idPattern) => {
          const result = parseHazardLog("hazards:\n  - id: HAZ-001\n", FILE, { idPattern });
          let valid = true;
          try {
            new RegExp(idPattern);
          } catch {
            valid = false;
          }
          if (!valid)
            expect(result.problems.map((p) => p.message)).toContain(
              `the hazard id pattern ${JSON.stringify(idPattern)} is not a valid regular expression`,
            );
          expect(result.ok).toBe(false); // the one entry has none of its other required fields
        }),
        RUNS,
      ),
    BUDGET_MS,
  );
});

const severity = fc.constantFrom("minor", "significant", "considerable", "major", "catastrophic");
const likelihood = fc.constantFrom("very-low", "low", "medium", "high", "very-high");

/** Hazard entries as a person writes them: valid fields, random ids (some repeated) and risks. */
const entries = fc.array(
  fc.record({
    id: fc.integer({ min: 1, max: 40 }).map((n) => `HAZ-${String(n).padStart(3, "0")}`),
    title: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ""),
    existing_controls: fc.constant([]),
    initial: fc.record({ severity, likelihood }),
    additional_controls: fc.constant([]),
    residual: fc.record({ severity, likelihood }),
    status: fc.constantFrom("open", "transferred", "closed"),
    owner: fc.constantFrom("dr-cso"),
    raised: fc.constant("2026-01-01"),
    code: fc.array(fc.constantFrom("src/**", "docs/*.md", "!src/*.test.ts"), { maxLength: 2 }),
    references: fc.constant([]),
  }),
  { maxLength: 12 },
);

describe("parseHazardLog on logs people write", () => {
  it(
    "accepts a log exactly when its ids are unique, its residual risks no worse and its closed hazards justified",
    () =>
      fc.assert(
        fc.property(entries, (hazards) => {
          const text = stringify({ hazards });
          const result = parseHazardLog(text, FILE, OPTS);
          expectWellFormed(result, text);
          if (result.ok) {
            expect(result.hazards.map((h) => h.id)).toEqual(hazards.map((h) => h.id));
          } else {
            const ids = hazards.map((h) => h.id);
            const duplicate = new Set(ids).size < ids.length;
            const closed = hazards.some((h) => h.status === "closed");
            const worse = result.problems.some((p) => p.message.includes("exceeds initial rating"));
            expect(duplicate || closed || worse).toBe(true);
          }
        }),
        RUNS,
      ),
    BUDGET_MS,
  );

  it("the generator of logs yields valid and invalid ones (else the property above tests one side only)", () => {
    const results = fc.sample(entries, { numRuns: 100, seed: 42 }).map((hazards) => parseHazardLog(stringify({ hazards }), FILE, OPTS).ok);
    expect(results.filter(Boolean).length).toBeGreaterThan(10);
    expect(results.filter((ok) => !ok).length).toBeGreaterThan(10);
  });
});

describe("parseHazardLog on hostile input", () => {
  const messages = (text: string): string[] => {
    const result = parseHazardLog(text, FILE, OPTS);
    expectWellFormed(result, text);
    return result.problems.map((p) => p.message);
  };

  it(
    "5 MB of text is refused as too large",
    () => {
      expect(messages("hazards: " + "x".repeat(5_000_000))).toEqual([
        "the hazard log cannot be read: the file is too large: 5,000,009 characters, at most 3,000,000 are read",
      ]);
    },
    BUDGET_MS,
  );

  it(
    "a log of 400,000 list items is refused before it is read",
    () => {
      expect(messages("hazards: [" + "x,".repeat(400_000) + "]")).toEqual([
        "the hazard log cannot be read: the file is too large: more than 650,000 YAML tokens",
      ]);
    },
    BUDGET_MS,
  );

  it(
    "a log of 20,000 invalid entries, within the limits, is read with a problem for each",
    () => {
      expect(messages("hazards:\n" + "  - x\n".repeat(20_000))).toHaveLength(20_000);
    },
    BUDGET_MS,
  );

  it.each([
    ["flow lists", "hazards: " + "[".repeat(10_000) + "]".repeat(10_000)],
    ["flow mappings", "hazards: " + "{b: ".repeat(10_000) + "c" + "}".repeat(10_000)],
    ["block lists", "hazards:\n  - " + "- ".repeat(10_000) + "x"],
    ["indented mappings", "hazards:\n" + Array.from({ length: 1_000 }, (_, i) => " ".repeat(i + 2) + "a:").join("\n")],
  ])(
    "nesting 10,000 deep (%s) is refused with its line",
    (_kind, text) => {
      expect(messages(text)).toEqual(["the hazard log cannot be read: the file nests lists and mappings more than 64 levels deep"]);
    },
    BUDGET_MS,
  );

  it(
    "a billion laughs inside the log is refused, not expanded",
    () => {
      expect(messages("hazards:\n  - id: HAZ-001\n" + billionLaughs(9, "    "))).toEqual([
        expect.stringMatching(/^the hazard log cannot be read: .*alias/i),
      ]);
    },
    BUDGET_MS,
  );

  it.each([
    ["NUL characters", "hazards:\n  - id: HAZ-001\0\n    title: a\0b\n"],
    ["invalid UTF-8, decoded", "hazards:\n  - id: " + new TextDecoder().decode(new Uint8Array([0x48, 0xff, 0xc3, 0x28, 0xe2, 0x82]))],
    ["lone surrogates", "hazards:\n  - id: HAZ-001\n    title: \uD800\uDFFF\uDC00\n"],
    ["a 900,000-character line", "hazards:\n  - id: HAZ-001\n    title: " + "t".repeat(900_000) + "\n"],
    ["an id 100,000 digits long", "hazards:\n  - id: HAZ-" + "1".repeat(100_000) + "\n"],
    ["many documents", "hazards: []\n---\n".repeat(10_000)],
    [
      "a reference cycle of 2,000 hazards",
      "hazards:\n" + Array.from({ length: 2_000 }, (_, i) => `  - {id: HAZ-${1000 + i}, references: [HAZ-${1000 + ((i + 1) % 2000)}]}`).join("\n"),
    ],
  ])(
    "%s give a clear result",
    (_kind, text) => {
      expect(messages(text).length).toBeGreaterThan(0);
    },
    BUDGET_MS,
  );
});
