import { describe, expect, it } from "@jest/globals";
import { findHazardIds, hazardsForFiles } from "../../../src/hazards/link.js";
import { ID_PATTERN, makeHazard } from "./helpers.js";

describe("findHazardIds", () => {
  it.each<[string, string, string[]]>([
    ["none", "Refactor the dose calculator", []],
    ["one", "Fixes the stale weight (HAZ-002).", ["HAZ-002"]],
    ["several, in order of first appearance, once each", "HAZ-010, HAZ-002 and again HAZ-010", ["HAZ-010", "HAZ-002"]],
    ["more than three digits", "See HAZ-1234", ["HAZ-1234"]],
    ["too few digits", "See HAZ-12", []],
    ["glued to a word before", "XHAZ-007 is not an id", []],
    ["glued to letters after", "HAZ-007a is not an id", []],
    ["in markdown and links", "**HAZ-001**, [HAZ-002](https://x/HAZ-002), `HAZ-003`", ["HAZ-001", "HAZ-002", "HAZ-003"]],
    ["at line starts and ends", "HAZ-001\n- HAZ-002\nlinked: HAZ-003", ["HAZ-001", "HAZ-002", "HAZ-003"]],
    ["with a hyphen after (a word boundary)", "HAZ-004-related", ["HAZ-004"]],
    ["lower case (ids are case-sensitive)", "haz-004", []],
  ])("%s", (_name, text, expected) => {
    expect(findHazardIds(text, ID_PATTERN)).toEqual(expected);
  });

  it.each<[string, string, string[]]>([
    ["an exact digit count does not take a prefix of a longer number", "HAZ-\\d{3}", ["HAZ-007"]],
    ["an alternation is bounded as a whole", "HAZ-\\d+|RISK-\\d+", ["HAZ-007", "RISK-42", "HAZ-0071"]],
    ["a pattern that can match nothing finds no empty ids", "(HAZ-\\d+)?", ["HAZ-007", "HAZ-0071"]],
  ])("%s (%s)", (_name, pattern, expected) => {
    expect(findHazardIds("HAZ-007, RISK-42, HAZ-0071", pattern)).toEqual(expected);
  });
});

describe("hazardsForFiles", () => {
  const dose = makeHazard({ id: "HAZ-002", code: ["src/prescribing/dose/**"] });
  const alerts = makeHazard({ id: "HAZ-004", code: ["src/alerts/**", "!src/alerts/*.md"] });
  const deploy = makeHazard({ id: "HAZ-007", code: [".github/workflows/**"] });
  const unlinked = makeHazard({ id: "HAZ-009" });
  const all = [dose, alerts, deploy, unlinked];

  it.each<[string, string[], [string, string[]][]]>([
    ["no files", [], []],
    ["an unrelated file", ["README.md"], []],
    ["one hazard", ["src/prescribing/dose/weight.ts", "README.md"], [["HAZ-002", ["src/prescribing/dose/weight.ts"]]]],
    [
      "several hazards, in log order, each with its files",
      ["src/alerts/fire.ts", "src/prescribing/dose/a.ts", "src/prescribing/dose/b/c.ts"],
      [
        ["HAZ-002", ["src/prescribing/dose/a.ts", "src/prescribing/dose/b/c.ts"]],
        ["HAZ-004", ["src/alerts/fire.ts"]],
      ],
    ],
    ["a dotfile path (dot: true)", [".github/workflows/deploy.yml"], [["HAZ-007", [".github/workflows/deploy.yml"]]]],
    ["a file excluded by a ! glob", ["src/alerts/README.md"], []],
    ["a neighbouring directory with a common prefix", ["src/prescribing/dosage.ts"], []],
  ])("%s", (_name, files, expected) => {
    expect(hazardsForFiles(all, files).map(({ hazard, files: hits }) => [hazard.id, hits])).toEqual(expected);
  });

  it("ignores a hazard whose globs only exclude", () => {
    const onlyExclude = makeHazard({ id: "HAZ-011", code: ["!docs/**"] });
    expect(hazardsForFiles([onlyExclude], ["src/a.ts"])).toEqual([]);
  });

  it("returns the hazard objects it was given (summaries work too)", () => {
    const summary = { id: "HAZ-002", title: "Dose", status: "open", code: ["src/prescribing/dose/**"] };
    expect(hazardsForFiles([summary], ["src/prescribing/dose/x.ts"])[0]?.hazard).toBe(summary);
  });
});
