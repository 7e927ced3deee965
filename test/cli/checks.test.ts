import { describe, expect, it } from "@jest/globals";
import { checkConfig, formatConfigProblem } from "../../src/cli/config-check.js";
import { checkHazardLog, hazardSettings, invalidConfigResult } from "../../src/cli/hazards-check.js";
import type { Problem } from "../../src/core/types.js";
import { DCB0129_MATRIX } from "../../src/hazards/risk-matrix.js";

const CONFIG = ".github/clinical-safety.yml";
const MINIMAL = "roles:\n  cso: { users: [dr-cso] }\nrules: []\n";
// Stricter than DCB0129: minor × high rates 3 instead of 2.
const STRICT_MATRIX = [
  "risk_matrix:",
  "  very-low:  [1, 1, 2, 2, 3]",
  "  low:       [1, 2, 2, 3, 4]",
  "  medium:    [2, 2, 3, 3, 4]",
  "  high:      [3, 3, 3, 4, 5]",
  "  very-high: [3, 4, 4, 5, 5]",
].join("\n");
/** STRICT_MATRIX as the configuration parses it: rows by likelihood, ascending. */
const STRICT_ROWS = [
  [1, 1, 2, 2, 3],
  [1, 2, 2, 3, 4],
  [2, 2, 3, 3, 4],
  [3, 3, 3, 4, 5],
  [3, 4, 4, 5, 5],
];

/** A one-hazard log; `id` and the stored initial rating vary. */
function log(id: string, initialRating: number): string {
  return [
    "hazards:",
    `  - id: ${id}`,
    "    title: Alert suppressed after restart",
    `    initial: { severity: minor, likelihood: high, rating: ${initialRating} }`,
    "    residual: { severity: minor, likelihood: low }",
    "    status: open",
    "    owner: dr-cso",
    "    raised: 2026-03-02",
    "",
  ].join("\n");
}

describe("formatConfigProblem", () => {
  it.each<[Problem, string]>([
    [
      { file: CONFIG, path: "rules[0].requires", line: 8, message: "must name at least one role" },
      `${CONFIG}:8: rules[0].requires: must name at least one role`,
    ],
    [{ file: CONFIG, path: "checks", message: 'unknown key "checks"' }, `${CONFIG}: checks: unknown key "checks"`],
    [{ file: CONFIG, path: "", line: 2, message: "invalid YAML: x" }, `${CONFIG}:2: invalid YAML: x`],
    [{ file: CONFIG, path: "", message: "the file is empty" }, `${CONFIG}: the file is empty`],
  ])("%# → %s", (problem, line) => {
    expect(formatConfigProblem(problem)).toBe(line);
  });
});

describe("checkConfig", () => {
  it.each<[string, string, { exitCode: number; lines: string[] }]>([
    ["a minimal file", MINIMAL, { exitCode: 0, lines: [`${CONFIG}: ok`] }],
    ["an empty file", "", { exitCode: 1, lines: [`${CONFIG}: the file is empty: it must define at least roles and rules`] }],
    [
      "a rule requiring an undefined role",
      `${MINIMAL.replace("rules: []", "rules:\n  - { id: ui, paths: [web/**], requires: [cpm] }")}`,
      { exitCode: 1, lines: [`${CONFIG}:4: rules[0].requires[0]: role "cpm" is not defined in roles`] },
    ],
  ])("%s", (_name, text, expected) => {
    expect(checkConfig(text, CONFIG)).toEqual(expected);
  });
});

describe("hazardSettings", () => {
  it("gives the product's defaults when there is no configuration", () => {
    expect(hazardSettings(undefined)).toEqual({
      ok: true,
      logPath: "docs/safety/hazard-log.yml",
      options: { idPattern: "HAZ-\\d{3,}" },
    });
  });

  it.each<[string, string, { logPath: string; idPattern: string; matrix?: number[][] }]>([
    ["defaults in a configuration that leaves them out", MINIMAL, { logPath: "docs/safety/hazard-log.yml", idPattern: "HAZ-\\d{3,}" }],
    [
      "the configured path and id pattern",
      `${MINIMAL}hazard_log: { path: safety/risks.yml, id_pattern: "RISK-[0-9]+" }\n`,
      { logPath: "safety/risks.yml", idPattern: "RISK-[0-9]+" },
    ],
    [
      "the configured risk matrix, as rows by likelihood",
      `${MINIMAL}${STRICT_MATRIX}\n`,
      {
        logPath: "docs/safety/hazard-log.yml",
        idPattern: "HAZ-\\d{3,}",
        matrix: STRICT_ROWS,
      },
    ],
  ])("reads %s", (_name, text, { logPath, ...options }) => {
    expect(hazardSettings({ file: CONFIG, text })).toEqual({ ok: true, logPath, options });
  });

  it("returns the configuration's problems when it is invalid", () => {
    const settings = hazardSettings({ file: "custom.yml", text: `${MINIMAL}hazard_log: { id_pattern: "(" }\n` });
    expect(settings).toEqual({
      ok: false,
      problems: [
        {
          file: "custom.yml",
          path: "hazard_log.id_pattern",
          line: 4,
          message: "is not a valid regular expression (Unterminated group)",
        },
      ],
    });
  });
});

describe("checkHazardLog", () => {
  const file = "docs/safety/hazard-log.yml";

  it.each<[string, string, { idPattern: string; matrix?: number[][] }, { exitCode: number; lines: string[] }]>([
    ["a valid log", log("HAZ-001", 2), { idPattern: "HAZ-\\d{3,}" }, { exitCode: 0, lines: [`${file}: ok (1 hazard)`] }],
    ["an empty list", "hazards: []\n", { idPattern: "HAZ-\\d{3,}" }, { exitCode: 0, lines: [`${file}: ok (0 hazards)`] }],
    [
      "a rating judged by the configured matrix",
      log("HAZ-001", 3),
      { idPattern: "HAZ-\\d{3,}", matrix: STRICT_ROWS },
      { exitCode: 0, lines: [`${file}: ok (1 hazard)`] },
    ],
    [
      "the same rating under the DCB0129 matrix",
      log("HAZ-001", 3),
      { idPattern: "HAZ-\\d{3,}", matrix: DCB0129_MATRIX },
      { exitCode: 1, lines: [`${file}:4: HAZ-001 initial rating 3 disagrees with the risk matrix: minor × high is 2`] },
    ],
    [
      "an id under a configured pattern",
      log("HAZ-001", 2),
      { idPattern: "RISK-[0-9]+" },
      { exitCode: 1, lines: [`${file}:2: HAZ-001 does not match the hazard id pattern RISK-[0-9]+`] },
    ],
  ])("%s", (_name, text, options, expected) => {
    expect(checkHazardLog({ file, text }, options)).toEqual(expected);
  });
});

describe("invalidConfigResult", () => {
  it("lists the configuration's problems and says the log was not checked", () => {
    const problems: Problem[] = [{ file: CONFIG, path: "roles", line: 1, message: 'role "cso" must be defined' }];
    expect(invalidConfigResult(problems, "log.yml")).toEqual({
      exitCode: 1,
      lines: [
        `${CONFIG}:1: roles: role "cso" must be defined`,
        "log.yml: not checked: the configuration that sets its id pattern and risk matrix is invalid",
      ],
    });
  });
});
