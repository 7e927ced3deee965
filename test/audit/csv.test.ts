import { describe, expect, it } from "@jest/globals";
import { csvCell, csvRow } from "../../src/audit/csv.js";
import { readCsv } from "./csv-reader.js";

describe("csvCell", () => {
  it.each<[string, string, string]>([
    ["plain text as it is", "sign-off", "sign-off"],
    ["an empty cell as nothing", "", ""],
    ["a comma quoted", "a,b", '"a,b"'],
    ["a quote doubled and quoted", 'say "yes"', '"say ""yes"""'],
    ["a line feed quoted", "one\ntwo", '"one\ntwo"'],
    ["a CRLF quoted", "one\r\ntwo", '"one\r\ntwo"'],
    ["a formula defused", "=1+1", "'=1+1"],
    ["a formula with quotes defused and quoted", '=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ["a leading plus defused", "+1 555", "'+1 555"],
    ["a leading minus defused", "-2+3", "'-2+3"],
    ["a leading at-sign defused", "@SUM(A1)", "'@SUM(A1)"],
    ["a leading tab defused", "\t=1", "'\t=1"],
    ["a leading carriage return defused and quoted", "\r=1", `"'\r=1"`],
    ["a formula sign later in the text left alone", "a=b+c-d@e", "a=b+c-d@e"],
    ["a leading quote left alone", "'quoted", "'quoted"],
  ])("writes %s", (_name, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

/**
 * Hole "CSV cells not defused for all spreadsheet triggers": every first character a spreadsheet may read as
 * the start of a formula, alone and in front of one, comes out prefixed with `'`, quoted where it must be.
 */
describe("CSV cells defused for all spreadsheet triggers", () => {
  it.each<[string, string]>([
    ["=", "="],
    ["+", "+"],
    ["-", "-"],
    ["@", "@"],
    ["tab", "\t"],
    ["carriage return", "\r"],
    ["line feed", "\n"],
    ["space", " "],
    ["NBSP (U+00A0)", "\u00a0"],
    ["fullwidth equals (U+FF1D)", "\uff1d"],
    ["fullwidth plus (U+FF0B)", "\uff0b"],
    ["fullwidth minus (U+FF0D)", "\uff0d"],
    ["fullwidth at (U+FF20)", "\uff20"],
    ["ideographic space (U+3000)", "\u3000"],
  ])("a cell starting with %s is prefixed with ' and reads back as one cell", (_name, trigger) => {
    for (const value of [`${trigger}HYPERLINK("http://evil.example","x")`, `${trigger}=1+1`, `  ${trigger}=1`]) {
      const [row] = readCsv(csvRow([value, "next"]));
      expect(row).toEqual([`'${value}`, "next"]);
    }
  });

  it.each([" =1+1", "\t=1", "\u00a0\u00a0@SUM(A1)", ' \uff1dHYPERLINK("x")', "\r\n-1"])(
    "a trigger after leading whitespace is defused: %j",
    (value) => {
      expect(csvCell(value).replace(/^"/, "")).toMatch(/^'/);
    },
  );

  it("leaves cells with no trigger at the start alone", () => {
    expect(csvCell("a =b")).toBe("a =b");
    expect(csvCell("HAZ-012")).toBe("HAZ-012");
  });
});

describe("csvRow", () => {
  it("joins cells with commas and ends the row with CRLF", () => {
    expect(csvRow(["a", "b,c", ""])).toBe('a,"b,c",\r\n');
  });

  it.each([['=HYPERLINK("http://evil.example","click")'], ["line one\nline two, with a comma"], ['"already quoted"'], ["-1"], ["plain"]])(
    "reads back to one cell each, formula-safe: %j",
    (value) => {
      const [row] = readCsv(csvRow([value, "next"]));
      expect(row).toHaveLength(2);
      expect(row?.[1]).toBe("next");
      const cell = row?.[0] ?? "";
      expect(cell.replace(/^'(?=[\s=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/u, "")).toBe(value);
      expect(cell).not.toMatch(/^[\s=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u);
    },
  );
});
