/**
 * The merge history's filters: read from the query string (the filter form is a plain GET form, so a
 * filtered view is a link a CSO can bookmark or paste into an audit note), and applied to the rows.
 * Pure: query in, filters and problems out; rows and filters in, rows out.
 */
import type { HistoryRow } from "../../reports/read-model.js";

/** What the person asked to see. Absent fields do not narrow the list. */
export interface HistoryFilters {
  /** `owner/name`. */
  repo?: string;
  /** First day merged, `YYYY-MM-DD` (UTC), inclusive. */
  from?: string;
  /** Last day merged, `YYYY-MM-DD` (UTC), inclusive. */
  to?: string;
  /** Lowest risk rating (1–5) of the linked hazards; changes with no hazard linked are left out. */
  minRisk?: number;
  /** A role the change required or was signed off in. */
  role?: string;
  /** A hazard id the change linked (case-insensitive). */
  hazard?: string;
  bypassOnly: boolean;
  /** Also list merges the gate judged not clinically relevant (left out by default: they need no review). */
  includeNotRelevant: boolean;
}

/** The filters as given, and a sentence for each value that could not be used. */
export interface ParsedFilters {
  filters: HistoryFilters;
  problems: string[];
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const REPO = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;
/** Longest role or hazard id worth searching for; anything longer is not one. */
const MAX_TERM = 100;

/** Reads the filters from the query string. A value that cannot be used is a problem, never ignored. */
export function parseHistoryFilters(params: URLSearchParams): ParsedFilters {
  const problems: string[] = [];
  const value = (key: string) => params.get(key)?.trim() ?? "";
  const filters: HistoryFilters = { bypassOnly: isOn(params.get("bypass")), includeNotRelevant: isOn(params.get("all")) };

  const repo = value("repo");
  if (repo !== "") {
    if (REPO.test(repo)) filters.repo = repo;
    else problems.push(`Repository must be written owner/name, not "${repo}".`);
  }
  for (const [key, label] of [
    ["from", "Merged from"],
    ["to", "Merged to"],
  ] as const) {
    const day = value(key);
    if (day === "") continue;
    if (isCalendarDay(day)) filters[key] = day;
    else problems.push(`${label} must be a date written YYYY-MM-DD, not "${day}".`);
  }
  if (filters.from !== undefined && filters.to !== undefined && filters.from > filters.to) {
    problems.push(`Merged from (${filters.from}) is after merged to (${filters.to}).`);
  }
  const risk = value("risk");
  if (risk !== "") {
    if (/^[1-5]$/.test(risk)) filters.minRisk = Number(risk);
    else problems.push(`Minimum risk must be a rating from 1 to 5, not "${risk}".`);
  }
  for (const key of ["role", "hazard"] as const) {
    const term = value(key);
    if (term === "") continue;
    if (term.length <= MAX_TERM) filters[key] = term;
    else problems.push(`The ${key} searched for is longer than ${MAX_TERM} characters.`);
  }
  return { filters, problems };
}

/** The rows that pass every filter, in the order given. */
export function filterHistory(rows: readonly HistoryRow[], f: HistoryFilters): HistoryRow[] {
  const hazard = f.hazard?.toUpperCase();
  // `to` is a whole day: everything before the start of the next day.
  const until = f.to === undefined ? undefined : nextDay(f.to);
  return rows.filter(
    (r) =>
      (f.includeNotRelevant || r.relevant) &&
      (f.repo === undefined || r.repo === f.repo) &&
      (f.from === undefined || Date.parse(r.mergedAt) >= Date.parse(`${f.from}T00:00:00Z`)) &&
      (until === undefined || Date.parse(r.mergedAt) < until) &&
      (f.minRisk === undefined || (r.risk !== null && r.risk >= f.minRisk)) &&
      (f.role === undefined || r.requiredRoles.includes(f.role) || r.signOffs.some((s) => s.role === f.role)) &&
      (hazard === undefined || r.hazards.some((h) => h.id.toUpperCase() === hazard)) &&
      (!f.bypassOnly || r.bypass !== null),
  );
}

/** The filters as query parameters (for links that keep them, and for the JSON export's echo). */
export function filtersQuery(f: HistoryFilters): Record<string, string | undefined> {
  return {
    repo: f.repo,
    from: f.from,
    to: f.to,
    risk: f.minRisk === undefined ? undefined : String(f.minRisk),
    role: f.role,
    hazard: f.hazard,
    bypass: f.bypassOnly ? "1" : undefined,
    all: f.includeNotRelevant ? "1" : undefined,
  };
}

function isOn(value: string | null): boolean {
  return value === "1" || value === "on" || value === "true";
}

function isCalendarDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function nextDay(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) + 24 * 60 * 60 * 1000;
}
