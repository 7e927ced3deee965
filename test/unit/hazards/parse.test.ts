import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "@jest/globals";
import { parseHazardLog, toSummary } from "../../../src/hazards/parse.js";
import { ID_PATTERN, fixturePath, readFixture } from "./helpers.js";

const SAMPLE = fixturePath("sample-log.yml");

describe("the DOMAIN.md sample log", () => {
  const result = parseHazardLog(readFixture("sample-log.yml"), SAMPLE, { idPattern: ID_PATTERN });

  it("lints clean", () => {
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  // The table in DOMAIN.md: id, initial, residual, status.
  it.each([
    ["HAZ-001", "major", "medium", 3, "major", "very-low", 2, "closed"],
    ["HAZ-002", "catastrophic", "high", 5, "catastrophic", "very-low", 3, "open"],
    ["HAZ-003", "major", "medium", 3, "major", "low", 3, "transferred"],
    ["HAZ-004", "considerable", "high", 3, "considerable", "medium", 3, "open"],
    ["HAZ-005", "considerable", "medium", 3, "considerable", "low", 2, "closed"],
    ["HAZ-006", "catastrophic", "low", 4, "catastrophic", "very-low", 3, "open"],
    ["HAZ-007", "considerable", "medium", 3, "considerable", "low", 2, "transferred"],
    ["HAZ-008", "considerable", "medium", 3, "considerable", "low", 2, "closed"],
    ["HAZ-009", "significant", "medium", 2, "significant", "very-low", 1, "closed"],
    ["HAZ-010", "major", "low", 3, "major", "very-low", 2, "transferred"],
  ])("%s: %s/%s → %i, residual %s/%s → %i, %s", (id, iSev, iLik, iRating, rSev, rLik, rRating, status) => {
    const h = result.hazards.find((x) => x.id === id);
    expect(h).toMatchObject({
      initial: { severity: iSev, likelihood: iLik },
      initialRating: iRating,
      residual: { severity: rSev, likelihood: rLik },
      residualRating: rRating,
      status,
    });
  });

  it("keeps the entries in file order with the line each starts on", () => {
    expect(result.hazards.map((h) => [h.id, h.line])).toEqual([
      ["HAZ-001", 4],
      ["HAZ-002", 33],
      ["HAZ-003", 52],
      ["HAZ-004", 73],
      ["HAZ-005", 94],
      ["HAZ-006", 114],
      ["HAZ-007", 135],
      ["HAZ-008", 155],
      ["HAZ-009", 175],
      ["HAZ-010", 193],
    ]);
  });

  it("reads dates as YYYY-MM-DD strings and lists in full", () => {
    expect(result.hazards[0]).toMatchObject({
      raised: "2025-11-04",
      updated: "2026-01-20",
      existing_controls: ["Patient banner with name, date of birth and NHS number on every screen"],
      code: ["src/session/**", "web/src/patient-banner/**"],
      references: ["HAZ-010"],
    });
    expect(result.hazards[0]?.additional_controls).toEqual([
      {
        type: "design",
        description: "Patient context bound to the tab; a tab whose context is stale is locked until reloaded",
        evidence: "https://example.org/design/ADR-017-tab-context",
      },
      { type: "test", description: "End-to-end test with two tabs and two patients", evidence: "tests/e2e/patient-context.spec.ts" },
    ]);
  });

  it("summarises a hazard for the gate", () => {
    const h = result.hazards.find((x) => x.id === "HAZ-002");
    expect(h && toSummary(h)).toEqual({
      id: "HAZ-002",
      title: "Paediatric dose uses a stale weight or the wrong unit",
      status: "open",
      initialRating: 5,
      residualRating: 3,
      code: ["src/prescribing/dose/**"],
    });
  });
});

describe("parseHazardLog", () => {
  const opts = { idPattern: ID_PATTERN };
  const minimal = (extra = ""): string =>
    [
      "hazards:",
      "  - id: HAZ-001",
      "    title: Wrong patient",
      "    initial: { severity: major, likelihood: medium }",
      "    residual: { severity: major, likelihood: low }",
      "    status: open",
      "    owner: dr-cso",
      "    raised: 2026-03-02",
      extra,
    ].join("\n");

  it("accepts an empty list of hazards", () => {
    expect(parseHazardLog("hazards: []\n", "log.yml", opts)).toEqual({ ok: true, hazards: [], problems: [] });
  });

  it("defaults the optional lists to empty and derives the ratings", () => {
    const result = parseHazardLog(minimal(), "log.yml", opts);
    expect(result.ok).toBe(true);
    expect(result.hazards[0]).toEqual({
      id: "HAZ-001",
      title: "Wrong patient",
      existing_controls: [],
      initial: { severity: "major", likelihood: "medium" },
      additional_controls: [],
      residual: { severity: "major", likelihood: "low" },
      status: "open",
      owner: "dr-cso",
      raised: "2026-03-02",
      code: [],
      references: [],
      initialRating: 3,
      residualRating: 3,
      line: 2,
    });
  });

  it("normalises the Date objects a YAML 1.1 document yields to YYYY-MM-DD", () => {
    const result = parseHazardLog(`%YAML 1.1\n---\n${minimal("    updated: 2026-03-09")}`, "log.yml", opts);
    expect(result.problems).toEqual([]);
    expect(result.hazards[0]).toMatchObject({ raised: "2026-03-02", updated: "2026-03-09" });
  });

  it("rates with the team's matrix when one is configured", () => {
    const everythingFour = Array.from({ length: 5 }, () => [4, 4, 4, 4, 4]);
    const result = parseHazardLog(minimal(), "log.yml", { ...opts, matrix: everythingFour });
    expect(result.hazards[0]).toMatchObject({ initialRating: 4, residualRating: 4 });
  });

  it("returns the entries that parsed alongside the problems of those that did not", () => {
    const text = `${minimal()}\n  - id: HAZ-002\n    title: Missing everything else\n`;
    const result = parseHazardLog(text, "log.yml", opts);
    expect(result.ok).toBe(false);
    expect(result.hazards.map((h) => h.id)).toEqual(["HAZ-001"]);
    expect(result.problems.map((p) => p.message)).toEqual([
      "HAZ-002 is missing required field initial",
      "HAZ-002 is missing required field residual",
      "HAZ-002 is missing required field status",
      "HAZ-002 is missing required field owner",
      "HAZ-002 is missing required field raised",
    ]);
    expect(new Set(result.problems.map((p) => p.line))).toEqual(new Set([10]));
  });

  it.each([
    ["an empty file", "", [{ path: "", line: undefined, message: 'the hazard log is empty; write "hazards: []" if there are no hazards yet' }]],
    ["a bare list", "- id: HAZ-001\n", [{ path: "", line: 1, message: 'the hazard log must be a mapping with a "hazards" list, not a list' }]],
    [
      "no hazards key",
      "risks: []\n",
      [
        { path: "risks", line: 1, message: 'unknown top-level field risks: only "hazards" is allowed' },
        { path: "", line: 1, message: 'the hazard log has no "hazards" list' },
      ],
    ],
    ["hazards not a list", "hazards:\n  HAZ-001: Wrong patient\n", [{ path: "hazards", line: 1, message: "hazards must be a list, not a mapping" }]],
    [
      "an entry that is not a mapping",
      "hazards:\n  - HAZ-001\n",
      [{ path: "hazards[0]", line: 2, message: 'hazards[0] must be a mapping of hazard fields, not "HAZ-001"' }],
    ],
  ])("reports %s", (_name, text, expected) => {
    const result = parseHazardLog(text, "log.yml", opts);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(expected.map((p) => ({ file: "log.yml", ...p })));
  });

  it("refuses to expand an alias bomb from an untrusted branch", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    const result = parseHazardLog(`${lines.join("\n")}\nhazards: []\n`, "log.yml", opts);
    expect(result.ok).toBe(false);
    expect(result.problems[0]?.message).toMatch(/^the hazard log cannot be read: /);
  });

  it("reports an unusable risk matrix instead of rating with it", () => {
    const result = parseHazardLog(minimal(), "log.yml", { ...opts, matrix: [[1, 2, 3, 4, 5]] });
    expect(result).toEqual({
      ok: false,
      hazards: [],
      problems: [
        {
          file: "log.yml",
          path: "",
          line: 1,
          message: "the risk matrix is unusable: must be a list of 5 rows, one per likelihood from very-low to very-high",
        },
      ],
    });
  });

  it("reports an id pattern that is not a regular expression", () => {
    const result = parseHazardLog(minimal(), "log.yml", { idPattern: "HAZ-(\\d+" });
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.message)).toEqual(['the hazard id pattern "HAZ-(\\\\d+" is not a valid regular expression']);
  });
});

describe("the example in docs/hazard-log.md", () => {
  it("is a valid log, so the documentation cannot drift from the schema", () => {
    const doc = readFileSync(fileURLToPath(new URL("../../../docs/hazard-log.md", import.meta.url)), "utf8");
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
    const result = parseHazardLog(example, "docs/hazard-log.md", { idPattern: ID_PATTERN });
    expect(result.problems).toEqual([]);
    expect(result.hazards.map((h) => [h.id, h.initialRating, h.residualRating, h.status])).toEqual([
      ["HAZ-002", 5, 3, "open"],
      ["HAZ-012", 3, 2, "closed"],
    ]);
  });
});
