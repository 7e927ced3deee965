import { describe, it, expect } from "@jest/globals";
import { validateCheckRun } from "../../simulator/check-run-validation.js";

const valid = { name: "Clinical safety", head_sha: "a".repeat(40) };
const output = (extra: Record<string, unknown> = {}) => ({ title: "t", summary: "s", ...extra });
const annotation = { path: "a.ts", start_line: 1, end_line: 1, annotation_level: "warning", message: "m" };

describe("validateCheckRun accepts", () => {
  it.each([
    ["a run with only name and head_sha", "create", { ...valid }, { name: "Clinical safety", headSha: "a".repeat(40) }],
    ["an in-progress run", "create", { ...valid, status: "in_progress" }, { status: "in_progress" }],
    ["a conclusion alone (status becomes completed)", "create", { ...valid, conclusion: "failure" }, { status: "completed", conclusion: "failure" }],
    [
      "completed with a conclusion",
      "create",
      { ...valid, status: "completed", conclusion: "success" },
      { status: "completed", conclusion: "success" },
    ],
    ["action_required", "create", { ...valid, conclusion: "action_required" }, { conclusion: "action_required" }],
    ["a summary of exactly 65535 bytes", "create", { ...valid, output: output({ summary: "x".repeat(65535) }) }, { output: { title: "t" } }],
    [
      "a text of 65535 bytes in 2-byte characters",
      "create",
      { ...valid, output: output({ text: `x${"Ü".repeat(32767)}` }) },
      { output: { title: "t" } },
    ],
    ["a text of 65535 bytes in 3-byte characters", "create", { ...valid, output: output({ text: "–".repeat(21845) }) }, { output: { title: "t" } }],
    ["50 annotations", "create", { ...valid, output: output({ annotations: Array(50).fill(annotation) }) }, { output: { summary: "s" } }],
    ["an update with only a summary", "update", { output: { summary: "s" } }, { output: { summary: "s", annotations: [] } }],
  ] as const)("%s", (_, mode, body, expected) => {
    const result = validateCheckRun(body, mode);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.changes).toMatchObject(expected);
  });

  it("lets an update complete a run that already has a conclusion", () => {
    expect(validateCheckRun({ status: "completed" }, "update", "failure").ok).toBe(true);
  });
});

describe("validateCheckRun rejects (GitHub answers 422)", () => {
  it.each([
    ["a missing name", "create", { head_sha: "a" }, /"name"/],
    ["a missing head_sha", "create", { name: "x" }, /"head_sha"/],
    ["an unknown conclusion", "create", { ...valid, conclusion: "passed" }, /"conclusion" must be one of/],
    ["stale (only GitHub sets it)", "create", { ...valid, conclusion: "stale" }, /"conclusion" must be one of/],
    ["an unknown status", "create", { ...valid, status: "done" }, /"status" must be one of/],
    ["completed without a conclusion", "create", { ...valid, status: "completed" }, /"conclusion" wasn't supplied/],
    ["completing on update without any conclusion", "update", { status: "completed" }, /"conclusion" wasn't supplied/],
    ["output without a title on create", "create", { ...valid, output: { summary: "s" } }, /"output.title"/],
    ["output without a summary", "update", { output: { title: "t" } }, /"output.summary" wasn't supplied/],
    ["a summary of 65536 bytes", "create", { ...valid, output: output({ summary: "x".repeat(65536) }) }, /too long/],
    ["a text of 65536 bytes", "create", { ...valid, output: output({ text: "x".repeat(65536) }) }, /"output.text" is too long/],
    [
      "a summary of 32768 characters but 65536 bytes",
      "create",
      { ...valid, output: output({ summary: "Ü".repeat(32768) }) },
      /"output.summary" is too long \(65536 bytes/,
    ],
    [
      "a text of 40000 characters but 120000 bytes",
      "update",
      { output: { summary: "s", text: "小".repeat(40000) } },
      /"output.text" is too long \(120000 bytes/,
    ],
    [
      "a summary one 4-byte character over",
      "create",
      { ...valid, output: output({ summary: `${"x".repeat(65532)}\u{1F48A}` }) },
      /"output.summary" is too long/,
    ],
    ["51 annotations", "create", { ...valid, output: output({ annotations: Array(51).fill(annotation) }) }, /maximum is 50/],
    [
      "an annotation with a bad level",
      "create",
      { ...valid, output: output({ annotations: [{ ...annotation, annotation_level: "error" }] }) },
      /annotation_level/,
    ],
    [
      "an annotation without a line",
      "create",
      { ...valid, output: output({ annotations: [{ ...annotation, start_line: undefined }] }) },
      /start_line/,
    ],
    ["a non-string details_url", "create", { ...valid, details_url: 5 }, /"details_url" must be a string/],
  ] as const)("%s", (_, mode, body, message) => {
    const result = validateCheckRun(body, mode);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
