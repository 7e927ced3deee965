import { describe, expect, it } from "@jest/globals";
import { canonicalJson, type JsonValue } from "../../../src/audit/canonical-json.js";
import {
  MAX_ITEMS,
  MAX_TEXT,
  hazardLogVersion,
  readHazardLogVersion,
  type HazardLogChange,
  type HazardLogVersion,
} from "../../../src/audit/hazard-log-version.js";
import { withHazardLogVersion } from "../../../src/audit/merge-evidence.js";
import type { AuditInput } from "../../../src/audit/record.js";
import { diffHazardLogs } from "../../../src/hazards/diff.js";
import type { Hazard } from "../../../src/hazards/schema.js";
import { makeHazard } from "../hazards/helpers.js";

const PATH = "docs/safety/hazard-log.yml";
const one = makeHazard({ id: "HAZ-001" });
const two = makeHazard({ id: "HAZ-002", title: "Paediatric dose uses a stale weight" });

/** The version of a merge from `before` (blob `b1`) to `after` (blob `b2`), through the real diff. */
function version(before: Hazard[], after: Hazard[], blobs: [string | null, string | null] = ["b1", "b2"]): HazardLogVersion | undefined {
  return hazardLogVersion(diffHazardLogs(before, after), {
    path: PATH,
    before: { blob: blobs[0], hazards: before },
    after: { blob: blobs[1], hazards: after },
  });
}

describe("hazardLogVersion: what a merge did to the hazard log", () => {
  it("is undefined when nothing changed and the blob is the same (a PR with too many files to list, compared without touching the log)", () => {
    expect(version([one, two], [one, two], ["b1", "b1"])).toBeUndefined();
  });

  it("keeps the version when the file changed but no hazard did (a comment edited): the blobs still say which file was approved", () => {
    expect(version([one, two], [one, two])).toEqual({ path: PATH, blobBefore: "b1", blobAfter: "b2", changes: [] });
  });

  it.each<[string, Hazard[], Hazard[], Partial<HazardLogChange>[]]>([
    [
      "HAZ-002 residual re-scored 3 → 4 is `rescored`, with the residual before and after",
      [one, makeHazard({ id: "HAZ-002", residual: { severity: "major", likelihood: "low" } })],
      [one, makeHazard({ id: "HAZ-002", residual: { severity: "major", likelihood: "high" } })],
      [
        {
          id: "HAZ-002",
          change: "rescored",
          fields: ["residual"],
          initialBefore: 3,
          initialAfter: 3,
          residualBefore: 3,
          residualAfter: 4,
          statusBefore: "open",
          statusAfter: "open",
          before: { residual: { severity: "major", likelihood: "low" } },
          after: { residual: { severity: "major", likelihood: "high" } },
        },
      ],
    ],
    [
      "an initial rating re-scored is `rescored` too",
      [one],
      [makeHazard({ id: "HAZ-001", initial: { severity: "catastrophic", likelihood: "medium" } })],
      [{ id: "HAZ-001", change: "rescored", fields: ["initial"], initialBefore: 3, initialAfter: 4, residualBefore: 3, residualAfter: 3 }],
    ],
    [
      "a closure with its justification is `closed` and carries the justification",
      [one],
      [makeHazard({ id: "HAZ-001", status: "closed", justification: "Verified in release 4.2." })],
      [
        {
          change: "closed",
          fields: ["status", "justification"],
          statusBefore: "open",
          statusAfter: "closed",
          justification: "Verified in release 4.2.",
          before: { status: "open", justification: null },
          after: { status: "closed", justification: "Verified in release 4.2." },
        },
      ],
    ],
    [
      "closed and re-scored at once is `closed` (closure comes before a re-score)",
      [one],
      [makeHazard({ id: "HAZ-001", status: "closed", justification: "Retired", residual: { severity: "major", likelihood: "very-low" } })],
      [{ change: "closed", residualBefore: 3, residualAfter: 2, justification: "Retired" }],
    ],
    [
      "a hazard added already closed is `added` (addition comes first), with every written field after and nothing before",
      [one],
      [one, makeHazard({ id: "HAZ-003", status: "closed", justification: "Never applied", code: ["src/x/**"] })],
      [
        {
          id: "HAZ-003",
          change: "added",
          fields: ["id", "title", "initial", "residual", "status", "justification", "owner", "raised", "code"],
          initialBefore: null,
          residualBefore: null,
          statusBefore: null,
          statusAfter: "closed",
          justification: "Never applied",
        },
      ],
    ],
    [
      "a description rewritten is `changed`, and an old justification is not repeated",
      [makeHazard({ id: "HAZ-001", description: "Old", justification: "from before" })],
      [makeHazard({ id: "HAZ-001", description: "New", justification: "from before" })],
      [{ change: "changed", fields: ["description"], before: { description: "Old" }, after: { description: "New" } }],
    ],
    [
      "a reopened hazard is `changed`: its status back to open",
      [makeHazard({ id: "HAZ-001", status: "closed", justification: "x" })],
      [one],
      [{ change: "changed", fields: ["status", "justification"], statusBefore: "closed", statusAfter: "open" }],
    ],
    [
      "a deleted hazard (only through a bypass) is `changed` with nothing after",
      [one, two],
      [one],
      [
        {
          id: "HAZ-002",
          title: "Paediatric dose uses a stale weight",
          change: "changed",
          initialBefore: 3,
          initialAfter: null,
          residualAfter: null,
          statusBefore: "open",
          statusAfter: null,
        },
      ],
    ],
    [
      "changes follow the log's order after the merge, deleted hazards last",
      [one, two, makeHazard({ id: "HAZ-004" })],
      [makeHazard({ id: "HAZ-003" }), two, makeHazard({ id: "HAZ-001", title: "Renamed" })],
      [
        { id: "HAZ-003", change: "added" },
        { id: "HAZ-001", change: "changed", fields: ["title"], title: "Renamed" },
        { id: "HAZ-004", change: "changed", statusAfter: null },
      ],
    ],
  ])("%s", (_name, before, after, expected) => {
    const changes = version(before, after)?.changes ?? [];
    expect(changes).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(changes[i]).toMatchObject(e));
  });

  it("a justification is kept only for a closure, a re-score, or when it is itself what changed", () => {
    const justified = (extra: Partial<Parameters<typeof makeHazard>[0]>) => makeHazard({ id: "HAZ-001", justification: "kept", ...extra });
    const keeps = (after: Hazard) => version([justified({})], [after])?.changes[0]?.justification;
    expect(keeps(justified({ description: "new" }))).toBeUndefined();
    expect(keeps(justified({ residual: { severity: "major", likelihood: "very-low" } }))).toBe("kept");
    expect(keeps(justified({ justification: "rewritten" }))).toBe("rewritten");
    expect(keeps(justified({ justification: "  " }))).toBeUndefined();
  });

  it("an added hazard has no `before`, a deleted one no `after`", () => {
    const [added] = version([], [one])?.changes ?? [];
    expect(added).not.toHaveProperty("before");
    expect(added?.after).toMatchObject({ id: "HAZ-001", initial: { severity: "major", likelihood: "medium" } });
    const [deleted] = version([one], [])?.changes ?? [];
    expect(deleted).not.toHaveProperty("after");
    expect(deleted?.before).toMatchObject({ id: "HAZ-001" });
  });

  it("a log created (none at the base) has a null blob before; a log removed a null blob after", () => {
    expect(version([], [one], [null, "b2"])).toMatchObject({ blobBefore: null, blobAfter: "b2", changes: [{ change: "added" }] });
    expect(version([one], [], ["b1", null])).toMatchObject({ blobBefore: "b1", blobAfter: null, changes: [{ statusAfter: null }] });
  });

  it("caps long texts and long lists, saying how many items were left out", () => {
    const long = "x".repeat(MAX_TEXT * 3);
    const controls = Array.from({ length: MAX_ITEMS + 5 }, (_, i) => `control ${i}`);
    const [change] =
      version([one], [makeHazard({ id: "HAZ-001", description: long, existing_controls: controls, justification: long })])?.changes ?? [];
    const description = change?.after?.description as string;
    expect(description).toHaveLength(MAX_TEXT);
    expect(description.endsWith("…")).toBe(true);
    expect(change?.justification).toHaveLength(MAX_TEXT);
    const kept = change?.after?.existing_controls as string[];
    expect(kept).toHaveLength(MAX_ITEMS + 1);
    expect(kept.at(-1)).toBe("… 5 more");
  });

  it("is plain JSON that the hash chain accepts (no undefined anywhere)", () => {
    const v = version([one, makeHazard({ id: "HAZ-002", description: "d" })], [makeHazard({ id: "HAZ-002" }), makeHazard({ id: "HAZ-005" })]);
    expect(() => canonicalJson(v)).not.toThrow();
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });
});

describe("readHazardLogVersion: a merge record's `hazardLog` read back", () => {
  it("reads back what was written", () => {
    const v = version([one], [makeHazard({ id: "HAZ-001", status: "closed", justification: "done" })]) as HazardLogVersion;
    expect(readHazardLogVersion(JSON.parse(JSON.stringify(v)) as JsonValue)).toEqual(v);
  });

  it.each<[string, JsonValue | undefined, HazardLogVersion | undefined]>([
    ["absent (an older record)", undefined, undefined],
    ["not an object", "docs/safety/hazard-log.yml", undefined],
    ["without a path", { blobBefore: "a", changes: [] }, undefined],
    ["with no changes list", { path: PATH, blobBefore: "a", blobAfter: "b" }, { path: PATH, blobBefore: "a", blobAfter: "b", changes: [] }],
    [
      "with a change of an unknown kind, wrong types and no id",
      { path: PATH, blobBefore: 3, changes: [{ id: "HAZ-001", change: "exploded", fields: ["status", 4], residualAfter: "4" }, { change: "added" }] },
      {
        path: PATH,
        blobBefore: null,
        blobAfter: null,
        changes: [
          {
            id: "HAZ-001",
            title: "",
            change: "changed",
            fields: ["status"],
            initialBefore: null,
            initialAfter: null,
            residualBefore: null,
            residualAfter: null,
            statusBefore: null,
            statusAfter: null,
          },
        ],
      },
    ],
  ])("%s", (_name, value, expected) => {
    expect(readHazardLogVersion(value)).toEqual(expected);
  });
});

describe("withHazardLogVersion: the merge record keeps the version", () => {
  const record = (kind: AuditInput["kind"]): AuditInput => ({
    kind,
    actor: "acme",
    at: "2026-11-23T09:00:00.000Z",
    repo: "acme/eprescribe",
    pr: 9,
    headSha: "h",
    configSha: null,
    data: { title: "t" },
  });
  const v: HazardLogVersion = { path: PATH, blobBefore: "b1", blobAfter: "b2", changes: [] };

  it("adds `hazardLog` to the merge record only", () => {
    const out = withHazardLogVersion([record("check-conclusion"), record("merge"), record("bypass")], v);
    expect(out.map((r) => r.data.hazardLog)).toEqual([undefined, v, undefined]);
    expect(out[1]?.data.title).toBe("t");
  });

  it("leaves the records as they are when the log did not change, or when the merge was recorded before", () => {
    const records = [record("merge")];
    expect(withHazardLogVersion(records, undefined)).toEqual(records);
    expect(withHazardLogVersion([record("check-conclusion")], v)).toEqual([record("check-conclusion")]);
  });
});
