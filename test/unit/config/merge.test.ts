import { describe, expect, it } from "@jest/globals";
import { deepMerge, mergeSources, type MergeSource } from "../../../src/config/merge.js";
import { readYaml } from "../../../src/config/yaml-source.js";

describe("deepMerge (base, override)", () => {
  it.each<[string, unknown, unknown, unknown]>([
    ["mappings merge key by key", { a: 1, b: 2 }, { b: 3, c: 4 }, { a: 1, b: 3, c: 4 }],
    ["nested mappings merge too", { s: { x: true, y: true } }, { s: { y: false } }, { s: { x: true, y: false } }],
    ["lists are replaced, not concatenated", { rules: [1, 2] }, { rules: [3] }, { rules: [3] }],
    ["an empty list replaces too", { rules: [1, 2] }, { rules: [] }, { rules: [] }],
    ["a scalar replaces a mapping", { check: { name: "x" } }, { check: "y" }, { check: "y" }],
    ["a mapping replaces a scalar", { check: "y" }, { check: { name: "x" } }, { check: { name: "x" } }],
    ["null is a value like any other", { sign_off: { a: 1 } }, { sign_off: null }, { sign_off: null }],
    ["the override's own keys win at the top", 1, 2, 2],
  ])("%s", (_name, base, override, expected) => {
    expect(deepMerge(base, override)).toStrictEqual(expected);
  });

  it("leaves its inputs unchanged", () => {
    const base = { s: { x: 1 } };
    const override = { s: { y: 2 } };
    deepMerge(base, override);
    expect(base).toStrictEqual({ s: { x: 1 } });
    expect(override).toStrictEqual({ s: { y: 2 } });
  });
});

function source(file: string, text: string): MergeSource {
  const read = readYaml(text, file);
  if (!read.ok) throw new Error(`fixture ${file} does not parse`);
  return { file, value: read.value, lineOf: read.lineOf };
}

describe("mergeSources", () => {
  const top = source("top.yml", ["sign_off:", "  author_may_sign: true", "rules:", "  - id: a"].join("\n"));
  const base = source(
    "base.yml",
    ["roles:", "  cso: { users: [x] }", "sign_off:", "  dismiss_on_push: true", "rules:", "  - id: b", "  - id: c"].join("\n"),
  );
  const merged = mergeSources([top, base]);

  it("merges the extending file over its base", () => {
    expect(merged.value).toStrictEqual({
      roles: { cso: { users: ["x"] } },
      sign_off: { dismiss_on_push: true, author_may_sign: true },
      rules: [{ id: "a" }],
    });
  });

  it.each<[string, (string | number)[], { file: string; line: number }]>([
    ["a key only the base has", ["roles", "cso", "users", 0], { file: "base.yml", line: 2 }],
    ["a key only the extending file has", ["sign_off", "author_may_sign"], { file: "top.yml", line: 2 }],
    ["a base key inside a merged mapping", ["sign_off", "dismiss_on_push"], { file: "base.yml", line: 4 }],
    ["a missing key of a merged mapping: the extending file's mapping", ["sign_off", "distinct_signers"], { file: "top.yml", line: 1 }],
    ["an item of a replaced list", ["rules", 0, "id"], { file: "top.yml", line: 4 }],
    // rules[1] exists only in the base, whose list was replaced: it is not what the config holds.
    ["past the end of a replaced list: the list that won", ["rules", 1], { file: "top.yml", line: 3 }],
  ])("locates %s", (_name, path, expected) => {
    expect(merged.locate(path)).toStrictEqual(expected);
  });

  it("does not credit a mapping that a scalar between the two replaced", () => {
    const a = source("a.yml", "x:\n  a: 1\n");
    const b = source("b.yml", "x: 5\n");
    const c = source("c.yml", "y: 0\nx:\n  b: 2\n");
    const chain = mergeSources([a, b, c]);
    expect(chain.value).toStrictEqual({ x: { a: 1 }, y: 0 });
    expect(chain.locate(["x", "b"])).toStrictEqual({ file: "a.yml", line: 1 });
    expect(chain.locate(["y"])).toStrictEqual({ file: "c.yml", line: 1 });
  });
});
