import { describe, expect, it } from "@jest/globals";
import { LineCounter } from "yaml";
import { parseConfig } from "../../../src/config/parse.js";
import { parseYamlBounded, YAML_LIMITS } from "../../../src/config/yaml-limits.js";
import { parseHazardLog } from "../../../src/hazards/parse.js";

const read = (text: string) => parseYamlBounded(text, { lineCounter: new LineCounter(), prettyErrors: false });
const flowNested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const blockNested = (depth: number) => "- ".repeat(depth) + "x";
const mapNested = (depth: number) => "a: " + "{b: ".repeat(depth - 1) + "c" + "}".repeat(depth - 1);

describe("parseYamlBounded", () => {
  it("reads nesting up to the limit, as yaml's parseDocument does", () => {
    for (const text of [flowNested(YAML_LIMITS.depth), blockNested(YAML_LIMITS.depth), mapNested(YAML_LIMITS.depth)]) {
      const result = read(text);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.doc.errors).toEqual([]);
    }
  });

  it.each([
    ["flow", flowNested],
    ["block", blockNested],
    ["mapping", mapNested],
  ])("refuses %s nesting one level deeper than the limit, and 10,000 deep, before composing it", (_kind, nested) => {
    for (const depth of [YAML_LIMITS.depth + 1, 10_000]) {
      expect(read(nested(depth))).toEqual({
        ok: false,
        offset: expect.any(Number),
        message: "the file nests lists and mappings more than 64 levels deep",
      });
    }
  });

  it("refuses a text longer than the limit without reading it", () => {
    expect(read("a: " + "x".repeat(YAML_LIMITS.length))).toEqual({
      ok: false,
      offset: 0,
      message: "the file is too large: 3,000,003 characters, at most 3,000,000 are read",
    });
    expect(read("a: " + "x".repeat(YAML_LIMITS.length - 3)).ok).toBe(true);
  });

  it("refuses a text of more lexical tokens than the limit, stopping where it passed it", () => {
    const text = "a: [" + "x,".repeat(YAML_LIMITS.tokens) + "]";
    const result = read(text);
    expect(result).toEqual({ ok: false, offset: expect.any(Number), message: "the file is too large: more than 650,000 YAML tokens" });
    if (!result.ok) expect(result.offset).toBeLessThan(text.length);
    expect(read("a: [" + "x,".repeat(YAML_LIMITS.tokens / 4) + "]").ok).toBe(true);
  });

  it("refuses more aliases than the limit, pointing at the first one past it", () => {
    const chain = (n: number) => ["a: &a 1", ...Array.from({ length: n }, (_, i) => `k${i}: *a`)].join("\n");
    expect(read(chain(YAML_LIMITS.aliases)).ok).toBe(true);
    const text = chain(YAML_LIMITS.aliases + 1);
    expect(read(text)).toEqual({ ok: false, offset: text.lastIndexOf("*a"), message: "the file has more than 100 aliases (*name)" });
  });

  it("reports a second document as parseDocument does", () => {
    const result = read("a: 1\n---\nb: 2\n");
    expect(result.ok && result.doc.errors.map((e) => e.code)).toEqual(["MULTIPLE_DOCS"]);
    expect(result.ok && result.doc.toJS()).toEqual({ a: 1 });
  });
});

describe("the limits in the two parsers", () => {
  // Before: each call returned, but on Node 20 the second 10,000-deep file in one process aborted it with
  // "FATAL ERROR: RegExpCompiler Allocation failed - process out of memory", which no try/catch can stop.
  it("a deeply nested file is a located problem, as many times as it comes", () => {
    for (let i = 0; i < 3; i++) {
      expect(parseConfig(flowNested(10_000))).toEqual({
        ok: false,
        problems: [
          {
            file: ".github/clinical-safety.yml",
            path: "",
            line: 1,
            message: "invalid YAML: the file nests lists and mappings more than 64 levels deep",
          },
        ],
      });
      expect(parseHazardLog("hazards:\n  - " + blockNested(10_000), "docs/safety/hazard-log.yml", { idPattern: "HAZ-\\d{3,}" })).toEqual({
        ok: false,
        hazards: [],
        problems: [
          {
            file: "docs/safety/hazard-log.yml",
            path: "",
            line: 2,
            message: "the hazard log cannot be read: the file nests lists and mappings more than 64 levels deep",
          },
        ],
      });
    }
  });

  // Before: yaml resolves each alias by searching the document; 5,000 of these lines took 235 s in parseConfig.
  it("a long chain of anchors and aliases is refused before it is turned into data", () => {
    const text = Array.from({ length: 5_000 }, (_, i) => `k${i}: &a${i} [*a${Math.max(0, i - 1)}, *a${Math.max(0, i - 1)}]`).join("\n");
    expect(parseConfig(text)).toEqual({
      ok: false,
      problems: [{ file: ".github/clinical-safety.yml", path: "", line: 51, message: "invalid YAML: the file has more than 100 aliases (*name)" }],
    });
    expect(parseHazardLog(text, "log.yml", { idPattern: "HAZ-\\d{3,}" }).problems.map((p) => p.message)).toEqual([
      "the hazard log cannot be read: the file has more than 100 aliases (*name)",
    ]);
  });

  // Before: 800,000 list items (4.8 MB) held the event loop for 19 s in parseHazardLog, 2.4 million flow items 75 s.
  it("a file too large to read quickly is a problem, not minutes of work", () => {
    const huge = "hazards:\n" + "  - x\n".repeat(600_000);
    expect(parseHazardLog(huge, "log.yml", { idPattern: "HAZ-\\d{3,}" }).problems).toEqual([
      {
        file: "log.yml",
        path: "",
        line: 1,
        message: "the hazard log cannot be read: the file is too large: 3,600,009 characters, at most 3,000,000 are read",
      },
    ]);
    const many = parseConfig("roles: [" + "x,".repeat(400_000) + "]");
    expect(many.ok ? [] : many.problems.map((p) => p.message)).toEqual(["invalid YAML: the file is too large: more than 650,000 YAML tokens"]);
  });
});
