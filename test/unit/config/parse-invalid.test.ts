import { describe, expect, it } from "@jest/globals";
import type { Problem } from "../../../src/core/types.js";
import { parseConfig, parseConfigObject } from "../../../src/config/parse.js";
import { readFixture } from "./fixture.js";

type Expected = Omit<Problem, "file">;

const FILE = ".github/clinical-safety.yml";
const CSO_RULE = 'role "cso" must be defined: changes to the hazard log and to .github/clinical-safety.yml always require cso sign-off';
const EMPTY_PATTERN = "must not match the empty string (every text would seem to name a hazard)";

function problems(text: string): Problem[] {
  const result = parseConfig(text);
  if (result.ok) throw new Error("expected the config to be invalid");
  return result.problems;
}

describe("parseConfig on invalid fixtures", () => {
  it.each<[string, Expected[]]>([
    ["invalid-empty.yml", [{ path: "", message: "the file is empty: it must define at least roles and rules" }]],
    ["invalid-top-level-list.yml", [{ path: "", line: 2, message: "the top level must be a mapping (roles:, rules:, ...), not a list" }]],
    ["invalid-yaml-syntax.yml", [{ path: "", line: 6, message: "invalid YAML: the same key appears twice in one mapping" }]],
    [
      "invalid-unknown-keys.yml",
      [
        { path: "roles.cso.team", line: 4, message: 'unknown key "team"' },
        { path: "rules[0]", line: 6, message: 'rule "prescribing" has neither paths nor labels, so it can never match' },
        { path: "rules[0].path", line: 7, message: 'unknown key "path"' },
        { path: "sign_off.allow_author", line: 11, message: 'unknown key "allow_author"' },
        { path: "checks", line: 12, message: 'unknown key "checks"' },
      ],
    ],
    [
      "invalid-types.yml",
      [
        { path: "roles.cso.teams", line: 2, message: 'expected a list, got "clinical-safety" (write ["clinical-safety"])' },
        { path: "rules[0].requires", line: 6, message: 'expected a list, got "cso" (write ["cso"])' },
        { path: "rules[1]", line: 7, message: 'expected a mapping (key: value), got "just-a-string"' },
        { path: "hazard_log.path", line: 9, message: "expected text, got 42" },
        { path: "sign_off.author_may_sign", line: 11, message: 'expected true or false, got "yes"' },
        { path: "sign_off.distinct_signers", line: 12, message: "expected true or false, got nothing" },
        { path: "check", line: 13, message: 'expected a mapping (key: value), got "Clinical safety"' },
      ],
    ],
    [
      "invalid-references.yml",
      [
        { path: "roles", line: 1, message: CSO_RULE },
        { path: "roles.qa", line: 3, message: 'role "qa" has no teams and no users, so nobody can sign off for it' },
        { path: "rules[0].requires[1]", line: 7, message: 'role "cso" is not defined in roles' },
        { path: "rules[0].checklist[1]", line: 8, message: 'question "dose-maths" is not in the checklist' },
        { path: "rules[1].id", line: 9, message: 'duplicate rule id "prescribing" (also rules[0])' },
        { path: "rules[2]", line: 12, message: 'rule "web" has neither paths nor labels, so it can never match' },
        {
          path: "rules[3].paths",
          line: 15,
          message: 'rule "docs-only" has only exclusions ("!") and no labels, so it can never match',
        },
        { path: "checklist[1].id", line: 20, message: 'duplicate question id "decision-logic" (also checklist[0])' },
      ],
    ],
    [
      "invalid-values.yml",
      [
        {
          path: "roles.cso.teams[0]",
          line: 2,
          message:
            '"@acme/clinical-safety" is not a team slug: write the slug from the team\'s URL (e.g. "clinical-safety"), without "@" or the organisation',
        },
        { path: "roles.cso.users[0]", line: 2, message: '"@dr-cso" is not a GitHub login: write the login without "@"' },
        {
          path: 'roles["Clinical Product"]',
          line: 3,
          message: '"Clinical Product" is not a valid role id: use lowercase letters, digits, "-" and "_"',
        },
        { path: "rules[0].id", line: 5, message: '"Prescribing" is not a valid rule id: use lowercase letters, digits, "-" and "_"' },
        { path: "rules[0].paths[0]", line: 6, message: "a glob must not be empty" },
        { path: "rules[0].paths[1]", line: 6, message: "a glob must not be empty" },
        { path: "rules[0].labels[0]", line: 7, message: "a label must not be empty" },
        { path: "rules[0].requires", line: 8, message: "must name at least one role" },
        {
          path: "checklist",
          line: 9,
          message: "must list at least one question (leave checklist out to use the built-in one)",
        },
        { path: "hazard_log.path", line: 11, message: "must be a path inside the repository, e.g. docs/safety/hazard-log.yml" },
        { path: "hazard_log.id_pattern", line: 12, message: "is not a valid regular expression (Unterminated group)" },
        { path: "check.name", line: 13, message: "the check name must not be empty" },
        { path: "_extends", line: 14, message: 'expected "repo", "owner/repo" or "owner/repo:path/to/file.yml"' },
      ],
    ],
    [
      "invalid-risk-matrix.yml",
      [
        { path: "risk_matrix.very-high", line: 4, message: 'missing required key "very-high"' },
        {
          path: "risk_matrix.very-low",
          line: 5,
          message: "expected 5 ratings (minor, significant, considerable, major, catastrophic), got 4",
        },
        { path: "risk_matrix.low[4]", line: 6, message: "expected a rating from 1 to 5" },
        { path: "risk_matrix.medium[3]", line: 7, message: "expected a rating from 1 to 5" },
        {
          path: "risk_matrix.high",
          line: 8,
          message: 'expected a list, got "2, 3, 3, 4, 5" (write the items in brackets: [a, b])',
        },
        { path: "risk_matrix.extreme", line: 9, message: 'unknown key "extreme"' },
      ],
    ],
  ])("%s → every problem, in file order", (fixture, expected) => {
    expect(problems(readFixture(fixture))).toStrictEqual(expected.map((problem) => ({ file: FILE, ...problem })));
  });
});

describe("parseConfig on invalid inline text", () => {
  it.each<[string, string, Expected[]]>([
    [
      "review_requests: an unknown key and a value that is not true or false",
      "roles: { cso: { users: [a] } }\nrules: []\nreview_requests:\n  enabled: sometimes\n  teams: [x]\n",
      [
        { path: "review_requests.enabled", line: 4, message: 'expected true or false, got "sometimes"' },
        { path: "review_requests.teams", line: 5, message: 'unknown key "teams"' },
      ],
    ],
    [
      "the PRODUCT.md example verbatim: its rule names a question its checklist leaves out",
      readFixture("valid-product-example.yml").replace(/ {2}- id: calculations\n.*\n.*\n/, ""),
      [{ path: "rules[0].checklist[1]", line: 12, message: 'question "calculations" is not in the checklist' }],
    ],
    [
      "a rule names a question the built-in checklist does not have",
      "roles: { cso: { users: [a] } }\nrules:\n  - { id: r, labels: [x], requires: [cso], checklist: [dose] }\n",
      [{ path: "rules[0].checklist[0]", line: 3, message: 'question "dose" is not in the built-in checklist' }],
    ],
    [
      "a rule's glob is an extglob, an unclosed class, or (as an exclusion) too long: refused, never matched",
      `roles: { cso: { users: [a] } }\nrules:\n  - id: r\n    paths: ["@(*|*)@(*|*)x", "src/[ab", "!${"x".repeat(300)}"]\n    requires: [cso]\n`,
      [
        {
          path: "rules[0].paths[0]",
          line: 4,
          message: "this glob uses an extglob such as @(…) or !(…), which is not supported: list the alternatives with {a,b} or as separate globs",
        },
        { path: "rules[0].paths[1]", line: 4, message: "this glob has a [ without its closing ]" },
        { path: "rules[0].paths[2]", line: 4, message: "this glob is longer than 256 characters" },
      ],
    ],
    [
      "required top-level keys are missing",
      "# nothing but the hazard log\nhazard_log: { path: safety.yml }\n",
      [
        { path: "roles", line: 2, message: 'missing required key "roles"' },
        { path: "rules", line: 2, message: 'missing required key "rules"' },
      ],
    ],
    [
      "a rule lacks its required keys",
      "roles: { cso: { users: [a] } }\nrules:\n  - labels: [x]\n",
      [
        { path: "rules[0].id", line: 3, message: 'missing required key "id"' },
        { path: "rules[0].requires", line: 3, message: 'missing required key "requires"' },
      ],
    ],
    [
      "a scalar at the top level",
      "just some text\n",
      [{ path: "", line: 1, message: "the top level must be a mapping (roles:, rules:, ...), not a single value" }],
    ],
    [
      "a file of several YAML documents",
      "roles: {}\n---\nrules: []\n",
      [{ path: "", line: 2, message: 'invalid YAML: the file must hold a single YAML document (remove the "---" separator)' }],
    ],
    [
      "a tag YAML cannot resolve (no includes: the file must say what it means)",
      "roles: !include roles.yml\nrules: []\n",
      [{ path: "", line: 1, message: "invalid YAML: Unresolved tag: !include" }],
    ],
    [
      "a problem inside an aliased mapping is located at its anchor",
      "roles:\n  cso: &people\n    users: ['@x']\n  cpm: *people\nrules: []\n",
      [
        { path: "roles.cso.users[0]", line: 3, message: '"@x" is not a GitHub login: write the login without "@"' },
        { path: "roles.cpm.users[0]", line: 3, message: '"@x" is not a GitHub login: write the login without "@"' },
      ],
    ],
    [
      "an id pattern that matches nothing at all",
      "roles: { cso: { users: [a] } }\nrules: []\nhazard_log:\n  id_pattern: 'HAZ-\\d*|'\n",
      [{ path: "hazard_log.id_pattern", line: 4, message: EMPTY_PATTERN }],
    ],
    [
      // Guards against zod checks that abort the whole parse (number().int() does): the cross-field
      // problems must still be reported next to a bad rating.
      "a bad rating does not hide the cross-field problems",
      "roles: { qa: { users: [a] } }\nrules: [{ id: r, labels: [x], requires: [nope] }]\n" +
        "risk_matrix: { very-low: [1, 1, 2, 2, 2.5], low: [1, 2, 2, 3, 4], medium: [2, 2, 3, 3, 4], high: [2, 3, 3, 4, 5], very-high: [3, 4, 4, 5, 5] }\n",
      [
        { path: "roles", line: 1, message: CSO_RULE },
        { path: "rules[0].requires[0]", line: 2, message: 'role "nope" is not defined in roles' },
        { path: "risk_matrix.very-low[4]", line: 3, message: "expected a rating from 1 to 5" },
      ],
    ],
    [
      "a list that is not a list, with commas",
      "roles: { cso: { users: [a] } }\nrules:\n  - id: r\n    labels: [x]\n    requires: cso, cpm\n",
      [{ path: "rules[0].requires", line: 5, message: 'expected a list, got "cso, cpm" (write the items in brackets: [a, b])' }],
    ],
    [
      "a long wrong value is shortened in the message",
      "roles: { cso: { users: [a] } }\nrules: []\nsign_off: { dismiss_on_push: 'only when the author pushes a new commit to the branch' }\n",
      [{ path: "sign_off.dismiss_on_push", line: 3, message: 'expected true or false, got "only when the author pushes a new commi…"' }],
    ],
  ])("%s", (_name, text, expected) => {
    expect(problems(text)).toStrictEqual(expected.map((problem) => ({ file: FILE, ...problem })));
  });

  it("names the file it was given", () => {
    const result = parseConfig("rules: []\n", "configs/team.yml");
    expect(result).toStrictEqual({
      ok: false,
      problems: [{ file: "configs/team.yml", path: "roles", line: 1, message: 'missing required key "roles"' }],
    });
  });
});

describe("parseConfigObject", () => {
  const invalid = { roles: { cso: { users: ["a"] } }, rules: [], check: { name: 7 } };

  it.each<[string, Parameters<typeof parseConfigObject>[2], Problem]>([
    ["without a locator: no line", undefined, { file: "merged", path: "check.name", message: "expected text, got 7" }],
    ["with lines", () => 9, { file: "merged", path: "check.name", line: 9, message: "expected text, got 7" }],
    [
      "with files and lines",
      (path) => ({ file: `base:${path.join(".")}`, line: 2 }),
      { file: "base:check.name", path: "check.name", line: 2, message: "expected text, got 7" },
    ],
  ])("%s", (_name, locate, expected) => {
    expect(parseConfigObject(invalid, "merged", locate)).toStrictEqual({ ok: false, problems: [expected] });
  });

  it.each<[string, unknown]>([
    ["null", null],
    ["a list", []],
    ["a string", "roles"],
  ])("refuses %s without throwing", (_name, value) => {
    const result = parseConfigObject(value, "merged");
    expect(result.ok).toBe(false);
  });
});
