import { describe, expect, it } from "@jest/globals";
import { LineCounter, parseDocument } from "yaml";
import type { Problem } from "../../../src/core/types.js";
import { formatProblem, lintHazardDocument } from "../../../src/hazards/lint.js";
import { parseHazardLog } from "../../../src/hazards/parse.js";
import { ID_PATTERN, fixturePath, readFixture } from "./helpers.js";

/** One bad fixture per rule, with every problem it must produce: [line, path, message]. */
const BAD_FIXTURES: [string, [number, string, string][]][] = [
  ["bad-residual-above-initial.yml", [[6, "hazards[0].residual", "HAZ-002 residual rating 4 exceeds initial rating 3"]]],
  ["bad-closed-without-justification.yml", [[7, "hazards[0].status", "HAZ-001 is closed without a justification"]]],
  [
    "bad-rating-disagrees.yml",
    [[8, "hazards[0].initial.rating", "HAZ-004 initial rating 16 disagrees with the risk matrix: considerable × high is 3"]],
  ],
  ["bad-unknown-status.yml", [[7, "hazards[0].status", 'HAZ-005 status "resolved" is not one of open, transferred, closed']]],
  ["bad-duplicate-id.yml", [[10, "hazards[1].id", "HAZ-007 is a duplicate id: already used by the entry at line 3"]]],
  [
    "bad-severity-misspelt.yml",
    [
      [
        7,
        "hazards[0].residual.severity",
        'HAZ-003 residual.severity "majr" is not one of minor, significant, considerable, major, catastrophic (did you mean "major"?)',
      ],
    ],
  ],
  ["bad-id-pattern.yml", [[3, "hazards[0].id", "HAZ-9 does not match the hazard id pattern HAZ-\\d{3,}"]]],
  [
    "bad-code-glob.yml",
    [
      [
        11,
        "hazards[0].code[0]",
        'HAZ-011 code[0] must be a supported glob (this one uses an extglob such as @(…) or !(…), which is not supported: list the alternatives with {a,b} or as separate globs), not "@(*|*)@(*|*)@(*|*)@(*|*)@(*|*)@(*|*)x"',
      ],
    ],
  ],
  ["bad-dangling-reference.yml", [[11, "hazards[0].references[0]", "HAZ-010 references HAZ-099, which is not in the hazard log"]]],
  [
    "bad-missing-field.yml",
    [
      [3, "hazards[0].residual", "HAZ-006 is missing required field residual"],
      [3, "hazards[0].owner", "HAZ-006 is missing required field owner"],
    ],
  ],
  ["bad-unknown-field.yml", [[8, "hazards[0].justfication", 'HAZ-008 has unknown field justfication (did you mean "justification"?)']]],
  [
    "bad-date.yml",
    [
      [9, "hazards[0].raised", 'HAZ-009 raised must be a date written YYYY-MM-DD, not "03/02/2026"'],
      [10, "hazards[0].updated", 'HAZ-009 updated must be a date written YYYY-MM-DD, not "2026-02-30"'],
    ],
  ],
  [
    "bad-control-type.yml",
    [
      [
        9,
        "hazards[0].additional_controls[1].type",
        'HAZ-004 additional_controls[1].type "policy" is not one of design, test, training, business-process',
      ],
    ],
  ],
  ["bad-yaml-syntax.yml", [[6, "", "YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }"]]],
];

describe("bad fixtures: one per rule", () => {
  it.each(BAD_FIXTURES)("%s", (name, expected) => {
    const file = fixturePath(name);
    const result = parseHazardLog(readFixture(name), file, { idPattern: ID_PATTERN });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(expected.map(([line, path, message]) => ({ file, line, path, message })));
  });
});

/** Lints a document of the given lines (after a first line `hazards:`), returning `line: message` strings. */
function lintLines(lines: string[], idPattern = ID_PATTERN): string[] {
  const text = ["hazards:", ...lines].join("\n");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return lintHazardDocument(doc, lineCounter, "log.yml", { idPattern }).problems.map((p) => `${p.line}: ${p.message}`);
}

const FIELDS = ["id", "title", "initial", "residual", "status", "owner", "raised"] as const;
const VALID: Record<(typeof FIELDS)[number], string> = {
  id: "HAZ-001",
  title: "Wrong patient",
  initial: "{ severity: major, likelihood: medium }",
  residual: "{ severity: major, likelihood: low }",
  status: "open",
  owner: "dr-cso",
  raised: "2026-03-02",
};

/**
 * One valid entry with some fields replaced (or removed with `null`), then `extra` fields. With nothing
 * removed the lines are: 2 id, 3 title, 4 initial, 5 residual, 6 status, 7 owner, 8 raised, 9+ extra.
 */
function entry(replace: Partial<Record<(typeof FIELDS)[number], string | null>> = {}, extra: string[] = []): string[] {
  const lines = FIELDS.flatMap((f) => {
    const value = f in replace ? replace[f] : VALID[f];
    return value === null || value === undefined ? [] : [`${f}: ${value}`];
  });
  return [...lines.map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)), ...extra.map((l) => `    ${l}`)];
}

describe("lint rules", () => {
  it.each([
    ["a valid open hazard", entry(), []],
    ["a closed hazard with a justification", entry({ status: "closed" }, ["justification: Context bound to the tab."]), []],
    [
      "a blank justification (points at it, not at the status)",
      entry({ status: "closed" }, ['justification: "  "']),
      ["9: HAZ-001 is closed without a justification"],
    ],
    ["a transferred hazard without a justification (only closing needs one)", entry({ status: "transferred" }), []],
    [
      "a residual rating written wrongly",
      entry({ residual: "{ severity: major, likelihood: low, rating: 2 }" }),
      ["5: HAZ-001 residual rating 2 disagrees with the risk matrix: major × low is 3"],
    ],
    ["a hazard that references itself", entry({}, ["references: [HAZ-001]"]), ["9: HAZ-001 references itself"]],
    [
      "an id only partly matching the pattern (the pattern is anchored)",
      entry({ id: "XHAZ-0012" }),
      ["2: XHAZ-0012 does not match the hazard id pattern HAZ-\\d{3,}"],
    ],
    ["an entry without an id (named by its path)", entry({ id: null }), ["2: hazards[0] is missing required field id"]],
    ["a numeric id", entry({ id: "7" }), ["2: hazards[0] id must be text, not 7"]],
    ["a blank title", entry({ title: '""' }), ["3: HAZ-001 title must not be blank"]],
    ["a field with no value", entry({}, ["description:"]), ["9: HAZ-001 description has no value"]],
    ["a single string where a list belongs", entry({}, ["code: src/dose/**"]), ['9: HAZ-001 code must be a list, not "src/dose/**"']],
    [
      "a stored rating written as a word",
      entry({ initial: "{ severity: major, likelihood: medium, rating: high }" }),
      ['4: HAZ-001 initial.rating must be a number, not "high"'],
    ],
    [
      "a likelihood written with a space",
      entry({ residual: "{ severity: major, likelihood: very low }" }),
      ['5: HAZ-001 residual.likelihood "very low" is not one of very-low, low, medium, high, very-high (did you mean "very-low"?)'],
    ],
    [
      "a severity too far from any to guess",
      entry({ initial: "{ severity: bad, likelihood: medium }" }),
      ['4: HAZ-001 initial.severity "bad" is not one of minor, significant, considerable, major, catastrophic'],
    ],
    [
      "an unknown field inside a risk",
      entry({ residual: "{ severity: major, likelihood: low, likelyhood: low }" }),
      ['5: HAZ-001 has unknown field residual.likelyhood (did you mean "likelihood"?)'],
    ],
  ])("%s", (_name, lines, expected) => {
    expect(lintLines(lines)).toEqual(expected);
  });

  it("sees ids of entries that fail the schema, so a reference to them is not dangling", () => {
    const problems = lintLines([...entry({}, ["references: [HAZ-002]"]), ...entry({ id: "HAZ-002", owner: null })]);
    expect(problems).toEqual(["10: HAZ-002 is missing required field owner"]);
  });

  it("anchors an alternation as a whole", () => {
    expect(lintLines(entry({ id: "RISK-12x" }), "HAZ-\\d+|RISK-\\d+")).toEqual([
      "2: RISK-12x does not match the hazard id pattern HAZ-\\d+|RISK-\\d+",
    ]);
  });

  it("reports every duplicate after the first against the first", () => {
    expect(lintLines([...entry(), ...entry(), ...entry()])).toEqual([
      "9: HAZ-001 is a duplicate id: already used by the entry at line 2",
      "16: HAZ-001 is a duplicate id: already used by the entry at line 2",
    ]);
  });

  it("sorts problems by line across rules", () => {
    const lines = entry({ residual: "{ severity: catastrophic, likelihood: very-high }", status: "closed" }, ["references: [HAZ-404]"]);
    expect(lintLines(lines)).toEqual([
      "5: HAZ-001 residual rating 5 exceeds initial rating 3",
      "6: HAZ-001 is closed without a justification",
      "9: HAZ-001 references HAZ-404, which is not in the hazard log",
    ]);
  });
});

describe("duplicate YAML keys", () => {
  it("are syntax errors, so the second value never silently wins", () => {
    const text = ["hazards:", ...entry({}, ["status: closed"])].join("\n");
    const result = parseHazardLog(text, "log.yml", { idPattern: ID_PATTERN });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ file: "log.yml", path: "", line: 9, message: "YAML syntax error: Map keys must be unique" }]);
  });
});

describe("formatProblem", () => {
  it.each<[Problem, string]>([
    [
      { file: "docs/safety/hazard-log.yml", path: "hazards[1].id", line: 12, message: "HAZ-002 is a duplicate id" },
      "docs/safety/hazard-log.yml:12: HAZ-002 is a duplicate id",
    ],
    [{ file: "log.yml", path: "", message: "the hazard log is empty" }, "log.yml: the hazard log is empty"],
  ])("%j → %s", (problem, expected) => {
    expect(formatProblem(problem)).toBe(expected);
  });
});

describe("an id pattern that escapes its wrapping group is refused, not read with another meaning", () => {
  it.each([")(", "a)|(b"])("%s", (idPattern) => {
    const result = parseHazardLog("hazards: []\n", "log.yml", { idPattern });
    expect(result.problems.map((p) => p.message)).toContain(`the hazard id pattern ${JSON.stringify(idPattern)} is not a valid regular expression`);
  });
});
