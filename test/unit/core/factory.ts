import type { Fact, GateConfig, PullRequestSnapshot } from "../../../src/core/types.js";

/** A configuration like PRODUCT.md's example, small enough to reason about in a table. */
export function config(overrides: Partial<GateConfig> = {}): GateConfig {
  return {
    roles: { cso: { teams: ["clinical-safety"], users: [] }, cpm: { teams: ["clinical-product"], users: ["pat"] } },
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
      { id: "decision-logic", question: "Does this change clinical decision logic?" },
      { id: "calculations", question: "Does this change calculations?" },
      { id: "displayed-data", question: "Does this change displayed data?" },
    ],
    hazard_log: { path: "docs/safety/hazard-log.yml", id_pattern: "HAZ-\\d{3,}" },
    sign_off: { dismiss_on_push: true, author_may_sign: false, distinct_signers: true },
    check: { name: "Clinical safety" },
    ...overrides,
  };
}

export function pr(overrides: Partial<PullRequestSnapshot> = {}): PullRequestSnapshot {
  return {
    owner: "acme",
    repo: "eprescribe",
    number: 7,
    title: "Dose rounding",
    body: "",
    author: "dev",
    draft: true,
    headSha: "a".repeat(40),
    baseRef: "main",
    labels: [],
    files: [{ path: "src/prescribing/dose.ts", status: "modified" }],
    filesTruncated: false,
    changedFiles: 1,
    ...overrides,
  };
}

const T = (n: number) => new Date(Date.UTC(2026, 10, 23, 10, n)).toISOString();

export const HEAD = "a".repeat(40);
export const OLD = "b".repeat(40);

export const answer = (questionId: string, value: "yes" | "no" | null, actor = "dev", n = 1): Fact => ({
  kind: "answer",
  questionId,
  answer: value,
  via: "checkbox",
  actor,
  at: T(n),
  headSha: HEAD,
});
export const signOff = (role: string, actor: string, headSha = HEAD, n = 10): Fact => ({ kind: "sign-off", role, actor, at: T(n), headSha });
export const revoke = (actor: string, n = 20): Fact => ({ kind: "revoke", actor, at: T(n), headSha: HEAD });
export const objection = (actor: string, role = "cso", reason = "needs a test", n = 30): Fact => ({
  kind: "objection",
  actor,
  role,
  reason,
  at: T(n),
  headSha: HEAD,
});
export const withdraw = (actor: string, n = 40): Fact => ({ kind: "withdraw-objection", actor, at: T(n), headSha: HEAD });

/** Membership used across the tables: cleo is CSO, pat and carl are CPM, dev is the author. */
export const ROLES: Record<string, string[]> = { cleo: ["cso"], pat: ["cpm"], carl: ["cpm"], dual: ["cso", "cpm"], dev: ["cso"] };
export const rolesOf = (login: string) => ROLES[login] ?? [];
