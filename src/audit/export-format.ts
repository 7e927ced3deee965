/**
 * The three export formats of `clinical-safety audit export`, each cut into the text written before the
 * first record, the text of one record, and the text after the last one, so that an export of any size
 * is written as it is read, in constant memory. Pure: records in, text out.
 */
import { escapeMarkdown, inlineCode } from "../render/escape.js";
import { canonicalJson } from "./canonical-json.js";
import { csvRow } from "./csv.js";
import type { AuditRecord } from "./record.js";

/** The names `--format` accepts. */
export const EXPORT_FORMATS = ["json", "csv", "md"] as const;

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];

/** What was asked for, shown in the Markdown heading. Times as the user gave them. */
export interface ExportScope {
  repo: string;
  since?: string;
  until?: string;
}

/** A format, as three pieces of text. */
export interface ExportFormat {
  /** Written before the first record (even when there is none). */
  begin(scope: ExportScope): string;
  /** One record; `index` counts from 0 in the order written. */
  record(record: AuditRecord, index: number): string;
  /** Written after the last record. */
  end(count: number): string;
}

/**
 * JSON: one array, one record per line, every field of the record (hashes included, so anyone can
 * recompute each record's hash from the export). A streamed array rather than JSON Lines because the
 * output is then a single JSON document any tool parses as it is, and still greps line by line.
 */
const json: ExportFormat = {
  begin: () => "[\n",
  record: (record, index) => `${index === 0 ? "" : ",\n"}${JSON.stringify(record)}`,
  end: (count) => (count === 0 ? "]\n" : "\n]\n"),
};

/** CSV columns, in order; `data` is the record's canonical JSON, `title` lifted out of it for reading. */
export const CSV_COLUMNS = [
  "seq",
  "id",
  "at",
  "kind",
  "repo",
  "pr",
  "actor",
  "title",
  "head_sha",
  "config_sha",
  "data",
  "prev_hash",
  "hash",
] as const;

/** CSV (RFC 4180, CRLF rows, formula-safe cells: see csv.ts) with a header row. */
const csv: ExportFormat = {
  begin: () => csvRow(CSV_COLUMNS),
  record: (r) =>
    csvRow([
      String(r.seq),
      r.id,
      r.at,
      r.kind,
      r.repo,
      r.pr === null ? "" : String(r.pr),
      r.actor,
      titleOf(r),
      r.headSha ?? "",
      r.configSha ?? "",
      canonicalJson(r.data),
      r.prevHash,
      r.hash,
    ]),
  end: () => "",
};

/**
 * Markdown: a heading saying what was exported, then a table a person reads (the evidence in full in the
 * last column; ids and hashes are left to the JSON and CSV exports). Every typed text is escaped.
 */
const md: ExportFormat = {
  begin: (scope) => {
    const window = [scope.since && `from ${scope.since}`, scope.until && `until ${scope.until}`].filter(Boolean).join(" ");
    return [
      `# Audit trail of ${escapeMarkdown(scope.repo)}`,
      "",
      `${window ? `Records ${escapeMarkdown(window)}` : "All records"}, in the order they were recorded. Times are UTC.`,
      "",
      "| seq | time | kind | PR | actor | title | head | details |",
      "| ---: | --- | --- | ---: | --- | --- | --- | --- |",
      "",
    ].join("\n");
  },
  record: (r) => {
    const cells = [
      String(r.seq),
      r.at.replace("T", " ").replace(/\.\d+Z$/, ""),
      r.kind,
      r.pr === null ? "—" : `#${r.pr}`,
      escapeMarkdown(r.actor),
      escapeMarkdown(titleOf(r)),
      r.headSha === null ? "—" : inlineCode(r.headSha.slice(0, 7), { inTable: true }),
      inlineCode(canonicalJson(r.data), { inTable: true }),
    ];
    return `| ${cells.join(" | ")} |\n`;
  },
  end: (count) => `\n${count} ${count === 1 ? "record" : "records"}.\n`,
};

const FORMATS: Readonly<Record<ExportFormatName, ExportFormat>> = { json, csv, md };

/** The format named `name`. */
export function exportFormat(name: ExportFormatName): ExportFormat {
  return FORMATS[name];
}

/** The PR title the record carries in `data.title`, if any. */
function titleOf(record: AuditRecord): string {
  const title = record.data.title;
  return typeof title === "string" ? title : "";
}
