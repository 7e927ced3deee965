import { describe, expect, it } from "@jest/globals";
import { evaluate, type ConfigView, type EvaluationInput } from "../../../src/core/evaluate.js";
import type { Fact, HazardLogView } from "../../../src/core/types.js";
import { answer, config, HEAD, objection, OLD, pr, rolesOf, signOff, withdraw } from "./factory.js";

const LOG: HazardLogView = {
  state: "ok",
  path: "docs/safety/hazard-log.yml",
  hazards: [
    {
      id: "HAZ-002",
      title: "Paediatric dose uses a stale weight",
      status: "open",
      initialRating: 5,
      residualRating: 3,
      code: ["src/prescribing/dose/**"],
    },
    { id: "HAZ-006", title: "Triage under-triages chest pain", status: "open", initialRating: 4, residualRating: 3, code: [] },
  ],
};

function run(overrides: Partial<EvaluationInput> & { body?: string; files?: string[] } = {}) {
  const snapshot = pr({
    body: overrides.body ?? "",
    files: (overrides.files ?? ["src/prescribing/dose.ts"]).map((path) => ({ path, status: "modified" as const })),
  });
  return evaluate({
    config: { state: "ok", config: config() },
    pr: snapshot,
    hazardLog: LOG,
    texts: [{ source: "PR description", text: snapshot.body }],
    facts: [],
    rolesOf,
    ...overrides,
  });
}

const noNo = [answer("decision-logic", "no"), answer("calculations", "no")];
const signed = [...noNo, signOff("cso", "cleo"), signOff("cpm", "pat")];

describe("evaluate: the gate's state", () => {
  it.each<[string, Partial<EvaluationInput> & { body?: string; files?: string[] }, string, string]>([
    ["an unrelated change", { files: ["README.md"] }, "not-relevant", "No clinical impact detected"],
    ["a fresh prescribing change", {}, "waiting", "Checklist incomplete: 2 questions unanswered"],
    ["answered, not signed", { facts: noNo }, "waiting", "Waiting for sign-off: cso, cpm"],
    ["answered, CSO signed", { facts: [...noNo, signOff("cso", "cleo")] }, "waiting", "Waiting for sign-off: cpm"],
    ["answered and both signed", { facts: signed }, "pass", "Signed off"],
    [
      "signed, then pushed",
      { facts: [...noNo, signOff("cso", "cleo", OLD), signOff("cpm", "pat", OLD)] },
      "waiting",
      "Waiting for sign-off: cso, cpm",
    ],
    ["signed, with an open objection", { facts: [...signed, objection("cleo")] }, "waiting", "Objection by @cleo (cso)"],
    ["signed, objection withdrawn", { facts: [...signed, objection("cleo"), withdraw("cleo")] }, "pass", "Signed off"],
    [
      "a Yes answer with no hazard",
      { facts: [answer("decision-logic", "yes"), answer("calculations", "no")] },
      "waiting",
      "A hazard must be linked for each Yes answer",
    ],
    [
      "a Yes answer with a linked hazard, signed",
      {
        body: "Touches HAZ-002",
        facts: [answer("decision-logic", "yes"), answer("calculations", "no"), signOff("cso", "cleo"), signOff("cpm", "pat")],
      },
      "pass",
      "Signed off",
    ],
    ["an unknown hazard id", { body: "HAZ-999", facts: signed }, "waiting", "Unknown hazard HAZ-999"],
    [
      "a hazard deleted from the log, even fully signed",
      { facts: signed, hazardLogDiff: { added: [], removed: ["HAZ-009"], closed: [], rescored: [], changed: [] } },
      "waiting",
      "Hazard deleted from the log: HAZ-009",
    ],
    [
      "a hazard closed in the log, signed",
      { facts: signed, hazardLogDiff: { added: [], removed: [], closed: ["HAZ-004"], rescored: [], changed: [] } },
      "pass",
      "Signed off",
    ],
  ])("%s → %s", (_name, input, state, headline) => {
    const e = run(input);
    expect(e.state).toBe(state);
    expect(e.headline).toBe(headline);
  });
});

describe("evaluate: fail closed", () => {
  it.each<[string, ConfigView, HazardLogView, string[], string]>([
    ["a missing config", { state: "missing" }, LOG, [], "config-missing"],
    [
      "an invalid config",
      {
        state: "invalid",
        problems: [{ file: ".github/clinical-safety.yml", path: "rules[0].requires[0]", line: 4, message: 'role "qa" is not defined' }],
      },
      LOG,
      [],
      "config",
    ],
    [
      "an invalid hazard log on a relevant PR",
      { state: "ok", config: config() },
      {
        state: "invalid",
        path: "docs/safety/hazard-log.yml",
        problems: [{ file: "docs/safety/hazard-log.yml", path: "hazards[0]", line: 2, message: "bad" }],
      },
      ["src/prescribing/a.ts"],
      "hazard-log",
    ],
  ])("%s → error, never pass", (_name, cfg, log, files, code) => {
    // Even with every sign-off present, an error is an error.
    const e = run({ config: cfg, hazardLog: log, facts: signed, files: files.length ? files : ["src/prescribing/a.ts"] });
    expect(e.state).toBe("error");
    expect(e.errors.map((x) => x.code)).toEqual([code]);
  });

  it("keeps the problems of an invalid config for the check to list", () => {
    const problems = [{ file: ".github/clinical-safety.yml", path: "check.nam", line: 9, message: 'unknown key "nam"' }];
    const e = run({ config: { state: "invalid", problems, sha: "abc" } });
    expect(e.errors[0]?.problems).toEqual(problems);
    expect(e.headline).toBe("Configuration invalid: 1 problem");
    expect(e.configSha).toBe("abc");
  });

  it("does not consult the hazard log for a PR with no clinical impact", () => {
    const e = run({ files: ["README.md"], hazardLog: { state: "invalid", path: "x", problems: [] } });
    expect(e.state).toBe("not-relevant");
  });
});

describe("evaluate: hazards", () => {
  it("links hazards from the description; a comment only mentions them", () => {
    const e = run({
      texts: [
        { source: "PR description", text: "HAZ-002" },
        { source: "comment by @pat", text: "also HAZ-002 and HAZ-006" },
      ],
    });
    expect(e.hazards.linked.map((h) => [h.id, h.sources])).toEqual([["HAZ-002", ["PR description"]]]);
    expect(e.hazards.mentioned?.map((m) => [m.id, m.source, m.known])).toEqual([["HAZ-006", "comment by @pat", true]]);
  });

  it("proposes hazards whose code the PR touches, without linking them", () => {
    const e = run({ files: ["src/prescribing/dose/weight.ts"] });
    expect(e.hazards.linked).toEqual([]);
    expect(e.hazards.proposed.map((p) => [p.hazard.id, p.files])).toEqual([["HAZ-002", ["src/prescribing/dose/weight.ts"]]]);
  });

  it("stops proposing a hazard once it is linked", () => {
    expect(run({ body: "HAZ-002", files: ["src/prescribing/dose/weight.ts"] }).hazards.proposed).toEqual([]);
  });

  it("treats every id as unknown when there is no hazard log", () => {
    const e = run({ body: "HAZ-002", hazardLog: { state: "absent", path: "docs/safety/hazard-log.yml" } });
    expect(e.hazards.unknown).toEqual([{ id: "HAZ-002", source: "PR description" }]);
  });
});

describe("evaluate: the checklist", () => {
  it("shows each asked question with its answer and who gave it", () => {
    const facts: Fact[] = [answer("calculations", "yes", "pat", 5)];
    const e = run({ facts });
    expect(e.checklist.map((c) => [c.question.id, c.answer, c.answeredBy ?? null])).toEqual([
      ["decision-logic", null, null],
      ["calculations", "yes", "pat"],
    ]);
  });

  it("a cleared answer counts as unanswered", () => {
    const e = run({ facts: [answer("calculations", "yes"), answer("calculations", null)] });
    expect(e.checklist[1]?.answer).toBeNull();
  });
});

describe("links on purpose: the description and /safety link link; comments and reviews only mention", () => {
  const LOG = {
    state: "ok" as const,
    path: "docs/safety/hazard-log.yml",
    hazards: [
      { id: "HAZ-002", title: "Stale weight", status: "open", code: [] },
      { id: "HAZ-006", title: "Under-triage", status: "open", code: [] },
    ],
  };
  const run = (texts: { source: string; text: string; kind?: "body" | "comment" | "review" }[], facts: Fact[] = []) =>
    evaluate({ config: { state: "ok", config: config() }, pr: pr(), hazardLog: LOG, texts, facts, rolesOf: () => [] });
  const at = "2026-11-23T10:00:00.000Z";

  it.each<[string, Parameters<typeof run>[0], Fact[], string[], string[], string[]]>([
    ["an id in the description links", [{ source: "PR description", text: "HAZ-002" }], [], ["HAZ-002"], [], []],
    ["an id in a comment is mentioned", [{ source: "comment by @a", text: "HAZ-006 maybe", kind: "comment" }], [], [], [], ["HAZ-006"]],
    ["an unknown id in a review is mentioned, not unknown", [{ source: "review by @a", text: "HAZ-999?", kind: "review" }], [], [], [], ["HAZ-999"]],
    ["an unknown id in the description blocks", [{ source: "PR description", text: "HAZ-999" }], [], [], ["HAZ-999"], []],
    ["a command link links", [], [{ kind: "link", hazardId: "HAZ-006", actor: "a", at, headSha: HEAD }], ["HAZ-006"], [], []],
    [
      "a command link, unlinked",
      [],
      [
        { kind: "link", hazardId: "HAZ-006", actor: "a", at, headSha: HEAD },
        { kind: "unlink", hazardId: "HAZ-006", actor: "b", at, headSha: HEAD },
      ],
      [],
      [],
      [],
    ],
    ["an unknown command link blocks", [], [{ kind: "link", hazardId: "HAZ-999", actor: "a", at, headSha: HEAD }], [], ["HAZ-999"], []],
    ["a /safety line does not mention its id", [{ source: "comment by @a", text: "/safety unlink HAZ-006", kind: "comment" }], [], [], [], []],
    [
      "a linked id mentioned again is not a suggestion",
      [
        { source: "PR description", text: "HAZ-002" },
        { source: "comment by @a", text: "HAZ-002", kind: "comment" },
      ],
      [],
      ["HAZ-002"],
      [],
      [],
    ],
  ])("%s", (_name, texts, facts, linked, unknown, mentioned) => {
    const e = run(texts, facts);
    expect(e.hazards.linked.map((h) => h.id)).toEqual(linked);
    expect(e.hazards.unknown.map((h) => h.id)).toEqual(unknown);
    expect((e.hazards.mentioned ?? []).map((h) => h.id)).toEqual(mentioned);
    expect(e.blockers.some((b) => b.kind === "unknown-hazards")).toBe(unknown.length > 0);
  });
});
