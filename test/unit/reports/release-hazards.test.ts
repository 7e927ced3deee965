import { describe, expect, it } from "@jest/globals";
import type { HazardLogChange, HazardLogVersion } from "../../../src/audit/hazard-log-version.js";
import { approversText, hazardChangeRows, hazardChangeText, riskIncreases, type HazardChangeRow } from "../../../src/reports/release-hazards.js";
import { row, signOff } from "../web/pages/rows.js";

/** A change to `id`; a re-score of the residual rating unless told otherwise. */
function change(id: string, over: Partial<HazardLogChange> = {}): HazardLogChange {
  return {
    id,
    title: `Hazard ${id}`,
    change: "rescored",
    fields: ["residual"],
    initialBefore: 5,
    initialAfter: 5,
    residualBefore: 3,
    residualAfter: 3,
    statusBefore: "open",
    statusAfter: "open",
    ...over,
  };
}

const log = (...changes: HazardLogChange[]): HazardLogVersion => ({
  path: "docs/safety/hazard-log.yml",
  blobBefore: "b".repeat(40),
  blobAfter: "a".repeat(40),
  changes,
});

/** Rows of the release's hazard changes, one merged PR per entry, in the order given (a minute apart). */
function rows(...prs: [number, HazardLogChange[]][]): HazardChangeRow[] {
  return hazardChangeRows(prs.map(([pr, changes], i) => ({ row: row({ pr, mergedAt: `2026-03-10T12:0${i}:00.000Z` }), hazardLog: log(...changes) })));
}

const up = (id: string, from: number | null, to: number | null) => change(id, { residualBefore: from, residualAfter: to });

describe("riskIncreases: the hazards whose residual rating went up over the release", () => {
  it.each<[string, HazardChangeRow[], { id: string; residualBefore: number; residualAfter: number; prs: (number | null)[] }[]]>([
    ["a re-score 3 → 4", rows([9, [up("HAZ-002", 3, 4)]]), [{ id: "HAZ-002", residualBefore: 3, residualAfter: 4, prs: [9] }]],
    ["a re-score 4 → 3 (risk reduced)", rows([9, [up("HAZ-002", 4, 3)]]), []],
    ["an unchanged rating", rows([9, [change("HAZ-002", { change: "changed", fields: ["description"] })]]), []],
    ["an added hazard, even rated high", rows([9, [change("HAZ-009", { change: "added", residualBefore: null, residualAfter: 5 })]]), []],
    ["an added hazard raised later in the release", rows([9, [up("HAZ-009", null, 3)]], [10, [up("HAZ-009", 3, 4)]]), []],
    ["a hazard removed from the log", rows([9, [change("HAZ-002", { change: "changed", residualBefore: 3, residualAfter: null })]]), []],
    ["a rise undone within the release", rows([9, [up("HAZ-002", 3, 4)]], [10, [up("HAZ-002", 4, 3)]]), []],
    [
      "two rises: from the start to the end",
      rows([9, [up("HAZ-002", 3, 4)]], [10, [up("HAZ-002", 4, 5)]]),
      [{ id: "HAZ-002", residualBefore: 3, residualAfter: 5, prs: [9, 10] }],
    ],
    [
      "a fall then a rise above the start",
      rows([9, [up("HAZ-002", 3, 2)]], [10, [up("HAZ-002", 2, 4)]]),
      [{ id: "HAZ-002", residualBefore: 3, residualAfter: 4, prs: [10] }],
    ],
    ["the initial rating alone going up", rows([9, [change("HAZ-002", { initialBefore: 4, initialAfter: 5 })]]), []],
    [
      "several hazards, in id order (HAZ-9 before HAZ-10)",
      rows([9, [up("HAZ-10", 1, 2), up("HAZ-9", 2, 3), up("HAZ-3", 3, 3)]]),
      [
        { id: "HAZ-9", residualBefore: 2, residualAfter: 3, prs: [9] },
        { id: "HAZ-10", residualBefore: 1, residualAfter: 2, prs: [9] },
      ],
    ],
  ])("%s", (_case, input, expected) => {
    expect(riskIncreases(input).map(({ id, residualBefore, residualAfter, prs }) => ({ id, residualBefore, residualAfter, prs }))).toEqual(expected);
  });
});

describe("hazardChangeRows", () => {
  it("lists each hazard change with its PR, approvers, merge commit and the log's blobs, in merge order", () => {
    const later = row({ pr: 12, mergedAt: "2026-03-12T09:00:00.000Z", mergeSha: "c".repeat(40), signOffs: [signOff("cso", "dr-cso")] });
    const earlier = row({ pr: 11, mergedAt: "2026-03-11T09:00:00.000Z", mergeSha: "d".repeat(40), signOffs: [signOff("cso", "dr-cso")] });
    const result = hazardChangeRows([
      { row: later, hazardLog: log(up("HAZ-002", 3, 4)) },
      { row: earlier, hazardLog: log(change("HAZ-001", { change: "added" }), change("HAZ-003", { change: "closed" })) },
    ]);
    expect(result.map((r) => [r.id, r.change, r.pr, r.mergeSha?.[0], r.approvers.map((s) => s.actor), r.bypass, r.blobAfter?.[0]])).toEqual([
      ["HAZ-001", "added", 11, "d", ["dr-cso"], false, "a"],
      ["HAZ-003", "closed", 11, "d", ["dr-cso"], false, "a"],
      ["HAZ-002", "rescored", 12, "c", ["dr-cso"], false, "a"],
    ]);
  });

  it("names no approver for a change that bypassed the gate, whatever sign-offs it had", () => {
    const bypassed = row({
      pr: 13,
      signOffs: [signOff("cpm")],
      bypass: { reason: "merged-without-passing-gate", detail: "Waiting for sign-off: cso", issue: 4 },
    });
    const [result] = hazardChangeRows([{ row: bypassed, hazardLog: log(up("HAZ-002", 3, 4)) }]);
    expect([result?.approvers, result?.bypass, result && approversText(result)]).toEqual([[], true, "nobody: merged without a passing gate"]);
  });
});

describe("hazardChangeText: what a change did, in words", () => {
  it.each<[string, HazardLogChange, string]>([
    [
      "added",
      change("HAZ-009", { change: "added", initialBefore: null, initialAfter: 4, residualBefore: null, residualAfter: 2, statusBefore: null }),
      "added: initial 4 — must be reduced, residual 2 — acceptable if further reduction is disproportionate, status open",
    ],
    ["re-scored up", up("HAZ-002", 3, 4), "re-scored: residual 3 — undesirable → 4 — must be reduced"],
    [
      "re-scored, both ratings, with a justification",
      change("HAZ-002", { initialBefore: 5, initialAfter: 4, residualBefore: 3, residualAfter: 2, justification: "Weight re-confirmed" }),
      "re-scored: residual 3 — undesirable → 2 — acceptable if further reduction is disproportionate; initial 5 — unacceptable → 4 — must be reduced; justification: Weight re-confirmed",
    ],
    [
      "closed with a justification",
      change("HAZ-003", { change: "closed", statusAfter: "closed", justification: "Feature removed in v1.1" }),
      "closed (was open): justification: Feature removed in v1.1",
    ],
    ["closed without one", change("HAZ-003", { change: "closed", statusAfter: "closed" }), "closed (was open): no justification written"],
    [
      "changed fields",
      change("HAZ-004", { change: "changed", fields: ["description", "existing_controls"] }),
      "changed: description, existing_controls",
    ],
    [
      "removed from the log",
      change("HAZ-005", { change: "changed", initialAfter: null, residualAfter: null, statusAfter: null }),
      "removed from the log",
    ],
  ])("%s", (_case, input, expected) => {
    expect(hazardChangeText(input)).toBe(expected);
  });
});

describe("approversText", () => {
  it.each<[string, Parameters<typeof approversText>[0], string]>([
    [
      "names and logins with roles",
      { bypass: false, approvers: [{ ...signOff("cso", "dr-cso"), name: "Dr Cleo Smith" }, signOff("cpm", "pm-pat")] },
      "Dr Cleo Smith (dr-cso), cso; pm-pat, cpm",
    ],
    ["no sign-off", { bypass: false, approvers: [] }, "no sign-off recorded"],
  ])("%s", (_case, input, expected) => {
    expect(approversText(input)).toBe(expected);
  });
});
