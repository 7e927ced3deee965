import { describe, expect, it } from "@jest/globals";
import { branchName, protectedBranches, protectsBranch } from "../../../src/core/branches.js";

describe("protectsBranch", () => {
  it.each([
    // branches, base, default branch, protected?
    [undefined, "main", "main", true],
    [undefined, "refs/heads/main", "main", true],
    [undefined, "develop", "main", false],
    [undefined, "develop", undefined, true], // cannot tell the default branch: the gate applies
    [[], "develop", "main", false],
    [["main", "release/*"], "release/2.1", "main", true],
    [["main", "release/*"], "release/2.1/hotfix", "main", false], // `*` does not cross `/`
    [["main", "release/**"], "release/2.1/hotfix", "main", true],
    [["release/*"], "main", "main", false], // named branches replace the default
    [["trunk"], "Trunk", "main", false], // branch names are case-sensitive, as in git
    [["hotfix-{a,b}"], "hotfix-b", "main", true],
  ] as const)("branches %j, base %s, default %s → %s", (branches, base, defaultBranch, expected) => {
    expect(protectsBranch(branches === undefined ? {} : { branches: [...branches] }, base, defaultBranch)).toBe(expected);
  });
});

describe("protectedBranches and branchName", () => {
  it.each([
    [undefined, "main", ["main"]],
    [["release/*"], "main", ["release/*"]],
  ] as const)("branches %j with default %s → %j", (branches, defaultBranch, expected) => {
    expect(protectedBranches(branches === undefined ? {} : { branches: [...branches] }, defaultBranch)).toEqual(expected);
  });
  it.each([
    ["refs/heads/main", "main"],
    ["main", "main"],
    ["refs/heads/release/1.0", "release/1.0"],
    ["refs/tags/v1", "refs/tags/v1"],
  ])("%s → %s", (ref, name) => expect(branchName(ref)).toBe(name));
});
