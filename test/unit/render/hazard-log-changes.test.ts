import { describe, expect, it } from "@jest/globals";
import type { HazardLogDiff } from "../../../src/hazards/diff.js";
import { annotationsFor } from "../../../src/render/annotations.js";
import { renderComment } from "../../../src/render/comment.js";
import { renderHazardLogChanges } from "../../../src/render/hazard-log-changes-section.js";
import { renderContext } from "../../../src/render/options.js";
import { configError, evaluation } from "./factory.js";

const empty: HazardLogDiff = { added: [], removed: [], closed: [], rescored: [], changed: [] };
const ctx = renderContext({}, { items: 20, files: 10, text: 200 });
const withDiff = (diff: Partial<HazardLogDiff>) => evaluation({ hazards: { ...evaluation().hazards, logDiff: { ...empty, ...diff } } });

describe("renderHazardLogChanges", () => {
  it.each<[string, Partial<HazardLogDiff> | undefined, string[]]>([
    ["no diff: no section", undefined, []],
    [
      "an edit with no field change",
      {},
      ["### Hazard log changes", "", "No hazard in `docs/safety/hazard-log.yml` is added, removed or changed by this PR."],
    ],
    ["added", { added: ["HAZ-011"] }, ["- **Added** `HAZ-011`"]],
    ["closed", { closed: ["HAZ-004"] }, ["- **Closed** `HAZ-004`"]],
    ["deleted", { removed: ["HAZ-009"] }, ["- ⛔ **Deleted** `HAZ-009` — hazards are never deleted; restore it and close it with a justification."]],
    [
      "re-scored residual",
      { rescored: [{ id: "HAZ-004", residual: { from: 3, to: 2 } }] },
      ["- **Re-scored** `HAZ-004`: residual 3 — undesirable → 2 — acceptable if further reduction is disproportionate"],
    ],
    [
      "re-scored both",
      { rescored: [{ id: "HAZ-6", initial: { from: 4, to: 5 }, residual: { from: 3, to: 3 } }] },
      ["- **Re-scored** `HAZ-6`: initial 4 — must be reduced → 5 — unacceptable; residual 3 — undesirable → 3 — undesirable"],
    ],
    ["changed fields", { changed: [{ id: "HAZ-002", fields: ["title", "code"] }] }, ["- **Changed** `HAZ-002`: `title`, `code`"]],
  ])("%s", (_name, diff, expected) => {
    const e = diff === undefined ? evaluation() : withDiff(diff);
    const lines = renderHazardLogChanges(e, ctx);
    if (expected.length === 0) expect(lines).toEqual([]);
    for (const line of expected) expect(lines).toContain(line);
  });

  it("is part of the sticky comment", () => {
    expect(renderComment(withDiff({ added: ["HAZ-011"] }))).toContain("- **Added** `HAZ-011`");
  });
});

describe("annotationsFor", () => {
  it("turns every located problem into a failure annotation on its file and line", () => {
    const e = configError(2);
    const located = e.errors.flatMap((x) => x.problems ?? []).filter((p) => p.line !== undefined);
    const annotations = annotationsFor(e);
    expect(annotations).toHaveLength(located.length);
    expect(annotations[0]).toEqual({
      path: located[0]?.file,
      start_line: located[0]?.line,
      end_line: located[0]?.line,
      annotation_level: "failure",
      title: "Clinical safety configuration",
      message: `${located[0]?.path}: ${located[0]?.message}`,
    });
  });

  it.each([
    ["a problem without a line", { file: "docs/safety/hazard-log.yml", path: "", message: "empty file" }, 0],
    [
      "a hazard-log problem with a line",
      { file: "docs/safety/hazard-log.yml", path: "hazards[2].status", line: 61, message: "HAZ-003 unknown status" },
      1,
    ],
  ])("%s → %i annotations", (_name, problem, count) => {
    const e = evaluation({ state: "error", errors: [{ code: "hazard-log", message: "Hazard log invalid", problems: [problem] }] });
    expect(annotationsFor(e)).toHaveLength(count);
  });

  it("none for an evaluation without errors", () => {
    expect(annotationsFor(evaluation())).toEqual([]);
  });
});
