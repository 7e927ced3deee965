import { describe, expect, it } from "@jest/globals";
import type { InvolvementTimeline } from "../../../../src/audit/evidence.js";
import type { AuditKind, AuditRecord, JsonObject } from "../../../../src/audit/record.js";
import { HistoryBuilder, involvementByMonth, median, memoiseCanRead, releaseGroups } from "../../../../src/reports/read-model.js";
import { hazard, row } from "./rows.js";

/** A stored record as the store hands it back (the hash fields do not matter to the read model). */
function stored(seq: number, kind: AuditKind, pr: number | null, data: JsonObject, at = `2026-03-0${seq}T10:00:00.000Z`): AuditRecord {
  return {
    seq,
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    kind,
    actor: "someone",
    at,
    repo: "acme/app",
    pr,
    headSha: "h".repeat(40),
    configSha: null,
    data,
    prevHash: "0".repeat(64),
    hash: "f".repeat(64),
  };
}

describe("HistoryBuilder", () => {
  const build = (...records: AuditRecord[]) => {
    const builder = new HistoryBuilder();
    for (const r of records) builder.add(r);
    return builder.rows();
  };

  it("makes a row of a merge, with the evidence it carries", () => {
    const [r] = build(
      stored(1, "merge", 7, {
        title: "Dose rounding",
        author: "dev",
        mergedAt: "2026-03-01T11:00:00+01:00",
        mergedBy: "lead",
        headSha: "a".repeat(40),
        mergeSha: "b".repeat(40),
        passed: true,
        relevant: true,
        hazards: [{ id: "HAZ-002", title: "Stale weight", status: "open", initialRating: 5, residualRating: 3 }],
        risk: 3,
        requiredRoles: ["cso"],
        signOffs: [{ role: "cso", actor: "dr", at: "2026-03-01T09:00:00Z", headSha: "a".repeat(40), meaning: "approval as CSO" }],
        timeline: {
          openedAt: "2026-02-27T10:00:00Z",
          checklistCompleteAt: null,
          checklistCompleteWhileDraft: false,
          finalSignOffAt: "2026-03-01T09:00:00Z",
        },
      }),
    );
    expect(r).toMatchObject({
      repo: "acme/app",
      pr: 7,
      title: "Dose rounding",
      mergedAt: "2026-03-01T10:00:00.000Z",
      mergedBy: "lead",
      mergeSha: "b".repeat(40),
      risk: 3,
      bypass: null,
      hazards: [{ id: "HAZ-002" }],
      signOffs: [{ role: "cso", actor: "dr" }],
      timeline: { openedAt: "2026-02-27T10:00:00Z" },
    });
  });

  it("marks the merge a bypass record follows", () => {
    const rows = build(
      stored(1, "merge", 8, {
        title: "Banner",
        mergedAt: "2026-03-01T10:00:00Z",
        passed: false,
        gate: { state: "waiting", headline: "Waiting for sign-off: cso" },
      }),
      stored(2, "bypass", 8, {
        title: "Banner",
        reason: "merged-without-passing-gate",
        detail: "Waiting for sign-off: cso",
        files: [],
        rules: [],
        issue: 12,
        before: null,
        after: null,
      }),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.bypass).toEqual({ reason: "merged-without-passing-gate", detail: "Waiting for sign-off: cso", issue: 12 });
  });

  it("flags a merge without a passing gate even when its bypass record is missing", () => {
    const [r] = build(stored(1, "merge", 8, { title: "Banner", passed: false, gate: { state: "waiting", headline: "Waiting for sign-off: cso" } }));
    expect(r?.bypass).toEqual({ reason: "merged-without-passing-gate", detail: "Waiting for sign-off: cso", issue: null });
  });

  it("makes a row of a direct push, named by its files", () => {
    const [r] = build(
      stored(1, "bypass", null, {
        title: "",
        reason: "direct-push",
        detail: "no PR",
        files: ["src/dose.ts"],
        rules: ["prescribing"],
        issue: null,
        before: "a".repeat(40),
        after: "c".repeat(40),
      }),
    );
    expect(r).toMatchObject({
      pr: null,
      title: "Direct push of src/dose.ts",
      mergeSha: "c".repeat(40),
      headSha: "c".repeat(40),
      relevant: true,
      bypass: { reason: "direct-push" },
    });
  });

  it("reads what it can of a record written with fields missing or mistyped", () => {
    const [r] = build(
      stored(3, "merge", 9, { title: 42, hazards: [{ title: "no id" }, "junk", { id: "HAZ-001", residualRating: 2 }], signOffs: "none" }),
    );
    expect(r).toMatchObject({
      title: "",
      mergedAt: "2026-03-03T10:00:00.000Z",
      hazards: [{ id: "HAZ-001", residualRating: 2 }],
      risk: 2,
      signOffs: [],
      bypass: null,
    });
  });

  it("ignores the other kinds and lists the newest first", () => {
    const rows = build(
      stored(1, "merge", 1, { title: "first", mergedAt: "2026-03-01T10:00:00Z" }),
      stored(2, "sign-off", 2, { title: "not merged", role: "cso", meaning: "" }),
      stored(3, "merge", 3, { title: "second", mergedAt: "2026-03-02T10:00:00Z" }),
    );
    expect(rows.map((r) => r.title)).toEqual(["second", "first"]);
  });
});

describe("memoiseCanRead", () => {
  it("asks about each repository once", async () => {
    const asked: string[] = [];
    const canRead = memoiseCanRead(async (repo) => {
      asked.push(repo);
      return repo === "acme/a";
    });
    const answers = [await canRead("acme/a"), await canRead("acme/b"), await canRead("acme/a"), await canRead("acme/b")];
    expect(answers).toEqual([true, false, true, false]);
    expect(asked).toEqual(["acme/a", "acme/b"]);
  });
});

describe("median", () => {
  it.each<[number[], number | null]>([
    [[], null],
    [[5], 5],
    [[1, 3], 2],
    [[3, 1, 2], 2],
    [[10, 1, 4, 2], 3],
    [[7, 7, 7, 100], 7],
  ])("%j → %j", (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe("involvementByMonth", () => {
  const H = 3_600_000;
  const opened = "2026-03-01T00:00:00.000Z";
  const after = (hours: number | null) => (hours === null ? null : new Date(Date.parse(opened) + hours * H).toISOString());
  const timeline = (checklist: number | null, signOff: number | null, whileDraft = false): InvolvementTimeline => ({
    openedAt: opened,
    checklistCompleteAt: after(checklist),
    checklistCompleteWhileDraft: whileDraft,
    finalSignOffAt: after(signOff),
  });
  const merged = (mergedAt: string, t: InvolvementTimeline | undefined, over = {}) => row({ mergedAt, timeline: t, ...over });

  it.each<
    [
      string,
      ReturnType<typeof row>[],
      { month: string; prs: number; toChecklistMs: number | null; toSignOffMs: number | null; completeWhileDraft: number }[],
    ]
  >([
    ["no rows", [], []],
    [
      "one PR",
      [merged("2026-03-10T00:00:00Z", timeline(2, 30, true))],
      [{ month: "2026-03", prs: 1, toChecklistMs: 2 * H, toSignOffMs: 30 * H, completeWhileDraft: 1 }],
    ],
    [
      "odd count: the middle one",
      [
        merged("2026-03-10T00:00:00Z", timeline(1, 10)),
        merged("2026-03-11T00:00:00Z", timeline(5, 50, true)),
        merged("2026-03-12T00:00:00Z", timeline(100, 20)),
      ],
      [{ month: "2026-03", prs: 3, toChecklistMs: 5 * H, toSignOffMs: 20 * H, completeWhileDraft: 1 }],
    ],
    [
      "even count: the mean of the middle two",
      [merged("2026-03-10T00:00:00Z", timeline(2, 10)), merged("2026-03-11T00:00:00Z", timeline(4, 30))],
      [{ month: "2026-03", prs: 2, toChecklistMs: 3 * H, toSignOffMs: 20 * H, completeWhileDraft: 0 }],
    ],
    [
      "a PR never complete or never signed counts in the PRs, not in that median",
      [merged("2026-03-10T00:00:00Z", timeline(null, null)), merged("2026-03-11T00:00:00Z", timeline(6, null, true))],
      [{ month: "2026-03", prs: 2, toChecklistMs: 6 * H, toSignOffMs: null, completeWhileDraft: 1 }],
    ],
    [
      "by month merged, in order",
      [merged("2026-04-02T00:00:00Z", timeline(8, 8)), merged("2026-03-31T23:59:00Z", timeline(1, 1))],
      [
        { month: "2026-03", prs: 1, toChecklistMs: 1 * H, toSignOffMs: 1 * H, completeWhileDraft: 0 },
        { month: "2026-04", prs: 1, toChecklistMs: 8 * H, toSignOffMs: 8 * H, completeWhileDraft: 0 },
      ],
    ],
    [
      "not relevant, direct pushes and merges without a timeline are left out",
      [
        merged("2026-03-10T00:00:00Z", timeline(1, 1), { relevant: false }),
        merged("2026-03-10T00:00:00Z", timeline(1, 1), { pr: null }),
        merged("2026-03-10T00:00:00Z", undefined),
        merged("2026-03-10T00:00:00Z", timeline(3, 4)),
      ],
      [{ month: "2026-03", prs: 1, toChecklistMs: 3 * H, toSignOffMs: 4 * H, completeWhileDraft: 0 }],
    ],
  ])("%s", (_what, rows, expected) => {
    expect(involvementByMonth(rows).map(({ repo: _repo, ...rest }) => rest)).toEqual(expected);
  });

  it("keeps repositories apart", () => {
    const rows = [
      merged("2026-03-10T00:00:00Z", timeline(1, 1), { repo: "acme/b" }),
      merged("2026-03-10T00:00:00Z", timeline(9, 9), { repo: "acme/a" }),
    ];
    expect(involvementByMonth(rows).map((r) => [r.repo, r.toChecklistMs])).toEqual([
      ["acme/a", 9 * H],
      ["acme/b", 1 * H],
    ]);
  });
});

describe("releaseGroups", () => {
  const inRelease = "a".repeat(40);
  const alsoIn = "b".repeat(40);
  const rows = [
    row({ title: "two hazards", mergeSha: inRelease, hazards: [hazard("HAZ-010"), hazard("HAZ-9")], mergedAt: "2026-03-02T00:00:00.000Z" }),
    row({ title: "no hazard", mergeSha: alsoIn.toUpperCase(), mergedAt: "2026-03-03T00:00:00.000Z" }),
    row({ title: "squash: head in range", mergeSha: null, headSha: alsoIn, hazards: [hazard("HAZ-9")], mergedAt: "2026-03-01T00:00:00.000Z" }),
    row({ title: "not relevant", mergeSha: inRelease, relevant: false }),
    row({ title: "other release", mergeSha: "c".repeat(40), hazards: [hazard("HAZ-9")] }),
  ];

  it("groups the relevant changes in range by hazard (numeric id order), then those with none", () => {
    const groups = releaseGroups(rows, [inRelease, alsoIn]);
    expect(groups.map((g) => [g.hazard?.id ?? null, g.changes.map((c) => c.title)])).toEqual([
      ["HAZ-9", ["squash: head in range", "two hazards"]],
      ["HAZ-010", ["two hazards"]],
      [null, ["no hazard"]],
    ]);
  });

  it("is empty when no commit of the range was a recorded change", () => {
    expect(releaseGroups(rows, ["d".repeat(40)])).toEqual([]);
  });
});
