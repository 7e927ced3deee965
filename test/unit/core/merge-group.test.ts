import { describe, expect, it } from "@jest/globals";
import { judgeMergeGroup, parseQueueRef, prNumbersInMessages, type MergeGroupInput, type QueuedPr } from "../../../src/core/merge-group.js";

const SHA = "929f8209d40f77f4abc622a499c93a83babdbe64";
const OTHER = "1111111111111111111111111111111111111111";

describe("parseQueueRef", () => {
  it.each([
    [`refs/heads/gh-readonly-queue/main/pr-104-${SHA}`, { base: "main", pr: 104, headSha: SHA }],
    [`gh-readonly-queue/release/2.1/pr-7-${SHA}`, { base: "release/2.1", pr: 7, headSha: SHA }],
    [`refs/heads/feature/pr-104-${SHA}`, undefined], // not the queue's branch
    ["refs/heads/gh-readonly-queue/main/pr-104-abc", undefined], // not a full SHA
    [`refs/heads/gh-readonly-queue/main/pr-x-${SHA}`, undefined],
  ])("%s → %j", (ref, expected) => expect(parseQueueRef(ref)).toEqual(expected));
});

describe("prNumbersInMessages", () => {
  it.each([
    [["Merge pull request #2048 from octo-repo/update-readme\n\nUpdate README.md"], [2048]],
    [
      ["Round doses (#12)", "Fix limits (#13)\n\nCo-authored-by: x"],
      [12, 13],
    ],
    [["Fix limits (#13) and more"], []], // only at the end of the first line
    [["Plain commit", "Plain title\nBody mentions (#5)"], []],
    [["Twice (#3)", "Again (#3)"], [3]],
  ])("%j → %j", (messages, expected) => expect(prNumbersInMessages(messages)).toEqual(expected));
});

const pr = (over: Partial<QueuedPr> = {}): QueuedPr => ({
  number: 1,
  title: "Round doses",
  queuedHead: SHA,
  evaluation: { state: "pass", headSha: SHA, headline: "Signed off" },
  changedHazards: [],
  ...over,
});
const input = (over: Partial<MergeGroupInput> = {}): MergeGroupInput => ({
  protectedBase: true,
  baseRef: "main",
  protectedBranches: ["main"],
  queueRef: { base: "main", pr: 1, headSha: SHA },
  prs: [pr()],
  unaccountedFiles: [],
  ...over,
});

describe("judgeMergeGroup", () => {
  it.each<[string, Partial<MergeGroupInput>, "success" | "failure" | "neutral", RegExp]>([
    ["every PR passed", {}, "success", /^All 1 pull request in the merge group passed/],
    [
      "a PR with no clinical impact",
      { prs: [pr({ evaluation: { state: "not-relevant", headSha: SHA, headline: "No clinical impact" } })] },
      "success",
      /passed/,
    ],
    [
      "a PR waiting for sign-off",
      { prs: [pr({ evaluation: { state: "waiting", headSha: SHA, headline: "Waiting" } })] },
      "failure",
      /#1 has not passed/,
    ],
    ["a PR in error", { prs: [pr({ evaluation: { state: "error", headSha: SHA, headline: "Config" } })] }, "failure", /#1 has not passed/],
    ["a head that moved", { prs: [pr({ evaluation: { state: "pass", headSha: OTHER, headline: "ok" } })] }, "failure", /#1 has not passed/],
    ["a linked hazard that changed", { prs: [pr({ changedHazards: ["HAZ-002"] })] }, "failure", /#1 has not passed/],
    ["a PR that could not be read", { prs: [pr({ error: "boom" })] }, "failure", /#1 has not passed/],
    ["a file of no PR", { unaccountedFiles: ["src/x.ts"] }, "failure", /changes files no pull request of it changes/],
    ["no PR at all", { prs: [] }, "failure", /holds no pull request/],
    ["a branch that is not the queue's", { queueRef: undefined }, "failure", /cannot be told/],
    ["a group too large", { incomplete: "too many files" }, "failure", /too large/],
    ["a broken configuration", { configProblem: "its configuration is invalid" }, "failure", /configuration cannot be used/],
    ["an unprotected base", { protectedBase: false, baseRef: "experiments" }, "neutral", /experiments is not a protected base branch/],
    [
      "two failing PRs",
      { prs: [pr({ number: 1, changedHazards: ["HAZ-1"] }), pr({ number: 2, error: "x" })] },
      "failure",
      /#1 has not passed the clinical safety gate \(and 1 more\)/,
    ],
  ])("%s → %s", (_name, over, conclusion, title) => {
    const verdict = judgeMergeGroup(input(over));
    expect(verdict.conclusion).toBe(conclusion);
    expect(verdict.title).toMatch(title);
  });

  it("shows an untrusted title as inline code that cannot be broken out of", () => {
    const verdict = judgeMergeGroup(input({ prs: [pr({ title: "x` <img src=y>\n# heading" })] }));
    expect(verdict.summary).toContain("`x' <img src=y> # heading`");
  });
});
