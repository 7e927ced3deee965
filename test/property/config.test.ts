/**
 * parseConfig on random and hostile text: it never throws (its contract), and returns either a config of
 * the right shape or problems a person can act on, each YAML syntax problem with its line.
 */
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { stringify } from "yaml";
import { parseConfig, type ConfigResult } from "../../src/config/parse.js";
import { YAML_LIMITS } from "../../src/config/yaml-limits.js";
import type { Problem } from "../../src/core/types.js";
import { anyText, billionLaughs, BUDGET_MS, expectWellFormedProblems, jsonAsYaml, mappingAsYaml, RUNS, yamlish } from "./arbitraries.js";

const FILE = ".github/clinical-safety.yml";
const KEYS = ["roles", "rules", "checklist", "hazard_log", "sign_off", "check", "risk_matrix", "_extends"];

const syntaxProblem = (p: Problem) => p.message.startsWith("invalid YAML:");
// Aliases are resolved after parsing, by yaml's toJS, whose errors carry no position: the only YAML problems without a line.
const locatedSyntaxProblem = (p: Problem) => syntaxProblem(p) && !/alias/i.test(p.message);

function expectWellFormed(result: ConfigResult, text: string): void {
  if (result.ok) {
    const { config } = result;
    expect(typeof config.roles).toBe("object");
    expect(config.roles.cso).toBeDefined();
    expect(Array.isArray(config.rules)).toBe(true);
    expect(config.checklist.length).toBeGreaterThan(0);
    expect(typeof config.hazard_log.path).toBe("string");
    expect(typeof config.hazard_log.id_pattern).toBe("string");
    expect(typeof config.check.name).toBe("string");
    const { dismiss_on_push, author_may_sign, distinct_signers, reauthenticate, sign_in_max_age_minutes } = config.sign_off;
    for (const flag of [dismiss_on_push, author_may_sign, distinct_signers]) expect(typeof flag).toBe("boolean");
    expect(typeof reauthenticate === "boolean" || (Array.isArray(reauthenticate) && reauthenticate.every((r) => typeof r === "string"))).toBe(true);
    const age = sign_in_max_age_minutes ?? Number.NaN;
    expect(Number.isInteger(age) && age >= 1 && age <= 60).toBe(true);
  } else {
    expectWellFormedProblems(result.problems, FILE, text, locatedSyntaxProblem);
  }
}

const check = (text: string) => expectWellFormed(parseConfig(text), text);

describe("parseConfig on random input", () => {
  it("never throws, and returns a config or located problems, for any text", () => fc.assert(fc.property(anyText, check), RUNS), BUDGET_MS);

  it(
    "never throws on text made of YAML syntax and the config's own keys",
    () => fc.assert(fc.property(yamlish([...KEYS, "cso", "users", "teams", "id", "paths", "requires", "src/**"]), check), RUNS),
    BUDGET_MS,
  );

  it(
    "YAML that yaml itself wrote is never a syntax problem, whatever it holds",
    () =>
      fc.assert(
        fc.property(fc.oneof(jsonAsYaml, mappingAsYaml(KEYS)), (text) => {
          const result = parseConfig(text);
          expectWellFormed(result, text);
          if (!result.ok) expect(result.problems.filter(syntaxProblem)).toEqual([]);
        }),
        RUNS,
      ),
    BUDGET_MS,
  );
});

const roleId = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,11}$/);
const login = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/);
const segment = fc.stringMatching(/^[a-z0-9_.-]{1,8}$/);
const glob = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.constantFrom("", "/**", "/*.ts", "/**/*.md"), fc.boolean())
  .map(([parts, tail, exclude]) => `${exclude ? "!" : ""}${parts.join("/")}${tail}`);

/** Configurations written as a person might: valid parts, in random numbers and combinations. */
const writtenConfig = fc
  .record({
    roles: fc.dictionary(
      roleId,
      fc.record({ users: fc.array(login, { maxLength: 3 }), teams: fc.array(segment, { maxLength: 2 }) }, { requiredKeys: [] }),
      {
        maxKeys: 3,
      },
    ),
    cso: fc.array(login, { minLength: 1, maxLength: 2 }),
    rules: fc.array(
      fc.record(
        {
          id: roleId,
          description: fc.string({ maxLength: 20 }),
          paths: fc.array(glob, { maxLength: 3 }),
          labels: fc.array(
            fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== ""),
            { maxLength: 2 },
          ),
        },
        { requiredKeys: ["id"] },
      ),
      { maxLength: 3 },
    ),
    sign_off: fc.record({ dismiss_on_push: fc.boolean(), author_may_sign: fc.boolean(), distinct_signers: fc.boolean() }, { requiredKeys: [] }),
    check: fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== "") }, { requiredKeys: [] }),
    hazard_log: fc.record({ path: fc.constantFrom("docs/safety/hazard-log.yml", "safety/log.yaml") }, { requiredKeys: [] }),
  })
  .map(({ roles, cso, rules, ...rest }) => ({
    roles: { ...roles, cso: { users: cso } },
    rules: rules.map((rule) => ({ ...rule, requires: ["cso"] })),
    ...rest,
  }));

describe("parseConfig round trip", () => {
  // Not for risk_matrix: it is written keyed by likelihood and parsed into rows, so the parsed form is not
  // a form that can be written.
  it(
    "a valid configuration written back as YAML parses to the same configuration",
    () =>
      fc.assert(
        fc.property(writtenConfig, (written) => {
          const first = parseConfig(stringify(written));
          fc.pre(first.ok);
          if (!first.ok) return;
          const again = parseConfig(stringify(first.config));
          expect(again).toEqual(first);
        }),
        RUNS,
      ),
    BUDGET_MS,
  );

  it("the generator of written configurations mostly yields valid ones (else the round trip tests nothing)", () => {
    const samples = fc.sample(writtenConfig, { numRuns: 100, seed: 42 });
    const valid = samples.filter((written) => parseConfig(stringify(written)).ok);
    expect(valid.length).toBeGreaterThan(50);
  });
});

describe("parseConfig on hostile input", () => {
  const messages = (text: string): string[] => {
    const result = parseConfig(text);
    expectWellFormed(result, text);
    return result.ok ? [] : result.problems.map((p) => p.message);
  };

  it(
    "5 MB of text is refused as too large",
    () => {
      expect(messages("roles: " + "x".repeat(5_000_000))).toEqual([
        "invalid YAML: the file is too large: 5,000,007 characters, at most 3,000,000 are read",
      ]);
    },
    BUDGET_MS,
  );

  it(
    "200,000 lines of /safety sign-off are refused as too large",
    () => {
      expect(messages("/safety sign-off\n".repeat(200_000))).toEqual([
        "invalid YAML: the file is too large: 3,400,000 characters, at most 3,000,000 are read",
      ]);
    },
    BUDGET_MS,
  );

  it(
    "a line just under the size limit is read",
    () => {
      const text = "roles: " + "x".repeat(YAML_LIMITS.length - 100);
      expect(messages(text)).toContainEqual(expect.stringContaining("rules"));
    },
    BUDGET_MS,
  );

  it.each([
    ["flow lists", "[".repeat(10_000) + "]".repeat(10_000)],
    ["flow mappings", "a: " + "{b: ".repeat(10_000) + "c" + "}".repeat(10_000)],
    ["block lists", "- ".repeat(10_000) + "x"],
    ["indented mappings", Array.from({ length: 1_000 }, (_, i) => " ".repeat(i) + "a:").join("\n")],
    ["unclosed brackets", "roles: " + "[{".repeat(10_000)],
  ])(
    "nesting 10,000 deep (%s) is refused with its line",
    (_kind, text) => {
      const problems = parseConfig(text);
      expectWellFormed(problems, text);
      expect(problems.ok ? [] : problems.problems.map((p) => p.message)).toContain(
        "invalid YAML: the file nests lists and mappings more than 64 levels deep",
      );
    },
    BUDGET_MS,
  );

  it(
    "a billion laughs is refused, not expanded",
    () => {
      expect(messages(billionLaughs(9))).toEqual([expect.stringMatching(/^invalid YAML: .*alias/i)]);
    },
    BUDGET_MS,
  );

  it(
    "a long chain of anchors and aliases is refused, not resolved",
    () => {
      const text = Array.from({ length: 5_000 }, (_, i) => `k${i}: &a${i} [*a${Math.max(0, i - 1)}, *a${Math.max(0, i - 1)}]`).join("\n");
      expect(messages(text)).toEqual(["invalid YAML: the file has more than 100 aliases (*name)"]);
    },
    BUDGET_MS,
  );

  it.each([
    ["NUL characters", "roles:\0\n  cso:\0 {users: [a\0]}\nrules: []\0"],
    ["invalid UTF-8, decoded", new TextDecoder().decode(new Uint8Array([0x72, 0x6f, 0xff, 0xfe, 0xc3, 0x28, 0x3a, 0x0a, 0xe2, 0x82]))],
    ["lone surrogates", "roles:\n  \uD800: {users: [\uDC00]}\nrules: []"],
    ["a byte-order mark and CRLF", "\uFEFFroles:\r\n  cso: {users: [a]}\r\nrules: []\r\n"],
    ["a 500,000-character key", "k".repeat(500_000) + ": 1"],
    ["a 500,000-character quoted scalar", 'roles: "' + "\\u0041".repeat(80_000) + '"'],
    ["an unknown tag", "roles: !!binary AAAA\nrules: !foo []"],
    ["many documents", "roles: {}\n---\n".repeat(10_000)],
  ])(
    "%s give a clear result",
    (_kind, text) => {
      check(text);
    },
    BUDGET_MS,
  );
});
