import { describe, expect, it } from "@jest/globals";
import type { GateConfig } from "../../../src/core/types.js";
import { defaultChecklist } from "../../../src/config/default-checklist.js";
import { parseConfig } from "../../../src/config/parse.js";
import { readFixture } from "./fixture.js";

/** The defaults every config gets for the keys it leaves out. */
const DEFAULTS = {
  checklist: defaultChecklist(),
  hazard_log: { path: "docs/safety/hazard-log.yml", id_pattern: "HAZ-\\d{3,}" },
  sign_off: { dismiss_on_push: true, author_may_sign: false, distinct_signers: true, reauthenticate: false, sign_in_max_age_minutes: 5 },
  check: { name: "Clinical safety" },
  review_requests: { enabled: true, drafts: false },
};

const ONLY_CSO = { cso: { teams: [], users: ["dr-cso"] } };

describe("parseConfig on valid files", () => {
  it.each<[string, string, GateConfig]>([
    [
      "the PRODUCT.md example (with the question its rule names)",
      readFixture("valid-product-example.yml"),
      {
        roles: {
          cso: { teams: ["clinical-safety"], users: [] },
          cpm: { teams: ["clinical-product"], users: [] },
        },
        rules: [
          {
            id: "prescribing",
            description: "Prescribing and dose calculation",
            paths: ["src/prescribing/**", "!**/*.md"],
            labels: ["clinical-impact"],
            requires: ["cso", "cpm"],
            checklist: ["decision-logic", "calculations"],
          },
          { id: "interface", paths: ["web/**"], labels: [], requires: ["cpm"] },
        ],
        checklist: [
          {
            id: "decision-logic",
            question: "Does this change clinical decision logic (rules, thresholds, triage, scores)?",
          },
          {
            id: "calculations",
            question: "Does this change a calculation (doses, units, rounding, date arithmetic)?",
            why: "Tenfold and unit errors kill.",
          },
        ],
        hazard_log: { path: "docs/safety/hazard-log.yml", id_pattern: "HAZ-\\d{3,}" },
        sign_off: { dismiss_on_push: true, author_may_sign: false, distinct_signers: true, reauthenticate: false, sign_in_max_age_minutes: 5 },
        check: { name: "Clinical safety" },
        review_requests: { enabled: true, drafts: false },
      },
    ],
    ["the minimal file: every default applied", readFixture("valid-minimal.yml"), { roles: ONLY_CSO, rules: [], ...DEFAULTS }],
    [
      "every key set, and a risk matrix turned into rows by ascending likelihood",
      readFixture("valid-risk-matrix.yml"),
      {
        roles: { cso: { teams: ["clinical-safety"], users: [] } },
        rules: [{ id: "triage", paths: [], labels: ["triage"], requires: ["cso"], checklist: [] }],
        checklist: defaultChecklist(),
        hazard_log: { path: "safety/hazards.yaml", id_pattern: "RISK-[0-9]+" },
        sign_off: { dismiss_on_push: false, author_may_sign: true, distinct_signers: false, reauthenticate: false, sign_in_max_age_minutes: 5 },
        check: { name: "Clinical risk review" },
        review_requests: { enabled: true, drafts: false },
        risk_matrix: [
          [1, 1, 2, 2, 3],
          [1, 2, 2, 3, 4],
          [2, 2, 3, 3, 4],
          [3, 3, 3, 4, 5],
          [3, 4, 4, 5, 5],
        ],
      },
    ],
    [
      "_extends is accepted and left out of the result",
      "_extends: acme/org-config\nroles: { cso: { users: [dr-cso] } }\nrules: []\n",
      { roles: ONLY_CSO, rules: [], ...DEFAULTS },
    ],
    [
      "anchors and aliases are resolved",
      "roles:\n  cso: &safety { teams: [clinical-safety] }\n  cpm: *safety\nrules: []\n",
      {
        roles: { cso: { teams: ["clinical-safety"], users: [] }, cpm: { teams: ["clinical-safety"], users: [] } },
        rules: [],
        ...DEFAULTS,
      },
    ],
    [
      "partial sections keep the defaults of the keys they leave out",
      "roles: { cso: { users: [dr-cso, 'release-bot[bot]'] } }\nrules: []\nsign_off: { author_may_sign: true }\nhazard_log: { path: safety/log.yml }\n",
      {
        ...DEFAULTS,
        roles: { cso: { teams: [], users: ["dr-cso", "release-bot[bot]"] } },
        rules: [],
        sign_off: { dismiss_on_push: true, author_may_sign: true, distinct_signers: true, reauthenticate: false, sign_in_max_age_minutes: 5 },
        hazard_log: { path: "safety/log.yml", id_pattern: "HAZ-\\d{3,}" },
      },
    ],
    [
      "review requests: on drafts too, or off; a key left out keeps its default",
      "roles: { cso: { users: [dr-cso] } }\nrules: []\nreview_requests: { drafts: true }\n",
      { ...DEFAULTS, roles: ONLY_CSO, rules: [], review_requests: { enabled: true, drafts: true } },
    ],
    [
      "review requests switched off",
      "roles: { cso: { users: [dr-cso] } }\nrules: []\nreview_requests: { enabled: false }\n",
      { ...DEFAULTS, roles: ONLY_CSO, rules: [], review_requests: { enabled: false, drafts: false } },
    ],
    [
      "a rule may ask no questions, and may name built-in ones when the checklist is the built-in one",
      "roles: { cso: { users: [dr-cso] } }\nrules:\n  - { id: a, labels: [x], requires: [cso], checklist: [] }\n  - { id: b, paths: ['src/**'], requires: [cso], checklist: [medication, alerts] }\n",
      {
        ...DEFAULTS,
        roles: ONLY_CSO,
        rules: [
          { id: "a", paths: [], labels: ["x"], requires: ["cso"], checklist: [] },
          { id: "b", paths: ["src/**"], labels: [], requires: ["cso"], checklist: ["medication", "alerts"] },
        ],
      },
    ],
  ])("%s", (_name, text, expected) => {
    expect(parseConfig(text)).toStrictEqual({ ok: true, config: expected });
  });

  it("gives each parse its own copy of the built-in checklist", () => {
    const text = readFixture("valid-minimal.yml");
    const first = parseConfig(text);
    const second = parseConfig(text);
    if (!first.ok || !second.ok) throw new Error("expected both to parse");
    first.config.checklist.pop();
    expect(second.config.checklist).toHaveLength(15);
  });
});
