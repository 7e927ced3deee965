import { describe, expect, it } from "@jest/globals";
import { diffHazardLogs, type HazardLogDiff } from "../../../src/hazards/diff.js";
import type { Hazard } from "../../../src/hazards/schema.js";
import { makeHazard } from "./helpers.js";

const NONE: HazardLogDiff = { added: [], removed: [], closed: [], rescored: [], changed: [] };
const one = makeHazard({ id: "HAZ-001" });
const two = makeHazard({ id: "HAZ-002" });

describe("diffHazardLogs", () => {
  it.each<[string, Hazard[], Hazard[], Partial<HazardLogDiff>]>([
    ["no change", [one, two], [one, two], {}],
    ["no change but the order and the lines", [one, two], [{ ...two, line: 40 }, one], {}],
    ["a hazard added", [one], [one, two], { added: ["HAZ-002"] }],
    ["a hazard deleted", [one, two], [two], { removed: ["HAZ-001"] }],
    ["every hazard deleted", [one, two], [], { removed: ["HAZ-001", "HAZ-002"] }],
    [
      "a hazard closed with its justification",
      [one],
      [makeHazard({ id: "HAZ-001", status: "closed", justification: "Verified in release 4.2." })],
      { closed: ["HAZ-001"], changed: [{ id: "HAZ-001", fields: ["status", "justification"] }] },
    ],
    [
      "a closed hazard reopened (a change, not a closure)",
      [makeHazard({ id: "HAZ-001", status: "closed", justification: "x" })],
      [one],
      { changed: [{ id: "HAZ-001", fields: ["status", "justification"] }] },
    ],
    [
      "a hazard added already closed (an addition, not a closure)",
      [],
      [makeHazard({ id: "HAZ-001", status: "closed", justification: "x" })],
      { added: ["HAZ-001"] },
    ],
    [
      "the residual risk re-scored",
      [one],
      [makeHazard({ id: "HAZ-001", residual: { severity: "major", likelihood: "very-low" } })],
      { rescored: [{ id: "HAZ-001", residual: { from: 3, to: 2 } }], changed: [{ id: "HAZ-001", fields: ["residual"] }] },
    ],
    [
      "both risks rewritten, one rating changed",
      [one],
      [
        makeHazard({
          id: "HAZ-001",
          initial: { severity: "catastrophic", likelihood: "high" },
          residual: { severity: "catastrophic", likelihood: "very-low" },
        }),
      ],
      {
        // The residual rating stays 3 (major × low, then catastrophic × very-low): only the initial one moved.
        rescored: [{ id: "HAZ-001", initial: { from: 3, to: 5 } }],
        changed: [{ id: "HAZ-001", fields: ["initial", "residual"] }],
      },
    ],
    [
      "a likelihood changed without changing the rating (a change, not a re-score)",
      [one],
      [makeHazard({ id: "HAZ-001", initial: { severity: "major", likelihood: "low" } })],
      { changed: [{ id: "HAZ-001", fields: ["initial"] }] },
    ],
    [
      "a stored rating added (a change of what is written, not of the risk)",
      [one],
      [makeHazard({ id: "HAZ-001", initial: { severity: "major", likelihood: "medium", rating: 3 } })],
      { changed: [{ id: "HAZ-001", fields: ["initial"] }] },
    ],
    [
      "a control added and code globs changed",
      [one],
      [
        makeHazard({
          id: "HAZ-001",
          additional_controls: [{ type: "test", description: "Boundary tests" }],
          code: ["src/dose/**"],
        }),
      ],
      { changed: [{ id: "HAZ-001", fields: ["additional_controls", "code"] }] },
    ],
    [
      "a control's evidence edited",
      [makeHazard({ id: "HAZ-001", additional_controls: [{ type: "test", description: "Tests", evidence: "a.test.ts" }] })],
      [makeHazard({ id: "HAZ-001", additional_controls: [{ type: "test", description: "Tests", evidence: "b.test.ts" }] })],
      { changed: [{ id: "HAZ-001", fields: ["additional_controls"] }] },
    ],
    [
      "added, deleted and changed at once",
      [one, two],
      [makeHazard({ id: "HAZ-002", title: "Renamed" }), makeHazard({ id: "HAZ-003" })],
      { added: ["HAZ-003"], removed: ["HAZ-001"], changed: [{ id: "HAZ-002", fields: ["title"] }] },
    ],
  ])("%s", (_name, before, after, expected) => {
    expect(diffHazardLogs(before, after)).toEqual({ ...NONE, ...expected });
  });

  it("compares a repeated id by its first entry", () => {
    const renamed = makeHazard({ id: "HAZ-001", title: "Renamed" });
    expect(diffHazardLogs([one], [one, renamed])).toEqual(NONE);
  });
});
