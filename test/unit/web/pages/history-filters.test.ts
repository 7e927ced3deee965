import { describe, expect, it } from "@jest/globals";
import { filterHistory, filtersQuery, parseHistoryFilters, type HistoryFilters } from "../../../../src/web/pages/history-filters.js";
import { hazard, row, signOff } from "./rows.js";

const parse = (query: string) => parseHistoryFilters(new URLSearchParams(query));
const none: HistoryFilters = { bypassOnly: false, includeNotRelevant: false };

describe("parseHistoryFilters", () => {
  it.each<[string, HistoryFilters]>([
    ["", none],
    ["repo=acme%2Fapp", { ...none, repo: "acme/app" }],
    ["from=2026-03-01&to=2026-03-31", { ...none, from: "2026-03-01", to: "2026-03-31" }],
    ["from=&to=&risk=&role=&hazard=", none],
    ["risk=4", { ...none, minRisk: 4 }],
    ["role=cso&hazard=+haz-002+", { ...none, role: "cso", hazard: "haz-002" }],
    ["bypass=1&all=on", { ...none, bypassOnly: true, includeNotRelevant: true }],
    ["bypass=0", none],
  ])("query %j", (query, filters) => {
    expect(parse(query)).toEqual({ filters, problems: [] });
  });

  it.each([
    ["repo=acme", 'Repository must be written owner/name, not "acme".'],
    ["from=2026-02-30", 'Merged from must be a date written YYYY-MM-DD, not "2026-02-30".'],
    ["to=01/03/2026", 'Merged to must be a date written YYYY-MM-DD, not "01/03/2026".'],
    ["from=2026-04-01&to=2026-03-01", "Merged from (2026-04-01) is after merged to (2026-03-01)."],
    ["risk=6", 'Minimum risk must be a rating from 1 to 5, not "6".'],
    ["risk=16", 'Minimum risk must be a rating from 1 to 5, not "16".'],
    [`role=${"r".repeat(101)}`, "The role searched for is longer than 100 characters."],
  ])("%s is refused with a reason", (query, problem) => {
    expect(parse(query).problems).toEqual([problem]);
  });

  it("round-trips through filtersQuery", () => {
    const { filters } = parse("repo=acme%2Fapp&from=2026-03-01&to=2026-03-31&risk=3&role=cso&hazard=HAZ-002&bypass=1&all=1");
    const again = parseHistoryFilters(
      new URLSearchParams(Object.entries(filtersQuery(filters)).filter((e): e is [string, string] => e[1] !== undefined)),
    );
    expect(again.filters).toEqual(filters);
  });
});

describe("filterHistory", () => {
  const early = row({
    title: "early",
    mergedAt: "2026-03-01T00:00:00.000Z",
    risk: 2,
    hazards: [hazard("HAZ-001", 2)],
    requiredRoles: ["cpm"],
    signOffs: [signOff("cpm")],
  });
  const lateOnLastDay = row({
    title: "late",
    mergedAt: "2026-03-31T23:59:59.999Z",
    risk: 4,
    hazards: [hazard("HAZ-006", 4), hazard("HAZ-002", 3)],
    requiredRoles: ["cso"],
  });
  const april = row({
    title: "april",
    mergedAt: "2026-04-01T00:00:00.000Z",
    bypass: { reason: "merged-without-passing-gate", detail: "Waiting for sign-off: cso", issue: null },
  });
  const other = row({ title: "other", repo: "acme/other", mergedAt: "2026-03-15T00:00:00.000Z", signOffs: [signOff("cso")] });
  const irrelevant = row({ title: "irrelevant", relevant: false, mergedAt: "2026-03-15T00:00:00.000Z" });
  const rows = [early, lateOnLastDay, april, other, irrelevant];
  const titles = (f: Partial<HistoryFilters>) => filterHistory(rows, { ...none, ...f }).map((r) => r.title);

  it.each<[string, Partial<HistoryFilters>, string[]]>([
    ["nothing: every relevant change", {}, ["early", "late", "april", "other"]],
    ["not relevant included", { includeNotRelevant: true }, ["early", "late", "april", "other", "irrelevant"]],
    ["repository", { repo: "acme/other" }, ["other"]],
    ["from, inclusive of its first instant", { from: "2026-03-31" }, ["late", "april"]],
    ["to, inclusive of the whole last day", { to: "2026-03-31" }, ["early", "late", "other"]],
    ["one day", { from: "2026-03-01", to: "2026-03-01" }, ["early"]],
    ["minimum risk leaves out changes without a hazard", { minRisk: 3 }, ["late"]],
    ["minimum risk 1 still needs a hazard", { minRisk: 1 }, ["early", "late"]],
    ["role required", { role: "cso" }, ["late", "other"]],
    ["role signed", { role: "cpm" }, ["early"]],
    ["hazard, any case", { hazard: "haz-002" }, ["late"]],
    ["hazard nobody linked", { hazard: "HAZ-999" }, []],
    ["bypasses only", { bypassOnly: true }, ["april"]],
    ["filters combine", { from: "2026-03-02", role: "cso", repo: "acme/app" }, ["late"]],
  ])("%s", (_what, filters, expected) => {
    expect(titles(filters)).toEqual(expected);
  });
});
