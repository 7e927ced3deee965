import { describe, expect, it } from "@jest/globals";
import { compileGlob, GLOB_LIMITS, globProblem } from "../../../src/core/glob.js";
import { compileGlobs } from "../../../src/core/match.js";
import { hazardsForFiles } from "../../../src/hazards/link.js";

describe("compileGlob matches paths as picomatch with dot files does, for the syntax it accepts", () => {
  it.each<[string, string, boolean]>([
    ["src/**", "src", true],
    ["src/**", "src/a", true],
    ["src/**", "src/a/b", true],
    ["src/**", "src/", true],
    ["src/**", "srcx/a", false],
    ["**/*.md", "a.md", true],
    ["**/*.md", "x/y/a.md", true],
    ["**/*.md", "x/y/a.mdx", false],
    ["a/**/b", "a/b", true],
    ["a/**/b", "a/x/y/b", true],
    ["a/**/b", "a/x/y/c", false],
    ["*.ts", "a/b.ts", false],
    ["*.ts", ".eslintrc.ts", true],
    ["src/*", "src/.env", true],
    ["src/*", "src/a/b", false],
    ["a**b", "axxb", true],
    ["a**b", "ax/xb", false],
    ["a/**b", "a/xb", true],
    ["a/**b", "a/x/b", false],
    ["**", "a/b", true],
    ["src/{a,b}/**", "src/b/x", true],
    ["src/{a,b}/**", "src/c/x", false],
    ["src/{a,b{c,d}}/x", "src/bd/x", true],
    ["src/{a}/x", "src/{a}/x", true],
    ["[abc].ts", "b.ts", true],
    ["[abc].ts", "d.ts", false],
    ["[a-c]x", "bx", true],
    ["[!a].ts", "b.ts", true],
    ["[!a].ts", "a.ts", false],
    ["[^a].ts", "a.ts", false],
    ["?.ts", "a.ts", true],
    ["?.ts", "ab.ts", false],
    ["a/?", "a//", false],
    ["**/.github/**", ".github/x", true],
    ["a/**/", "a/b/", true],
    ["a\\*b", "a*b", true],
    ["a\\*b", "axb", false],
    ["./src/**", "src/a", true],
    ["src/**/*.ts", "src/a.ts", true],
    ["app/(marketing)/page.tsx", "app/(marketing)/page.tsx", true],
    ["docs/é*/ü?.md", "docs/été/üx.md", true],
    ["docs/😀?.md", "docs/😀x.md", true],
  ])("%s on %s → %s", (glob, path, expected) => {
    expect(compileGlob(glob)(path)).toBe(expected);
  });
});

describe("globProblem refuses what could not be matched safely or as written", () => {
  it.each<[string, string | undefined]>([
    ["src/**", undefined],
    [
      "@(*|*)@(*|*)@(*|*)@(*|*)@(*|*)@(*|*)x",
      "uses an extglob such as @(…) or !(…), which is not supported: list the alternatives with {a,b} or as separate globs",
    ],
    ["src/!(test)/**", "uses an extglob such as @(…) or !(…), which is not supported: list the alternatives with {a,b} or as separate globs"],
    ["src/+(a|b)", "uses an extglob such as @(…) or !(…), which is not supported: list the alternatives with {a,b} or as separate globs"],
    ["src/\\@(a)", undefined],
    ["src/[abc", "has a [ without its closing ]"],
    ["src/[z-a]", "has a character range [z-a] whose end comes before its start"],
    ["src/a\\", "ends with a lone backslash"],
    ["x".repeat(GLOB_LIMITS.length + 1), `is longer than ${GLOB_LIMITS.length} characters`],
    ["{a,b}/{c,d}/{e,f}/{g,h}/{i,j}/{k,l}", `expands to more than ${GLOB_LIMITS.alternatives} alternatives`],
    ["{a,b}/{c,d}/{e,f}/{g,h}/{i,j}", undefined],
  ])("%s → %s", (glob, problem) => {
    expect(globProblem(glob)).toBe(problem);
  });
});

describe("matching cost grows with glob × path, never exponentially (the event loop is never held)", () => {
  // Each of these is exponential for a backtracking regular expression: a hang here fails the test by time-out.
  it.each<[string, string, boolean]>([
    ["*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(4000), false],
    ["**/**/**/**/**/**/**/**/**/**/**/**/**/**/x", "a/".repeat(2000) + "b", false],
    ["*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*!", "x".repeat(4000), false],
    ["*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(4000) + "b", true],
  ])("%s against a long path → %s", (glob, path, expected) => {
    expect(compileGlob(glob)(path)).toBe(expected);
  });

  it("the globs a PR's own hazard log brings are matched the same bounded way", () => {
    const hazards = [{ id: "HAZ-001", code: ["*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"] }];
    expect(hazardsForFiles(hazards, ["a".repeat(4000)])).toEqual([]);
  });

  it("compileGlobs refuses (throws) a glob the schemas would have refused, rather than matching it wrongly", () => {
    expect(() => compileGlobs(["@(*|*)x"])).toThrow("extglob");
  });
});

describe("the literal start and end a glob refuses paths by are never wrong", () => {
  it.each<[string, string, boolean]>([
    ["**/x", "x", true],
    ["**/x", "a/x", true],
    ["a/**/b", "a/b", true],
    ["src/**", "src", true],
    ["src/**", "srcx", false],
    ["src/**.ts", "src/a.ts", true],
    ["src/{a}/x", "src/{a}/x", true],
    ["a\\*b", "a*b", true],
    ["[a-c]x", "bx", true],
    ["x/[ab]/**/*.md", "x/a/b/c.md", true],
    ["x/[ab]/**/*.md", "x/a/b/c.mdx", false],
    ["docs/**/README", "docs/README", true],
  ])("%s on %s → %s", (glob, path, expected) => {
    expect(compileGlob(glob)(path)).toBe(expected);
  });
});
