/**
 * CSV cells that open cleanly in a spreadsheet: RFC 4180 quoting, and no formula injection.
 *
 * A PR title is typed by anyone who can open a PR. Written raw into a CSV, `=HYPERLINK("https://evil",
 * "click")` would run as a formula in the CSO's spreadsheet (CWE-1236), and a comma, quote or line break
 * would shift every later column. So every cell that a spreadsheet would read as a formula is prefixed
 * with `'` (shown as text, the prefix itself hidden by most spreadsheets), and every cell that holds a
 * separator is quoted with its quotes doubled.
 */

/**
 * A first character that may make a spreadsheet evaluate the cell: OWASP's list for CSV injection (`=`, `+`,
 * `-`, `@`, tab, carriage return), their fullwidth forms (`＝` `＋` `－` `＠`, which some spreadsheets fold to
 * ASCII on input), and any whitespace (space, line feed, NBSP, …), which spreadsheets may trim before reading
 * a formula: ` =1` and `\u00a0=1` are formulas to some of them. A cell starting with whitespace is defused
 * whatever follows, so no trigger hides behind it.
 */
const FORMULA_START = /^[\s=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;
/** Characters that end a cell or a row unless the cell is quoted (RFC 4180, section 2). */
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: defused if it would be read as a formula, then quoted if it holds a separator or a quote. */
export function csvCell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row, ended by CRLF as RFC 4180 says (line breaks inside quoted cells are kept as they are). */
export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
