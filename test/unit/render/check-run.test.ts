import { describe, expect, it } from "@jest/globals";
import type { Blocker, Evaluation, GateError, GateState } from "../../../src/core/types.js";
import { CHECK_TEXT_LIMIT, renderCheckRun } from "../../../src/render/check-run.js";
import { configError, evaluation, notRelevant, passed } from "./factory.js";

const Z = "\u200b";

describe("renderCheckRun: conclusion for every state", () => {
  it.each<[GateState, string, () => Evaluation]>([
    ["not-relevant", "success", notRelevant],
    ["pass", "success", passed],
    ["waiting", "action_required", () => evaluation()],
    ["error", "failure", () => configError()],
  ])("%s → %s", (state, conclusion, make) => {
    const e = make();
    expect(e.state).toBe(state);
    expect(renderCheckRun(e).conclusion).toBe(conclusion);
  });

  it.each<GateState>(["waiting", "error"])("%s is never success, whatever else the evaluation says", (state) => {
    // An evaluation that looks finished in every other way must still not pass in these states.
    const e = { ...passed(), state };
    expect(renderCheckRun(e).conclusion).not.toBe("success");
  });
});

describe("renderCheckRun: titles", () => {
  it.each<[string, Blocker[], string]>([
    [
      "sign-offs missing",
      [
        { kind: "sign-off-missing", role: "cso" },
        { kind: "sign-off-missing", role: "cpm" },
      ],
      "Waiting for sign-off: cso, cpm",
    ],
    ["checklist", [{ kind: "checklist-incomplete", questionIds: ["a", "b", "c"] }], "Checklist incomplete: 3 questions unanswered"],
    ["one question", [{ kind: "checklist-incomplete", questionIds: ["a"] }], "Checklist incomplete: 1 question unanswered"],
    ["objection", [{ kind: "objection", actor: "x", role: "cso" }], "Objection by @x"],
    ["unknown hazards", [{ kind: "unknown-hazards", ids: ["HAZ-999"] }], "Unknown hazard id: HAZ-999"],
    ["yes without hazard", [{ kind: "yes-without-hazard", questionIds: ["a", "b"] }], "Hazard link needed for 2 Yes answers"],
    [
      "most pressing two first",
      [
        { kind: "sign-off-missing", role: "cso" },
        { kind: "checklist-incomplete", questionIds: ["a"] },
      ],
      "Checklist incomplete: 1 question unanswered; waiting for sign-off: cso",
    ],
    [
      "the rest counted",
      [
        { kind: "sign-off-missing", role: "cso" },
        { kind: "objection", actor: "x", role: "cso" },
        { kind: "unknown-hazards", ids: ["HAZ-1"] },
        { kind: "checklist-incomplete", questionIds: ["a"] },
      ],
      "Objection by @x; checklist incomplete: 1 question unanswered (+2 more)",
    ],
  ])("waiting, %s", (_name, blockers, title) => {
    expect(renderCheckRun(evaluation({ blockers })).title).toBe(title);
  });

  it.each<[string, GateError[], string]>([
    ["config", configError(3).errors, "Configuration invalid: 3 problems"],
    ["config, one problem", configError(1).errors, "Configuration invalid: 1 problem"],
    ["hazard log", [{ code: "hazard-log", message: "bad", problems: [{ file: "h.yml", path: "hazards[0]", message: "m" }] }], "Hazard log invalid"],
    ["api", [{ code: "api", message: "GitHub answered 502" }], "GitHub API error"],
    ["missing config", [{ code: "config-missing", message: "no config" }], "Configuration missing"],
    ["internal", [{ code: "internal", message: "boom" }], "Internal error"],
    [
      "several",
      [
        { code: "api", message: "a" },
        { code: "internal", message: "b" },
      ],
      "GitHub API error; Internal error",
    ],
    ["none listed", [], "Cannot evaluate"],
  ])("error, %s", (_name, errors, title) => {
    expect(renderCheckRun({ ...configError(), errors }).title).toBe(title);
  });

  it.each<[string, () => Evaluation, string]>([
    ["not relevant", notRelevant, "No clinical impact detected"],
    ["pass", passed, "Clinical safety signed off"],
  ])("%s", (_name, make, title) => {
    expect(renderCheckRun(make()).title).toBe(title);
  });

  it("keeps a title on one short line", () => {
    const title = renderCheckRun(
      evaluation({ blockers: [{ kind: "unknown-hazards", ids: Array.from({ length: 100 }, (_, i) => `HAZ-\n${i}`) }] }),
    ).title;
    expect(title.length).toBeLessThanOrEqual(140);
    expect(title).not.toContain("\n");
  });
});

describe("renderCheckRun: summaries", () => {
  it("not relevant: says what was checked", () => {
    expect(renderCheckRun(notRelevant()).summary).toContain("Checked: 12 changed files, labels `docs`, `chore`, 3 rules.");
  });

  it("not relevant without labels", () => {
    const e = notRelevant();
    e.classification = { relevant: false, matches: [], checked: { files: 1, labels: [], rules: 1, truncated: false } };
    expect(renderCheckRun(e).summary).toContain("Checked: 1 changed file, no labels, 1 rule.");
  });

  it("pass: who signed which role at which commit", () => {
    expect(renderCheckRun(passed()).summary).toContain(
      `- \`cso\`: @${Z}dr-cso at \`9f8e7d6\`, 2026-03-03 09:30 UTC (clinical safety approval as CSO)`,
    );
  });

  it("waiting: the same steps as the comment", () => {
    const { summary } = renderCheckRun(evaluation());
    expect(summary).toContain("### What happens next");
    expect(summary).toContain(
      "2. Sign-off: a member of the `cso` role comments `/safety sign-off cso` (required by rule `prescribing`), once the checklist is complete.",
    );
  });

  it("error: every problem with its path and line", () => {
    const { summary } = renderCheckRun(configError(3));
    for (const i of [0, 1, 2])
      expect(summary).toContain(`  - \`.github/clinical-safety.yml:${10 + i}\` \`rules[${i}].requires[0]\`: unknown role "cos${i}"`);
    expect(summary).toContain("1. Fix the configuration problems listed above in `.github/clinical-safety.yml` on the default branch");
  });

  it.each<[string, GateError, string]>([
    ["api", { code: "api", message: "502" }, "usually temporary. Comment `/safety recheck` to try again"],
    [
      "hazard log",
      {
        code: "hazard-log",
        message: "bad",
        problems: [{ file: "docs/safety/hazard-log.yml", path: "hazards[1].status", line: 7, message: "unknown status" }],
      },
      "Fix the hazard log problems listed above in `docs/safety/hazard-log.yml` by pushing a commit to this PR.",
    ],
    ["missing config", { code: "config-missing", message: "none" }, "Add `.github/clinical-safety.yml` to the default branch"],
  ])("error %s: says what to do", (_name, error, step) => {
    expect(renderCheckRun({ ...configError(), errors: [error] }).summary).toContain(step);
  });

  it("details (reasons, hazards, sign-offs) only for relevant PRs", () => {
    expect(renderCheckRun(evaluation()).text).toContain("### Why this PR was flagged");
    expect(renderCheckRun(passed()).text).toContain("### Sign-offs");
    expect(renderCheckRun(notRelevant()).text).toBeUndefined();
    expect(renderCheckRun(configError()).text).toBeUndefined();
  });

  it("links the audit trail when given", () => {
    expect(renderCheckRun(passed(), { auditUrl: "https://gate.example/audit/1" }).summary).toContain("[Audit trail](https://gate.example/audit/1)");
  });

  it("stays within GitHub's limit with thousands of problems", () => {
    const e = configError(20000);
    const out = renderCheckRun(e);
    expect(out.summary.length).toBeLessThanOrEqual(CHECK_TEXT_LIMIT);
    expect(out.summary).toMatch(/and 19950 more problems/);
  });

  it("is deterministic", () => {
    expect(renderCheckRun(evaluation())).toEqual(renderCheckRun(structuredClone(evaluation())));
  });
});

describe("the error list does not repeat a title its message already opens with", () => {
  it.each([
    ["Configuration invalid: 2 problems", "- **Configuration invalid**: 2 problems"],
    ["Configuration invalid", "- **Configuration invalid**"],
    ["The configuration is invalid", "- **Configuration invalid**: The configuration is invalid"],
  ])("%s", (message, line) => {
    const e = configError(1);
    const summary = renderCheckRun({ ...e, errors: [{ ...e.errors[0]!, message }] }).summary;
    expect(summary.split("\n")).toContain(line);
  });
});

describe("renderCheckRun: GitHub counts the check's text in bytes, not characters", () => {
  // Mostly three-byte characters: 50 rows of these are ~30,000 characters but ~75,000 bytes.
  const TITLE = `Überdosierung – Kinderdosis – ${"小児への過量投与：体重換算の誤りで用量が十倍になる。".repeat(30)}`;
  const linked = Array.from({ length: 60 }, (_, i) => ({
    id: `HAZ-${100 + i}`,
    title: `${i} ${TITLE}`,
    status: "open",
    initialRating: 4,
    residualRating: 2,
    code: [],
    sources: ["PR description", "comment by @dr-cso – Überprüfung"],
  }));

  it.each<[string, () => Evaluation]>([
    ["waiting", () => evaluation({ hazards: { linked, unknown: [], proposed: [], logState: "ok" } })],
    ["pass", () => ({ ...passed(), hazards: { linked, unknown: [], proposed: [], logState: "ok" } })],
  ])("%s: 60 hazards with long non-ASCII titles stay within 65,535 bytes", (_name, make) => {
    const out = renderCheckRun(make());
    expect(Buffer.byteLength(out.text ?? "", "utf8")).toBeLessThanOrEqual(CHECK_TEXT_LIMIT);
    expect(Buffer.byteLength(out.summary, "utf8")).toBeLessThanOrEqual(CHECK_TEXT_LIMIT);
    // Fitted by dropping to tighter caps, not by cutting off the end: the table says how many are left out.
    expect(out.text).toMatch(/\| …and \d+ more hazards \|/);
    expect(out.text).toContain("HAZ-100");
    expect(out.text).toContain("### Sign-offs");
  });
});
