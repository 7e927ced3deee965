/**
 * The pages' story (seed.ts) with PRs waiting for people, for "Needs me": #12 and #13 waiting in
 * acme/eprescribe for a CSO and a CPM (the simulator and the fakes make #13 a draft), and #5 waiting in
 * acme/secret-pharmacy, which the CSO cannot read. The story already holds #11, open with the CSO's
 * objection, and two bypasses nobody has reviewed (#8 and a direct push).
 */
import type { AuditInput } from "../../../../src/audit/record.js";
import { BOT, record, sha, story, XSS } from "./seed.js";

export const E = "acme/eprescribe";
export const S = "acme/secret-pharmacy";

/** The head the trail records for a waiting PR. */
export const headOf = (pr: number): string => sha(String(pr).padStart(2, "0"));

export const WAITING = {
  12: `Dose limits ${XSS}`,
  13: "Early look at weight units",
  5: "Secret formulary rework",
} as const;

/** `pr` waiting for cso and cpm, its one question answered at `answeredAt`, and the gate waiting. */
export function waiting(repo: string, pr: number, title: string, answeredAt: string): AuditInput[] {
  const head = headOf(pr);
  return [
    record("classification", repo, pr, "2026-04-10T09:00:00Z", BOT, head, {
      title,
      author: "dev-dan",
      draft: false,
      state: "waiting",
      headline: "Checklist incomplete: 1 question unanswered",
      rules: [{ ruleId: "prescribing", reasons: [{ kind: "label", label: "clinical-impact" }] }],
      requiredRoles: ["cso", "cpm"],
      questions: ["calculations"],
    }),
    record("answer", repo, pr, answeredAt, "dev-dan", head, {
      title,
      questionId: "calculations",
      question: "Does this change a calculation?",
      answer: "no",
      via: "checkbox",
      draft: false,
      checklistComplete: true,
    }),
    record("check-conclusion", repo, pr, answeredAt, BOT, head, {
      title,
      conclusion: "action_required",
      checkTitle: "Waiting for sign-off: cso, cpm",
      state: "waiting",
    }),
  ];
}

/** The story and the waiting PRs. */
export function needsMeStory(): AuditInput[] {
  return [
    ...story(),
    ...waiting(E, 12, WAITING[12], "2026-04-12T09:00:00Z"),
    ...waiting(E, 13, WAITING[13], "2026-04-11T09:00:00Z"),
    ...waiting(S, 5, WAITING[5], "2026-04-01T09:00:00Z"),
  ];
}
