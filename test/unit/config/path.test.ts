import { describe, expect, it } from "@jest/globals";
import { formatPath } from "../../../src/config/path.js";

describe("formatPath", () => {
  it.each<[PropertyKey[], string]>([
    [[], ""],
    [["roles"], "roles"],
    [["sign_off", "author_may_sign"], "sign_off.author_may_sign"],
    [["rules", 0, "requires", 1], "rules[0].requires[1]"],
    [["risk_matrix", "very-low", 4], "risk_matrix.very-low[4]"],
    [["roles", "Clinical Product"], 'roles["Clinical Product"]'],
    [["roles", "a.b", "teams"], 'roles["a.b"].teams'],
    [[0], "[0]"],
  ])("%j → %s", (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});
