import { describe, expect, it } from "@jest/globals";
import { parseConfig } from "../../../src/config/parse.js";

const config = (rows: Record<string, string>) => `roles:
  cso: { teams: [clinical-safety] }
rules: []
risk_matrix:
  very-low:  ${rows["very-low"] ?? "[1, 1, 2, 2, 3]"}
  low:       ${rows.low ?? "[1, 2, 2, 3, 4]"}
  medium:    ${rows.medium ?? "[2, 2, 3, 3, 4]"}
  high:      ${rows.high ?? "[2, 3, 3, 4, 5]"}
  very-high: ${rows["very-high"] ?? "[3, 4, 4, 5, 5]"}
`;

describe("risk_matrix must be a matrix: ratings never fall as severity or likelihood rises", () => {
  it.each<[string, Record<string, string>, { path: string; line: number; message: string }[]]>([
    ["the DCB0129 example", {}, []],
    [
      "falling along severity",
      { "very-low": "[1, 1, 2, 2, 1]" },
      [{ path: "risk_matrix.very-low[4]", line: 5, message: "catastrophic × very-low rates 1, lower than the less severe major × very-low (2)" }],
    ],
    [
      "falling along likelihood",
      { high: "[1, 3, 3, 4, 5]" },
      [{ path: "risk_matrix.high[0]", line: 8, message: "minor × high rates 1, lower than the less likely minor × medium (2)" }],
    ],
  ])("%s", (_name, rows, problems) => {
    const result = parseConfig(config(rows));
    if (problems.length === 0) {
      expect(result.ok).toBe(true);
      return;
    }
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => ({ path: p.path, line: p.line, message: p.message }))).toEqual(problems);
  });
});
