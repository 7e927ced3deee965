import { describe, expect, it } from "@jest/globals";
import { CSV_COLUMNS, exportFormat, type ExportFormatName, type ExportScope } from "../../src/audit/export-format.js";
import { GENESIS_HASH, sealRecord, type AuditRecord } from "../../src/audit/record.js";
import { body } from "./chain.js";
import { readCsv } from "./csv-reader.js";

const TITLE = '=HYPERLINK("http://evil.example","click"), a | pipe\nand a <b>new</b> line';
const first = sealRecord(body(1, { kind: "classification", data: { title: TITLE, relevant: true } }), GENESIS_HASH);
const second = sealRecord(body(2, { pr: null, headSha: null, configSha: null, kind: "bypass", actor: "@admin" }), first.hash);
const scope: ExportScope = { repo: "acme/app", since: "2026-01-01", until: "2026-01-31" };

/** The whole export of `records`, as the command writes it piece by piece. */
function render(name: ExportFormatName, records: AuditRecord[], exportScope: ExportScope = scope): string {
  const format = exportFormat(name);
  return format.begin(exportScope) + records.map((r, i) => format.record(r, i)).join("") + format.end(records.length);
}

describe("json export", () => {
  it.each<[string, AuditRecord[]]>([
    ["no records", []],
    ["one record", [first]],
    ["two records", [first, second]],
  ])("is one JSON array of every record with every field: %s", (_name, records) => {
    expect(JSON.parse(render("json", records))).toEqual(records);
  });

  it("puts one record on each line, so that it greps and diffs line by line", () => {
    expect(render("json", [first, second]).split("\n")).toEqual(["[", `${JSON.stringify(first)},`, JSON.stringify(second), "]", ""]);
  });
});

describe("csv export", () => {
  it("has a header and one row per record, every row the width of the header", () => {
    const rows = readCsv(render("csv", [first, second]));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
  });

  it("writes each field in its column, the title defused and kept whole", () => {
    const [header = [], row = []] = readCsv(render("csv", [first]));
    const cell = Object.fromEntries(header.map((name, i) => [name, row[i]]));
    expect(cell).toEqual({
      seq: "1",
      id: first.id,
      at: first.at,
      kind: "classification",
      repo: "acme/app",
      pr: "12",
      actor: "user1",
      title: `'${TITLE}`,
      head_sha: first.headSha,
      config_sha: first.configSha,
      data: JSON.stringify({ relevant: true, title: TITLE }),
      prev_hash: GENESIS_HASH,
      hash: first.hash,
    });
  });

  it("leaves absent values empty", () => {
    const [, row = []] = readCsv(render("csv", [second]));
    expect([row[5], row[7], row[8], row[9]]).toEqual(["", "", "", ""]);
    expect(row[6]).toBe("'@admin");
  });

  it("is only the header when there is nothing to export", () => {
    expect(render("csv", [])).toBe(`${CSV_COLUMNS.join(",")}\r\n`);
  });
});

describe("md export", () => {
  it("is a heading, the window, and a table with one escaped row per record", () => {
    expect(render("md", [first, second]).split("\n")).toEqual([
      "# Audit trail of acme/app",
      "",
      "Records from 2026-01-01 until 2026-01-31, in the order they were recorded. Times are UTC.",
      "",
      "| seq | time | kind | PR | actor | title | head | details |",
      "| ---: | --- | --- | ---: | --- | --- | --- | --- |",
      "| 1 | 2026-01-01 09:01:00 | classification | #12 | user1 | " +
        '\\=HYPERLINK\\("http://evil.example","click"\\), a \\| pipe and a &lt;b&gt;new&lt;/b&gt; line | `aaaaaaa` | ' +
        '`{"relevant":true,"title":"=HYPERLINK(\\"http://evil.example\\",\\"click\\"), a \\| pipe\\nand a <b>new</b> line"}` |',
      "| 2 | 2026-01-01 09:02:00 | bypass | — | @\u200badmin |  | — | " + '`{"meaning":"clinical safety approval as CSO","role":"cso"}` |',
      "",
      "2 records.",
      "",
    ]);
  });

  it.each<[ExportScope, string]>([
    [{ repo: "acme/app" }, "All records, in the order they were recorded. Times are UTC."],
    [{ repo: "acme/app", since: "2026-03-01" }, "Records from 2026-03-01, in the order they were recorded. Times are UTC."],
    [{ repo: "acme/app", until: "2026-03-01" }, "Records until 2026-03-01, in the order they were recorded. Times are UTC."],
  ])("says which records it holds: %j", (exportScope, line) => {
    expect(render("md", [], exportScope).split("\n")[2]).toBe(line);
  });

  it("counts one record in the singular", () => {
    expect(render("md", [first]).endsWith("\n1 record.\n")).toBe(true);
  });
});
