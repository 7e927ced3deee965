import { describe, expect, it } from "@jest/globals";
import type { Command } from "../../../src/core/commands.js";
import { decideCommand } from "../../../src/core/decide.js";
import { evaluate } from "../../../src/core/evaluate.js";
import type { Fact, GateConfig, PullRequestSnapshot } from "../../../src/core/types.js";
import { answer, config, HEAD, objection, pr, rolesOf, signOff } from "./factory.js";

const AT = "2026-11-23T11:00:00.000Z";
const complete = [answer("decision-logic", "no"), answer("calculations", "no")];

function decide(command: Command, actor: string, facts: Fact[] = complete, cfg: GateConfig = config(), snapshot: PullRequestSnapshot = pr()) {
  const evaluation = evaluate({
    config: { state: "ok", config: cfg },
    pr: snapshot,
    hazardLog: { state: "ok", path: "docs/safety/hazard-log.yml", hazards: [{ id: "HAZ-002", title: "Stale weight", status: "open", code: [] }] },
    texts: [{ source: "PR description", text: snapshot.body }],
    facts,
    rolesOf,
  });
  return decideCommand(command, { config: cfg, evaluation, rolesOf, actor, at: AT });
}

const refusal = (d: ReturnType<typeof decide>) => ("refuse" in d ? d.refuse : undefined);

describe("sign-off refusals: each says why", () => {
  it.each<[string, Command, string, Fact[], GateConfig | undefined, PullRequestSnapshot | undefined, string]>([
    [
      "the author",
      { kind: "sign-off" },
      "dev",
      complete,
      undefined,
      undefined,
      "you opened this pull request; for segregation of duties someone else must sign it off (`sign_off.author_may_sign` is false)",
    ],
    [
      "a non-member",
      { kind: "sign-off" },
      "eve",
      complete,
      undefined,
      undefined,
      "you hold none of the roles this PR needs: cso (team clinical-safety), cpm (team clinical-product, @pat)",
    ],
    [
      "a non-member naming a role",
      { kind: "sign-off", role: "cso" },
      "pat",
      complete,
      undefined,
      undefined,
      "you are not a member of cso (team clinical-safety)",
    ],
    ["an unknown role", { kind: "sign-off", role: "qa" }, "cleo", complete, undefined, undefined, "there is no role `qa`; roles are cso, cpm"],
    [
      "a role not required",
      { kind: "sign-off", role: "cso" },
      "cleo",
      complete,
      undefined,
      pr({ files: [{ path: "web/a.ts", status: "modified" }] }),
      "`cso` is not required for this PR (required: cpm)",
    ],
    [
      "a second role for one person",
      { kind: "sign-off", role: "cpm" },
      "dual",
      [...complete, signOff("cso", "dual")],
      undefined,
      undefined,
      "you already signed off as cso; `sign_off.distinct_signers` needs a different person for cpm",
    ],
    [
      "the same role twice",
      { kind: "sign-off", role: "cso" },
      "cleo",
      [...complete, signOff("cso", "cleo")],
      undefined,
      undefined,
      "you already signed off as cso on aaaaaaa",
    ],
    [
      "a role already filled",
      { kind: "sign-off" },
      "carl",
      [...complete, signOff("cpm", "pat")],
      undefined,
      undefined,
      "cpm has already signed off on aaaaaaa (by @pat)",
    ],
    [
      "the checklist incomplete",
      { kind: "sign-off" },
      "cleo",
      [answer("decision-logic", "no")],
      undefined,
      undefined,
      "the checklist is not complete; answer `calculations` first",
    ],
    [
      "a Yes without a hazard",
      { kind: "sign-off" },
      "cleo",
      [answer("decision-logic", "yes"), answer("calculations", "no")],
      undefined,
      undefined,
      "a Yes answer needs at least one linked hazard; link one (e.g. `HAZ-001`) in the PR description first",
    ],
    [
      "a PR with no clinical impact",
      { kind: "sign-off" },
      "cleo",
      [],
      undefined,
      pr({ files: [{ path: "README.md", status: "modified" }] }),
      "this PR has no clinical impact detected, so it needs no sign-off",
    ],
  ])("refuses %s", (_name, command, actor, facts, cfg, snapshot, reason) => {
    expect(refusal(decide(command, actor, facts, cfg, snapshot))).toBe(reason);
  });

  it.each<[string, Command, string, Fact[], string]>([
    ["a CSO", { kind: "sign-off" }, "cleo", complete, "cso"],
    ["a CSO naming the role", { kind: "sign-off", role: "cso" }, "cleo", complete, "cso"],
    ["a member of both picks the unfilled role", { kind: "sign-off" }, "dual", [...complete, signOff("cso", "cleo")], "cpm"],
    ["a Yes with a linked hazard", { kind: "sign-off" }, "pat", [answer("decision-logic", "yes"), answer("calculations", "no")], "cpm"],
  ])("accepts %s", (_name, command, actor, facts, role) => {
    const snapshot = pr({ body: "Affects HAZ-002" });
    expect(decide(command, actor, facts, config(), snapshot)).toEqual({ accept: [{ kind: "sign-off", role, actor, at: AT, headSha: HEAD }] });
  });

  it.each<[string, string | undefined, boolean]>([
    ["written after the head was first seen", "2026-11-23T10:59:00.000Z", true],
    ["written the moment the head was seen", AT, true],
    ["written before the head was seen: it was about an older commit", "2026-11-23T11:00:01.000Z", false],
    ["no head time known (a review names its commit)", undefined, true],
  ])("a sign-off %s", (_name, headSeenAt, accepted) => {
    const evaluation = evaluate({
      config: { state: "ok", config: config() },
      pr: pr(),
      hazardLog: { state: "absent", path: "x" },
      texts: [],
      facts: complete,
      rolesOf,
    });
    const decision = decideCommand(
      { kind: "sign-off" },
      { config: config(), evaluation, rolesOf, actor: "cleo", at: AT, ...(headSeenAt ? { headSeenAt } : {}) },
    );
    expect("accept" in decision).toBe(accepted);
    if (!accepted) expect(refusal(decision)).toBe("a new commit (aaaaaaa) was pushed after you wrote this; review it and sign off again");
  });

  it("lets the author sign when the config allows it", () => {
    const cfg = config({ sign_off: { dismiss_on_push: true, author_may_sign: true, distinct_signers: true } });
    expect(decide({ kind: "sign-off" }, "dev", complete, cfg)).toEqual({
      accept: [{ kind: "sign-off", role: "cso", actor: "dev", at: AT, headSha: HEAD }],
    });
  });
});

describe("other commands", () => {
  it.each<[string, Command, string, Fact[], ReturnType<typeof decide>]>([
    [
      "answer by anyone",
      { kind: "answer", questionId: "calculations", answer: "yes" },
      "eve",
      [],
      { accept: [{ kind: "answer", questionId: "calculations", answer: "yes", via: "command", actor: "eve", at: AT, headSha: HEAD }] },
    ],
    [
      "answer unchanged",
      { kind: "answer", questionId: "calculations", answer: "no" },
      "eve",
      complete,
      { accept: [], note: "`calculations` is already answered no" },
    ],
    [
      "answer to a question not asked",
      { kind: "answer", questionId: "displayed-data", answer: "no" },
      "eve",
      [],
      { refuse: "`displayed-data` is not a question of this PR's checklist (`decision-logic`, `calculations`)" },
    ],
    ["revoke with nothing to revoke", { kind: "revoke" }, "cleo", complete, { refuse: "you have no sign-off on this PR's current head to revoke" }],
    [
      "revoke own sign-off",
      { kind: "revoke" },
      "cleo",
      [...complete, signOff("cso", "cleo")],
      { accept: [{ kind: "revoke", actor: "cleo", at: AT, headSha: HEAD }] },
    ],
    [
      "object as a role member",
      { kind: "object", reason: "no test for neonates" },
      "cleo",
      complete,
      { accept: [{ kind: "objection", role: "cso", reason: "no test for neonates", actor: "cleo", at: AT, headSha: HEAD }] },
    ],
    [
      "object without a role",
      { kind: "object", reason: "hmm" },
      "eve",
      complete,
      { refuse: "only members of a clinical safety role (cso, cpm) can object" },
    ],
    [
      "object twice",
      { kind: "object", reason: "again" },
      "cleo",
      [...complete, objection("cleo")],
      { refuse: "you already have an open objection; withdraw it with `/safety withdraw-objection` before raising another" },
    ],
    [
      "withdraw own objection",
      { kind: "withdraw-objection" },
      "cleo",
      [...complete, objection("cleo")],
      { accept: [{ kind: "withdraw-objection", actor: "cleo", at: AT, headSha: HEAD }] },
    ],
    [
      "withdraw with none open",
      { kind: "withdraw-objection" },
      "pat",
      [...complete, objection("cleo")],
      { refuse: "you have no open objection on this PR" },
    ],
    ["recheck", { kind: "recheck" }, "eve", [], { accept: [] }],
    ["an invalid command", { kind: "invalid", text: "/safety approve", message: "unknown command" }, "eve", [], { refuse: "unknown command" }],
  ])("%s", (_name, command, actor, facts, expected) => {
    expect(decide(command, actor, facts)).toEqual(expected);
  });
});

describe("/safety link and /safety unlink: anyone who may comment; unlink only what a command linked", () => {
  const link = (hazardId: string, actor = "eve", kind: "link" | "unlink" = "link"): Fact => ({ kind, hazardId, actor, at: AT, headSha: HEAD });
  it.each<[string, Command, Fact[], string, ReturnType<typeof decide>]>([
    [
      "a known id is linked",
      { kind: "link", hazardId: "HAZ-002" },
      complete,
      "",
      { accept: [{ kind: "link", hazardId: "HAZ-002", actor: "eve", at: AT, headSha: HEAD }] },
    ],
    [
      "an unknown id is linked (and then blocks)",
      { kind: "link", hazardId: "HAZ-999" },
      complete,
      "",
      { accept: [{ kind: "link", hazardId: "HAZ-999", actor: "eve", at: AT, headSha: HEAD }] },
    ],
    [
      "a link made before",
      { kind: "link", hazardId: "HAZ-002" },
      [...complete, link("HAZ-002", "dev")],
      "",
      { accept: [], note: "`HAZ-002` is already linked" },
    ],
    [
      "not an id",
      { kind: "link", hazardId: "haz-2" },
      complete,
      "",
      { refuse: "`haz-2` is not a hazard id (ids look like `HAZ-007`, pattern `HAZ-\\d{3,}`)" },
    ],
    [
      "unlink of a command link, by anyone",
      { kind: "unlink", hazardId: "HAZ-002" },
      [...complete, link("HAZ-002", "dev")],
      "",
      { accept: [{ kind: "unlink", hazardId: "HAZ-002", actor: "eve", at: AT, headSha: HEAD }] },
    ],
    [
      "unlink of an unknown command link",
      { kind: "unlink", hazardId: "HAZ-999" },
      [...complete, link("HAZ-999")],
      "",
      { accept: [{ kind: "unlink", hazardId: "HAZ-999", actor: "eve", at: AT, headSha: HEAD }] },
    ],
    [
      "unlink of an id in the description",
      { kind: "unlink", hazardId: "HAZ-002" },
      complete,
      "Affects HAZ-002",
      { refuse: "`HAZ-002` is linked by the PR description, not by `/safety link`; edit the description to unlink it" },
    ],
    ["unlink of an id never linked", { kind: "unlink", hazardId: "HAZ-002" }, complete, "", { refuse: "`HAZ-002` is not linked to this PR" }],
    [
      "unlink after unlink",
      { kind: "unlink", hazardId: "HAZ-002" },
      [...complete, link("HAZ-002"), link("HAZ-002", "eve", "unlink")],
      "",
      { refuse: "`HAZ-002` is not linked to this PR" },
    ],
  ])("%s", (_name, command, facts, body, expected) => {
    expect(decide(command, "eve", facts, config(), pr({ body }))).toEqual(expected);
  });

  it("a link on a PR without clinical impact is refused", () => {
    expect(
      refusal(decide({ kind: "link", hazardId: "HAZ-002" }, "eve", complete, config(), pr({ files: [{ path: "README.md", status: "modified" }] }))),
    ).toBe("this PR has no clinical impact detected, so it links no hazards");
  });
});

describe("/safety answer with a reason", () => {
  it.each<[string, Command, Fact[], ReturnType<typeof decide>]>([
    [
      "a new answer with a reason keeps it",
      { kind: "answer", questionId: "calculations", answer: "yes", reason: "units change" },
      complete,
      {
        accept: [
          { kind: "answer", questionId: "calculations", answer: "yes", via: "command", reason: "units change", actor: "eve", at: AT, headSha: HEAD },
        ],
      },
    ],
    [
      "restating the ticked answer with a reason records it",
      { kind: "answer", questionId: "calculations", answer: "no", reason: "only rounding" },
      complete,
      {
        accept: [
          { kind: "answer", questionId: "calculations", answer: "no", via: "command", reason: "only rounding", actor: "eve", at: AT, headSha: HEAD },
        ],
      },
    ],
    [
      "restating it without a reason changes nothing",
      { kind: "answer", questionId: "calculations", answer: "no" },
      complete,
      { accept: [], note: "`calculations` is already answered no" },
    ],
    [
      "restating it with the same reason changes nothing",
      { kind: "answer", questionId: "calculations", answer: "no", reason: "only rounding" },
      [
        answer("decision-logic", "no"),
        { kind: "answer", questionId: "calculations", answer: "no", via: "checkbox", reason: "only rounding", actor: "dev", at: AT, headSha: HEAD },
      ],
      { accept: [], note: "`calculations` is already answered no" },
    ],
  ])("%s", (_name, command, facts, expected) => {
    expect(decide(command, "eve", facts)).toEqual(expected);
  });
});
