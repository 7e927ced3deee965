import { describe, expect, it } from "@jest/globals";
import { rememberedLabels } from "../../../src/audit/remembered-labels.js";
import { GENESIS_HASH, type AuditKind, type AuditRecord, type JsonObject } from "../../../src/audit/record.js";

let seq = 0;
const r = (kind: AuditKind, data: JsonObject): AuditRecord => ({
  seq: ++seq,
  id: `00000000-0000-0000-0000-${String(seq).padStart(12, "0")}`,
  kind,
  actor: "gate[bot]",
  at: "2026-11-23T10:00:00.000Z",
  repo: "acme/eprescribe",
  pr: 7,
  headSha: "a".repeat(40),
  configSha: null,
  data,
  prevHash: GENESIS_HASH,
  hash: "h",
});
const classified = (...rules: [string, JsonObject[]][]) => r("classification", { rules: rules.map(([ruleId, reasons]) => ({ ruleId, reasons })) });

describe("rememberedLabels: the rule labels a PR's trail has seen since it was last cleared", () => {
  it.each<[string, AuditRecord[], { ruleId: string; label: string }[]]>([
    ["none", [], []],
    [
      "a label reason",
      [classified(["prescribing", [{ kind: "label", label: "clinical-impact" }]])],
      [{ ruleId: "prescribing", label: "clinical-impact" }],
    ],
    ["path reasons are not labels", [classified(["prescribing", [{ kind: "path", file: "a", pattern: "a" }]])], []],
    [
      "a removed label stays remembered",
      [classified(["prescribing", [{ kind: "label-removed", label: "x" }]])],
      [{ ruleId: "prescribing", label: "x" }],
    ],
    [
      "cleared by not-relevant",
      [classified(["prescribing", [{ kind: "label", label: "x" }]]), r("not-relevant", { role: "cso", reason: "docs" })],
      [],
    ],
    [
      "labelled again after clearing",
      [
        classified(["p", [{ kind: "label", label: "x" }]]),
        r("not-relevant", { role: "cso", reason: "docs" }),
        classified(["p", [{ kind: "label", label: "y" }]]),
      ],
      [{ ruleId: "p", label: "y" }],
    ],
    ["malformed data is ignored", [r("classification", { rules: "nope" }), classified(["p", [{ kind: "label" }]])], []],
  ])("%s", (_name, records, expected) => {
    expect(rememberedLabels(records)).toEqual(expected);
  });
});
