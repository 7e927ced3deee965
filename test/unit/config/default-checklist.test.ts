import { describe, expect, it } from "@jest/globals";
import { DEFAULT_CHECKLIST, defaultChecklist } from "../../../src/config/default-checklist.js";

describe("the built-in checklist", () => {
  it("has the 15 questions of DOMAIN.md, in its order", () => {
    expect(DEFAULT_CHECKLIST.map((q) => q.id)).toEqual([
      "decision-logic",
      "calculations",
      "medication",
      "patient-identity",
      "displayed-data",
      "alerts",
      "data-integrity",
      "interoperability",
      "availability",
      "ai-behaviour",
      "user-interface",
      "access-audit",
      "third-party",
      "intended-use",
      "existing-controls",
    ]);
  });

  it.each(DEFAULT_CHECKLIST.map((q) => [q.id, q] as const))("%s asks a question and says why", (_id, q) => {
    expect(q.question).toMatch(/^(Does|Is|Will) .+\?$/);
    expect(q.why).toMatch(/^[A-Z].+\.$/);
  });

  it.each([
    ["decision-logic", "Does this change clinical decision logic (rules, thresholds, triage outcomes, scores)?", "An error reaches every patient."],
    ["calculations", expect.stringContaining("weight/age/renal adjustments"), "Tenfold and unit errors kill."],
    ["existing-controls", "Does this remove, weaken or implement an existing hazard control?", "The hazards it controls need re-scoring."],
  ])("%s keeps DOMAIN.md's wording", (id, question, why) => {
    expect(DEFAULT_CHECKLIST.find((q) => q.id === id)).toEqual({ id, question, why });
  });

  it("cannot be changed through a copy handed to a config", () => {
    const copy = defaultChecklist();
    copy[0]!.question = "changed?";
    copy.pop();
    expect(DEFAULT_CHECKLIST).toHaveLength(15);
    expect(DEFAULT_CHECKLIST[0]!.question).not.toBe("changed?");
    expect(Object.isFrozen(DEFAULT_CHECKLIST[0])).toBe(true);
  });
});
