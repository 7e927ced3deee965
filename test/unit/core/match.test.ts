import { describe, expect, it } from "@jest/globals";
import { classify, compileGlobs } from "../../../src/core/match.js";
import type { ChangedFile } from "../../../src/core/types.js";
import { config, pr } from "./factory.js";

describe("compileGlobs", () => {
  it.each([
    [["src/prescribing/**"], "src/prescribing/dose.ts", "src/prescribing/**"],
    [["src/prescribing/**"], "src/prescribing/deep/er/x.ts", "src/prescribing/**"],
    [["src/prescribing/**"], "src/triage/x.ts", undefined],
    [["src/prescribing/**", "!**/*.md"], "src/prescribing/README.md", undefined],
    [["!**/*.md", "src/prescribing/**"], "src/prescribing/README.md", undefined],
    [["src/prescribing/**", "!**/*.md"], "src/prescribing/dose.ts", "src/prescribing/**"],
    [["**/*.ts"], ".github/x.ts", "**/*.ts"],
    [["web/**", "src/**"], "src/a.ts", "src/**"],
    [["*.yml"], "a/b.yml", undefined],
    [["src/{a,b}/*.ts"], "src/b/x.ts", "src/{a,b}/*.ts"],
  ])("%j on %s → %s", (globs, path, expected) => {
    expect(compileGlobs(globs)(path)).toBe(expected);
  });
});

describe("classify", () => {
  const files = (...f: ChangedFile[]) => ({ files: f, changedFiles: f.length });

  it.each<[string, Parameters<typeof pr>[0], string[]]>([
    ["a prescribing file", files({ path: "src/prescribing/dose.ts", status: "modified" }), ["prescribing"]],
    ["only docs under prescribing", files({ path: "src/prescribing/README.md", status: "modified" }), []],
    ["a web file", files({ path: "web/app.tsx", status: "added" }), ["interface"]],
    ["both", files({ path: "web/app.tsx", status: "added" }, { path: "src/prescribing/x.ts", status: "removed" }), ["prescribing", "interface"]],
    ["an unrelated file", files({ path: "README.md", status: "modified" }), []],
    [
      "a rename out of prescribing",
      files({ path: "src/legacy/dose.ts", previousPath: "src/prescribing/dose.ts", status: "renamed" }),
      ["prescribing"],
    ],
    ["a rename into web", files({ path: "web/dose.ts", previousPath: "lib/dose.ts", status: "renamed" }), ["interface"]],
    ["the clinical-impact label (any case)", { ...files({ path: "README.md", status: "modified" }), labels: ["Clinical-Impact"] }, ["prescribing"]],
    ["an unrelated label", { ...files({ path: "README.md", status: "modified" }), labels: ["bug"] }, []],
    ["the hazard log", files({ path: "docs/safety/hazard-log.yml", status: "modified" }), ["governance"]],
    ["the gate's config", files({ path: ".github/clinical-safety.yml", status: "modified" }), ["governance"]],
    ["no files at all", files(), []],
  ])("%s → %j", (_name, overrides, expected) => {
    const c = classify(config(), pr(overrides));
    expect(c.matches.map((m) => m.ruleId)).toEqual(expected);
    expect(c.relevant).toBe(expected.length > 0);
  });

  it("keeps each reason: file, glob and whether it came from a rename", () => {
    const c = classify(config(), pr({ files: [{ path: "src/legacy/dose.ts", previousPath: "src/prescribing/dose.ts", status: "renamed" }] }));
    expect(c.matches[0]?.reasons).toEqual([{ kind: "path", file: "src/prescribing/dose.ts", pattern: "src/prescribing/**", viaRename: true }]);
  });

  it("treats a PR with more files than GitHub lists as relevant to every path rule, and says so", () => {
    const c = classify(config(), pr({ files: [{ path: "README.md", status: "modified" }], filesTruncated: true, changedFiles: 3500 }));
    expect(c.matches.map((m) => m.ruleId)).toEqual(["prescribing", "interface", "governance"]);
    expect(c.matches[0]?.reasons).toEqual([{ kind: "truncated", listed: 1, total: 3500 }]);
    expect(c.checked.truncated).toBe(true);
  });

  it("reports what it checked", () => {
    const c = classify(
      config(),
      pr({
        labels: ["bug"],
        files: [
          { path: "a", status: "added" },
          { path: "b", status: "added" },
        ],
      }),
    );
    expect(c.checked).toEqual({ files: 2, labels: ["bug"], rules: 2, truncated: false });
  });

  it("uses the configured hazard log path for governance", () => {
    const c = classify(
      config({ hazard_log: { path: "safety/log.yml", id_pattern: "HAZ-\\d{3,}" } }),
      pr({ files: [{ path: "safety/log.yml", status: "modified" }] }),
    );
    expect(c.matches.map((m) => m.ruleId)).toEqual(["governance"]);
  });
});

describe("classify: a rule's label, once matched, keeps the rule matching after it is removed", () => {
  const readme = { files: [{ path: "README.md", status: "modified" as const }], changedFiles: 1 };
  it.each<[string, string[], { ruleId: string; label: string }[], string[]]>([
    ["the label on the PR", ["clinical-impact"], [], ["label"]],
    ["the label removed, remembered", [], [{ ruleId: "prescribing", label: "clinical-impact" }], ["label-removed"]],
    ["remembered and on the PR again: a plain label match", ["Clinical-Impact"], [{ ruleId: "prescribing", label: "clinical-impact" }], ["label"]],
    ["remembered for another rule", [], [{ ruleId: "interface", label: "clinical-impact" }], []],
    ["remembered, but the rule no longer names it", [], [{ ruleId: "prescribing", label: "old-label" }], []],
  ])("%s", (_name, labels, remembered, kinds) => {
    const c = classify(config(), pr({ ...readme, labels }), remembered);
    expect(c.matches.flatMap((m) => m.reasons.map((r) => r.kind))).toEqual(kinds);
  });
});
