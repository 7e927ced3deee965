import { parseEnv } from "node:util";

/**
 * Reading and rewriting `.env` for `npm run setup`. Pure text in, text out: main.ts does the file I/O.
 *
 * The file is the operator's: whatever else it holds (PUBLIC_URL, DATABASE_URL, comments) is kept line for
 * line; only the keys setup writes are replaced. It is read by Node's own parser (`process.loadEnvFile`,
 * `util.parseEnv`, as src/main.ts and Probot 14 do), which the npm `dotenv` package agrees with for what is
 * written here: bare values, and double-quoted ones in which `\n` stands for a newline.
 */

/** What setup writes, in this order. */
export const CREDENTIAL_KEYS = ["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET", "GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET"] as const;
export type CredentialKey = (typeof CREDENTIAL_KEYS)[number];

/** The variables a `.env` text defines, as `npm start` would read them. */
export function readEnvValues(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseEnv(text))) if (value !== undefined) values[key] = value;
  return values;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;
const QUOTES = ['"', "'", "`"];

/** One logical entry of the file: a comment, a blank line, or an assignment (a quoted value may span lines). */
interface Entry {
  key?: string;
  lines: string[];
}

function entries(text: string): Entry[] {
  const lines = text.split("\n");
  const out: Entry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const match = ASSIGNMENT.exec(line);
    if (!match) {
      out.push({ lines: [line] });
      continue;
    }
    const [, key = "", value = ""] = match;
    const quote = value[0];
    let end = i;
    // As Node's parser does: an opening quote not closed on its line runs to the next line holding that quote;
    // with none, the value is just the rest of the line.
    if (quote !== undefined && QUOTES.includes(quote) && !value.slice(1).includes(quote)) {
      const closing = lines.findIndex((l, j) => j > i && l.includes(quote));
      if (closing > i) end = closing;
    }
    out.push({ key, lines: lines.slice(i, end + 1) });
    i = end;
  }
  return out;
}

/** `KEY=value`, quoted only when it must be, so that Node's parser (and dotenv's) reads back exactly `value`. */
export function formatEntry(key: string, value: string): string {
  if (/^[A-Za-z0-9_.:/+@-]*$/.test(value)) return `${key}=${value}`;
  // Inside double quotes Node's parser turns `\n` into a newline and nothing else: a value with a quote or a
  // backslash of its own could not be read back. GitHub's credentials (digits, hex, base64 PEM) never have one.
  if (/["\\\r]/.test(value)) throw new Error(`${key}: the value cannot be written to .env unchanged`);
  return `${key}="${value.replace(/\n/g, "\\n")}"`;
}

/**
 * The new `.env`: every line of `existing` kept except the assignments of `values`' keys, then `values`
 * (after `comment`, when given). `kept` counts the assignments kept from before.
 */
export function mergeEnvFile(existing: string, values: Partial<Record<string, string>>, comment?: string): { text: string; kept: number } {
  const replaced = new Set(Object.keys(values));
  const kept = entries(existing).filter((e) => e.key === undefined || !replaced.has(e.key));
  const keptLines = kept.flatMap((e) => e.lines);
  while (keptLines.length > 0 && keptLines[keptLines.length - 1]?.trim() === "") keptLines.pop();
  const added = Object.entries(values).flatMap(([key, value]) => (value === undefined ? [] : [formatEntry(key, value)]));
  const block = [...(comment ? [`# ${comment.replace(/\s+/g, " ")}`] : []), ...added];
  const text = [...keptLines, ...(keptLines.length > 0 ? [""] : []), ...block].join("\n") + "\n";
  return { text, kept: kept.filter((e) => e.key !== undefined).length };
}
