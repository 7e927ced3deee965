/**
 * Reads CSV as RFC 4180 defines it, the way a spreadsheet splits cells: an independent reader, so that
 * tests check what the export means and not how it is written.
 */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      if (cell !== "") throw new Error(`quote inside an unquoted cell at ${i}`);
      quoted = true;
    } else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else if (c === "\n" || c === "\r") {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      cell += c;
    }
  }
  if (quoted) throw new Error("unterminated quoted cell");
  if (cell !== "" || row.length > 0) throw new Error("last row not ended by CRLF");
  return rows;
}
