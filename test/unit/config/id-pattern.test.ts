import { describe, expect, it } from "@jest/globals";
import { idPatternProblem } from "../../../src/config/id-pattern.js";

describe("idPatternProblem", () => {
  it.each(["HAZ-\\d{3,}", "RISK-[0-9]+", "\\bH-\\d+\\b", "(?:HAZ|RSK)-\\d{3}"])("accepts %s", (pattern) => {
    expect(idPatternProblem(pattern)).toBeUndefined();
  });

  it.each([
    ["", "must not be empty"],
    ["  ", "must not be empty"],
    ["HAZ-(\\d+", "is not a valid regular expression (Unterminated group)"],
    ["HAZ-[0-9", "is not a valid regular expression (Unterminated character class)"],
    ["*HAZ", "is not a valid regular expression (Nothing to repeat)"],
    ["\\d*", "must not match the empty string (every text would seem to name a hazard)"],
    ["HAZ-\\d+|", "must not match the empty string (every text would seem to name a hazard)"],
    ["(?=HAZ)", "must not match the empty string (every text would seem to name a hazard)"],
    ["\\b", "must not match the empty string (every text would seem to name a hazard)"],
  ])("refuses %j: %s", (pattern, problem) => {
    expect(idPatternProblem(pattern)).toBe(problem);
  });
});
