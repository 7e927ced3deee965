import { describe, expect, it } from "@jest/globals";
import type { HazardLogChange, HazardLogVersion } from "../../../src/audit/hazard-log-version.js";
import type { AuditKind, AuditRecord, JsonObject } from "../../../src/audit/record.js";
import { HazardTrail } from "../../../src/reports/hazard-history.js";

const REPO = "acme/eprescribe";
let seq = 0;

function rec(kind: AuditKind, pr: number, at: string, data: JsonObject): AuditRecord {
  seq += 1;
  return { seq, id: `r${seq}`, kind, actor: "someone", at, repo: REPO, pr, headSha: `head-${pr}`, configSha: null, data, prevHash: "", hash: "" };
}

const link = (pr: number, hazardId: string, extra: JsonObject = {}) =>
  rec("hazard-link", pr, "2026-01-01T00:00:00.000Z", { title: `PR ${pr}`, hazardId, known: true, source: "PR description", ...extra });

function change(id: string, kind: HazardLogChange["change"], extra: Partial<HazardLogChange> = {}): HazardLogChange {
  return {
    id,
    title: `Hazard ${id}`,
    change: kind,
    fields: ["residual"],
    initialBefore: 5,
    initialAfter: 5,
    residualBefore: 3,
    residualAfter: 4,
    statusBefore: "open",
    statusAfter: "open",
    ...extra,
  };
}

function merge(pr: number, at: string, opts: { hazards?: string[]; log?: HazardLogChange[]; passed?: boolean } = {}): AuditRecord {
  const hazardLog: HazardLogVersion | undefined = opts.log && { path: "log.yml", blobBefore: `b${pr}`, blobAfter: `a${pr}`, changes: opts.log };
  return rec("merge", pr, at, {
    title: `PR ${pr}`,
    headSha: `head-${pr}`,
    mergeSha: `merge-${pr}`,
    mergedAt: at,
    mergedBy: "acme",
    passed: opts.passed ?? true,
    hazards: (opts.hazards ?? []).map((id) => ({ id, title: "", status: "open", initialRating: 5, residualRating: 3 })),
    signOffs: [{ role: "cso", actor: "cleo", at, headSha: `head-${pr}`, meaning: "clinical safety approval as CSO", name: "Dr Cleo Smith" }],
    ...(hazardLog ? { hazardLog: hazardLog } : {}),
  });
}

function trail(records: AuditRecord[]): HazardTrail {
  const t = new HazardTrail();
  for (const r of records) t.add(r);
  return t;
}

describe("HazardTrail: which PRs touched a hazard", () => {
  it.each<[string, AuditRecord[], string, [number, boolean, string[], boolean][]]>([
    ["a link in an open PR touches it", [link(1, "HAZ-002")], "HAZ-002", [[1, true, [], false]]],
    ["a link removed by /safety unlink does not", [link(1, "HAZ-002"), link(1, "HAZ-002", { command: "unlink" })], "HAZ-002", []],
    ["an id not in the log names no hazard", [link(1, "HAZ-999", { known: false })], "HAZ-999", []],
    [
      "once merged, the hazards linked at merge count, not an earlier link",
      [link(1, "HAZ-002"), link(1, "HAZ-003"), merge(1, "2026-02-01T00:00:00.000Z", { hazards: ["HAZ-003"] })],
      "HAZ-002",
      [],
    ],
    [
      "a change to the entry touches it without a link",
      [merge(1, "2026-02-01T00:00:00.000Z", { log: [change("HAZ-002", "rescored")] })],
      "HAZ-002",
      [[1, false, ["rescored"], true]],
    ],
    [
      "a PR merged twice keeps both changes",
      [
        merge(1, "2026-02-01T00:00:00.000Z", { log: [change("HAZ-002", "changed")] }),
        merge(1, "2026-03-01T00:00:00.000Z", { log: [change("HAZ-002", "closed")], hazards: ["HAZ-002"] }),
      ],
      "HAZ-002",
      [[1, true, ["changed", "closed"], true]],
    ],
    [
      "merged PRs newest first, then open ones by number",
      [
        link(4, "HAZ-002"),
        link(5, "HAZ-002"),
        merge(2, "2026-02-01T00:00:00.000Z", { hazards: ["HAZ-002"] }),
        merge(3, "2026-03-01T00:00:00.000Z", { hazards: ["HAZ-002"], passed: false }),
      ],
      "HAZ-002",
      [
        [3, true, [], true],
        [2, true, [], true],
        [5, true, [], false],
        [4, true, [], false],
      ],
    ],
  ])("%s", (_name, records, id, expected) => {
    const touches = trail(records).touches(id);
    expect(touches.map((t) => [t.pr, t.linked, t.changes, t.mergedAt !== null])).toEqual(expected);
  });

  it("flags a PR merged without a passing gate", () => {
    const [t] = trail([merge(3, "2026-03-01T00:00:00.000Z", { hazards: ["HAZ-002"], passed: false })]).touches("HAZ-002");
    expect(t?.bypass).toBe(true);
  });

  it("lists every id it knows in id order, HAZ-9 before HAZ-10", () => {
    const t = trail([link(1, "HAZ-10"), link(2, "HAZ-9"), merge(3, "2026-03-01T00:00:00.000Z", { log: [change("HAZ-011", "added")] })]);
    expect([...t.touchesById().keys()]).toEqual(["HAZ-9", "HAZ-10", "HAZ-011"]);
  });
});

describe("HazardTrail: a hazard's history", () => {
  it("is every merged change to the entry, oldest first, with the approvals, the merged head and the blobs", () => {
    const t = trail([
      merge(2, "2026-03-01T00:00:00.000Z", { log: [change("HAZ-002", "closed"), change("HAZ-003", "changed")] }),
      merge(1, "2026-02-01T00:00:00.000Z", { log: [change("HAZ-002", "rescored")] }),
    ]);
    const history = t.history("HAZ-002");
    expect(history.map((e) => [e.pr, e.change.change, e.headSha, e.blobBefore, e.blobAfter])).toEqual([
      [1, "rescored", "head-1", "b1", "a1"],
      [2, "closed", "head-2", "b2", "a2"],
    ]);
    expect(history[0]?.signOffs).toEqual([expect.objectContaining({ name: "Dr Cleo Smith", meaning: "clinical safety approval as CSO" })]);
    expect(t.history("HAZ-004")).toEqual([]);
  });

  it("ignores merge records from before versions were kept", () => {
    expect(trail([merge(1, "2026-02-01T00:00:00.000Z", { hazards: ["HAZ-002"] })]).history("HAZ-002")).toEqual([]);
  });
});
