import { describe, expect, it } from "@jest/globals";
import type { RoleContacts } from "../../../src/core/reviewers.js";
import type { Blocker } from "../../../src/core/types.js";
import { numberedSteps, whatHappensNext } from "../../../src/render/next-steps.js";
import { CAP_LEVELS, renderContext } from "../../../src/render/options.js";
import { configError, evaluation, HAZ_002, notRelevant, passed } from "./factory.js";

const Z = "\u200b";
const ctx = renderContext({}, CAP_LEVELS[0]!);

describe("whatHappensNext: one step per blocker, in plain words", () => {
  it.each<[string, Blocker, string]>([
    [
      "one question",
      { kind: "checklist-incomplete", questionIds: ["calculations"] },
      "Answer question 2 (`calculations`) of the hazard-impact checklist: tick **Yes** or **No** under it in the clinical safety comment, or comment `/safety answer <id> yes|no`.",
    ],
    [
      "a question not in the checklist",
      { kind: "checklist-incomplete", questionIds: ["other"] },
      "Answer question `other` of the hazard-impact checklist: tick **Yes** or **No** under it in the clinical safety comment, or comment `/safety answer <id> yes|no`.",
    ],
    [
      "yes without hazard",
      { kind: "yes-without-hazard", questionIds: ["calculations"] },
      "Link a hazard for the **Yes** answer (`calculations`): write the hazard's id, such as `HAZ-012`, in the PR description or a comment. " +
        "If no hazard in `docs/safety/hazard-log.yml` fits, ask your Clinical Safety Officer to add one, or answer **No** if the change does not affect that area after all.",
    ],
    [
      "unknown hazards",
      { kind: "unknown-hazards", ids: ["HAZ-998", "HAZ-999"] },
      "Fix the unknown hazard ids `HAZ-998`, `HAZ-999`: they are not in `docs/safety/hazard-log.yml`. Correct the id where it was written, or add the hazard to the log.",
    ],
    [
      "objection (its reason is not among the evaluation's objections)",
      { kind: "objection", actor: "carol", role: "cso" },
      `Resolve the objection of @${Z}carol (\`cso\`) — talk it through; when resolved, @${Z}carol comments \`/safety withdraw-objection\`.`,
    ],
    [
      "sign-off",
      { kind: "sign-off-missing", role: "cso" },
      "Sign-off: a member of the `cso` role comments `/safety sign-off cso` (required by rule `prescribing`).",
    ],
    [
      "sign-off for a role no rule lists",
      { kind: "sign-off-missing", role: "cpm" },
      "Sign-off: a member of the `cpm` role comments `/safety sign-off cpm`.",
    ],
  ])("%s", (_name, blocker, step) => {
    expect(whatHappensNext(evaluation({ blockers: [blocker] }), ctx)).toEqual([step]);
  });

  it("an objection shows its reason, escaped, for the details that hold it are folded in the comment", () => {
    const e = evaluation({
      blockers: [{ kind: "objection", actor: "carol", role: "cso" }],
      objections: [{ actor: "carol", role: "cso", reason: "needs a *boundary* test @team", at: "2026-03-02T10:00:00Z" }],
    });
    expect(whatHappensNext(e, ctx)).toEqual([
      `Resolve the objection of @${Z}carol (\`cso\`): “needs a \\*boundary\\* test @${Z}team” — talk it through; when resolved, @${Z}carol comments \`/safety withdraw-objection\`.`,
    ]);
  });

  it.each<[string, RoleContacts, string]>([
    ["a team whose people are unknown", { teams: [{ name: "acme/clinical-safety" }], users: [] }, ` Ask team @${Z}acme/clinical-safety.`],
    [
      "a team with its people, and a user",
      { teams: [{ name: "acme/clinical-safety", people: ["cleo", "dual"] }], users: ["dr-cso"] },
      ` Ask team @${Z}acme/clinical-safety (@${Z}cleo, @${Z}dual) or @${Z}dr-cso.`,
    ],
    [
      "more people than are named, counted",
      {
        teams: [
          { name: "acme/a", people: ["a1"], more: 4 },
          { name: "other/b", people: [], more: true },
        ],
        users: [],
      },
      ` Ask team @${Z}acme/a (@${Z}a1 and 4 more) or team @${Z}other/b.`,
    ],
    ["nobody named at all", { teams: [], users: [] }, ""],
  ])("a missing sign-off says whom to ask: %s", (_name, contacts, ask) => {
    const withContacts = renderContext({ contacts: { cso: contacts } }, CAP_LEVELS[0]!);
    expect(whatHappensNext(evaluation({ blockers: [{ kind: "sign-off-missing", role: "cso" }] }), withContacts)).toEqual([
      `Sign-off: a member of the \`cso\` role comments \`/safety sign-off cso\` (required by rule \`prescribing\`).${ask}`,
    ]);
  });

  it("suggests a hazard the PR already touches as the example id", () => {
    const e = evaluation({
      blockers: [{ kind: "yes-without-hazard", questionIds: ["a"] }],
      hazards: { linked: [], unknown: [], proposed: [{ hazard: HAZ_002, files: ["x"] }], logState: "ok" },
    });
    expect(whatHappensNext(e, ctx)[0]).toContain("such as `HAZ-002`");
  });

  it("orders the steps answers first, sign-offs last, and numbers them", () => {
    const e = evaluation({
      blockers: [
        { kind: "sign-off-missing", role: "cso" },
        { kind: "objection", actor: "carol", role: "cso" },
        { kind: "checklist-incomplete", questionIds: ["calculations"] },
      ],
    });
    const list = numberedSteps(whatHappensNext(e, ctx)).split("\n");
    expect(list.map((l) => l.slice(0, 12))).toEqual(["1. Answer qu", "2. Resolve t", "3. Sign-off:"]);
    expect(list[2]).toMatch(/, once the checklist is complete\.$/);
  });

  it("escapes a role id that is not a plain word", () => {
    const [step] = whatHappensNext(evaluation({ requiredRoles: [], blockers: [{ kind: "sign-off-missing", role: "c`so" }] }), ctx);
    expect(step).toBe("Sign-off: a member of the ``c`so`` role comments ``/safety sign-off c`so``.");
  });

  it.each([
    ["pass", passed],
    ["not relevant", notRelevant],
  ])("%s: nothing to do", (_name, make) => {
    expect(whatHappensNext(make(), ctx)).toEqual([]);
  });

  it("error: one step per kind of error", () => {
    const e = configError();
    e.errors = [...e.errors, { code: "config", message: "again" }, { code: "api", message: "502" }];
    expect(whatHappensNext(e, ctx)).toHaveLength(2);
  });

  it("waiting without blockers still says how to move on", () => {
    expect(whatHappensNext(evaluation({ blockers: [] }), ctx)).toEqual(["Comment `/safety recheck` to evaluate the PR again."]);
  });
});
