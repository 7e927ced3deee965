import { describe, expect, it } from "@jest/globals";
import type { GateState } from "../../../src/core/types.js";
import { labelPlan, MANAGED_LABEL_NAMES } from "../../../src/render/labels.js";
import { evaluation } from "./factory.js";

const REQUIRED = "clinical-safety: sign-off required";
const SIGNED = "clinical-safety: signed off";
const BYPASSED = "clinical-safety: bypassed";

describe("labelPlan", () => {
  it.each<[GateState, string[], string[], string[]]>([
    ["waiting", [], [REQUIRED], []],
    ["waiting", [REQUIRED], [], []],
    ["waiting", [SIGNED], [REQUIRED], [SIGNED]],
    ["error", [], [REQUIRED], []],
    ["error", [SIGNED], [REQUIRED], [SIGNED]],
    ["pass", [REQUIRED], [SIGNED], [REQUIRED]],
    ["pass", [SIGNED], [], []],
    ["not-relevant", [REQUIRED, SIGNED], [], [REQUIRED, SIGNED]],
    ["not-relevant", [], [], []],
    ["pass", [BYPASSED, "bug"], [SIGNED], []],
    ["not-relevant", [BYPASSED, "clinical-impact"], [], []],
    ["waiting", ["Clinical-Safety: Sign-Off Required"], [], []],
    ["pass", ["Clinical-Safety: Sign-Off Required"], [SIGNED], ["Clinical-Safety: Sign-Off Required"]],
  ])("%s with %j → add %j, remove %j", (state, current, add, remove) => {
    expect(labelPlan(evaluation({ state }), current)).toEqual({ add, remove });
  });

  it("manages exactly the three product labels", () => {
    expect(MANAGED_LABEL_NAMES).toEqual([REQUIRED, SIGNED, BYPASSED]);
  });
});
