import { describe, expect, it } from "@jest/globals";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { AUDIT_KINDS } from "../../../src/audit/record.js";
import { matchRoute } from "../../../src/web/pages/routes.js";

/**
 * docs/compliance.md tells an auditor which record, field, page or report field evidences each clause. A
 * name there that the code does not have would send the auditor looking for evidence that does not exist,
 * so every name it cites is checked against the code.
 */
const DOC = "docs/compliance.md";
const text = readFileSync(DOC, "utf8");

/** Every TypeScript source under src/, for field names. */
function sources(dir = "src"): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? readFileSync(join(dir, e.name), "utf8") : ""))
    .join("\n");
}
const SRC = sources();
/** The record types: where a record's `data` fields are declared. */
const RECORD_TYPES = sources("src/audit") + sources("src/core");

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

describe(DOC, () => {
  const kinds = unique([...text.matchAll(/`([a-z-]+)` records?\b/g)].map((m) => m[1] ?? ""));
  it.each(kinds)("the record kind `%s` is one the trail records", (kind) => {
    expect(AUDIT_KINDS as readonly string[]).toContain(kind);
  });

  it("cites record kinds at all (the pattern above still finds them)", () => {
    expect(kinds.length).toBeGreaterThanOrEqual(8);
  });

  // `data.field` in the doc's own explanation of the notation names no field.
  const fields = unique([...text.matchAll(/`(?:[a-z-]+\.)?data\.([A-Za-z]+)`/g)].map((m) => m[1] ?? "")).filter((f) => f !== "field");
  it.each(fields)("the record field `data.%s` is declared by a record type", (field) => {
    expect(RECORD_TYPES).toMatch(new RegExp(`\\b${field}\\??:`));
  });

  const pages = unique([...text.matchAll(/`(\/audit[^`?\s]*)/g)].map((m) => m[1] ?? ""));
  it.each(pages)("the page `%s` is one the app serves", (path) => {
    const concrete = path
      .replace("{owner}", "acme")
      .replace("{repo}", "eprescribe")
      .replace("{n}", "7")
      .replace("{id}", "HAZ-002")
      .replace("{sha}", "0a".repeat(20));
    expect(matchRoute(concrete)).toBeDefined();
  });

  const reportFields = ["commits", "hazardChanges", "riskIncreased", "approval", "auditHead"];
  it.each(reportFields)("the release report's JSON field `%s` is built by the report", (field) => {
    expect(text).toMatch(new RegExp(`\`${field}[\`.[]`));
    expect(SRC).toMatch(new RegExp(`\\b${field}\\??:`));
  });

  const links = unique([...text.matchAll(/\]\(([^)#]+\.md)(?:#[^)]*)?\)|`(docs\/[a-z-]+\.md)`/g)].map((m) => m[1] ?? m[2] ?? ""));
  it.each(links)("the page it sends the reader to, %s, exists", (link) => {
    const path = link.startsWith("docs/") ? link : link.startsWith("../") ? join(dirname(DOC), link) : join(dirname(DOC), link);
    expect(existsSync(path)).toBe(true);
  });
});
