/**
 * Builds Evaluations for the rendering tests: a realistic waiting PR by default, changed by overrides.
 */
import type { ChecklistItem, Evaluation, HazardSummary } from "../../../src/core/types.js";

export const HEAD = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";
export const OLD_HEAD = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

/** A checklist item; unanswered unless an answer is given. */
export function item(id: string, answer: ChecklistItem["answer"] = null, extra: Partial<ChecklistItem> = {}): ChecklistItem {
  return {
    question: { id, question: `Question about ${id}?`, why: `Why ${id} matters.` },
    answer,
    ...(answer ? { answeredBy: "alice", answeredAt: "2026-03-02T14:05:09Z" } : {}),
    ...extra,
  };
}

export const HAZ_002: HazardSummary = {
  id: "HAZ-002",
  title: "Paediatric dose uses a stale weight",
  status: "open",
  initialRating: 5,
  residualRating: 3,
  code: ["src/prescribing/dose/**"],
};

/** A relevant PR waiting for the checklist and the CSO sign-off. */
export function evaluation(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    state: "waiting",
    headline: "Waiting for sign-off by cso",
    headSha: HEAD,
    pr: { owner: "acme", repo: "eprescribing", number: 42, author: "dev", draft: false, title: "Fix dose rounding" },
    classification: {
      relevant: true,
      matches: [
        {
          ruleId: "prescribing",
          description: "Prescribing and dose calculation",
          reasons: [{ kind: "path", file: "src/prescribing/dose/round.ts", pattern: "src/prescribing/**" }],
        },
      ],
      checked: { files: 3, labels: [], rules: 2, truncated: false },
    },
    checklist: [item("decision-logic"), item("calculations")],
    hazards: { linked: [], unknown: [], proposed: [], logState: "ok" },
    requiredRoles: [{ role: "cso", rules: ["prescribing"] }],
    signOffs: { valid: [], invalid: [] },
    objections: [],
    blockers: [
      { kind: "checklist-incomplete", questionIds: ["decision-logic", "calculations"] },
      { kind: "sign-off-missing", role: "cso" },
    ],
    errors: [],
    ...overrides,
  };
}

/** A PR that passed: checklist answered No, CSO signed at the head. */
export function passed(): Evaluation {
  const signedBy = { role: "cso", actor: "dr-cso", at: "2026-03-03T09:30:00Z", headSha: HEAD, meaning: "clinical safety approval as CSO" };
  return evaluation({
    state: "pass",
    headline: "Signed off",
    checklist: [item("decision-logic", "no"), item("calculations", "no")],
    requiredRoles: [{ role: "cso", rules: ["prescribing"], signedBy }],
    signOffs: { valid: [signedBy], invalid: [] },
    blockers: [],
  });
}

/** A PR that could not be evaluated because the config is invalid. */
export function configError(problems = 3): Evaluation {
  return evaluation({
    state: "error",
    headline: "Configuration invalid",
    classification: undefined,
    checklist: [],
    requiredRoles: [],
    blockers: [],
    errors: [
      {
        code: "config",
        message: "The configuration is invalid",
        problems: Array.from({ length: problems }, (_, i) => ({
          file: ".github/clinical-safety.yml",
          path: `rules[${i}].requires[0]`,
          line: 10 + i,
          message: `unknown role "cos${i}"`,
        })),
      },
    ],
  });
}

/** A PR no rule matched. */
export function notRelevant(): Evaluation {
  return evaluation({
    state: "not-relevant",
    headline: "No clinical impact detected",
    classification: { relevant: false, matches: [], checked: { files: 12, labels: ["docs", "chore"], rules: 3, truncated: false } },
    checklist: [],
    requiredRoles: [],
    blockers: [],
  });
}
