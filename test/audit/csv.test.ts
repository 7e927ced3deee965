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
    ["a leading space left alone (no spreadsheet evaluates it)", " =1", " =1"],
    ["a leading quote left alone", "'quoted", "'quoted"],
  ])("writes %s", (_name, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe("csvRow", () => {
  it("joins cells with commas and ends the row with CRLF", () => {
    expect(csvRow(["a", "b,c", ""])).toBe('a,"b,c",\r\n');
  });

  it.each([
    ['=HYPERLINK("http://evil.example","click")'],
    ["line one\nline two, with a comma"],
    ['"already quoted"'],
    ["-1"],
    ["plain"],
  ])("reads back to one cell each, formula-safe: %j", (value) => {
    const [row] = readCsv(csvRow([value, "next"]));
    expect(row).toHaveLength(2);
    expect(row?.[1]).toBe("next");
    const cell = row?.[0] ?? "";
    expect(cell.replace(/^'(?=[=+\-@\t\r])/, "")).toBe(value);
    expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
