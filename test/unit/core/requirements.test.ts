import { describe, expect, it } from "@jest/globals";
import { classify } from "../../../src/core/match.js";
import { questionsFor, requiredRoles, rolesOf, signOffMeaning, configuredName } from "../../../src/core/requirements.js";
import { config, pr } from "./factory.js";

const paths = (...p: string[]) => pr({ files: p.map((path) => ({ path, status: "modified" as const })) });

describe("requiredRoles and questionsFor", () => {
  it.each([
    [
      "prescribing",
      paths("src/prescribing/a.ts"),
      [
        ["cso", ["prescribing"]],
        ["cpm", ["prescribing"]],
      ],
      ["decision-logic", "calculations"],
    ],
    ["interface asks every question", paths("web/a.ts"), [["cpm", ["interface"]]], ["decision-logic", "calculations", "displayed-data"]],
    [
      "both rules: union, in config order",
      paths("web/a.ts", "src/prescribing/a.ts"),
      [
        ["cso", ["prescribing"]],
        ["cpm", ["prescribing", "interface"]],
      ],
      ["decision-logic", "calculations", "displayed-data"],
    ],
    ["governance needs the CSO and asks nothing", paths("docs/safety/hazard-log.yml"), [["cso", ["governance"]]], []],
    ["nothing relevant", paths("README.md"), [], []],
  ])("%s", (_name, snapshot, roles, questions) => {
    const c = classify(config(), snapshot);
    expect(requiredRoles(config(), c).map((r) => [r.role, r.rules])).toEqual(roles);
    expect(questionsFor(config(), c).map((q) => q.id)).toEqual(questions);
  });
});

describe("rolesOf", () => {
  const roles = config().roles;
  it.each([
    ["cleo", ["clinical-safety"], ["cso"]],
    ["Cleo", ["clinical-safety"], ["cso"]],
    ["pat", [], ["cpm"]],
    ["PAT", [], ["cpm"]],
    ["sam", ["clinical-product", "clinical-safety"], ["cso", "cpm"]],
    ["eve", ["other-team"], []],
    ["eve", [], []],
  ])("%s in teams %j → %j", (login, teams, expected) => {
    expect(rolesOf(roles, login, new Set(teams))).toEqual(expected);
  });
});

describe("signOffMeaning", () => {
  it.each([
    ["cso", "clinical safety approval as CSO"],
    ["cpm", "clinical impact approval as CPM"],
    ["clinical-lead", "clinical safety approval as clinical-lead"],
  ])("%s → %s", (role, meaning) => expect(signOffMeaning(role)).toBe(meaning));
  it("a role's configured meaning wins", () => {
    expect(signOffMeaning("cpm", { meaning: "clinical impact approval" })).toBe("clinical impact approval");
    expect(signOffMeaning("cso", {})).toBe("clinical safety approval as CSO");
  });
});

describe("configuredName", () => {
  it("finds a person's printed name by login, whatever its case", () => {
    expect(configuredName({ "Dr-CSO": "Dr Cleo Smith" }, "dr-cso")).toBe("Dr Cleo Smith");
    expect(configuredName({ "dr-cso": "Dr Cleo Smith" }, "pat")).toBeUndefined();
    expect(configuredName(undefined, "pat")).toBeUndefined();
  });
});
