import { describe, expect, it } from "@jest/globals";
import { foldLedger, judgeSignOffs } from "../../../src/core/ledger.js";
import type { Fact, GateConfig } from "../../../src/core/types.js";
import { answer, config, HEAD, objection, OLD, revoke, rolesOf, signOff, withdraw } from "./factory.js";

function judge(facts: Fact[], overrides: { config?: GateConfig; required?: string[]; rolesOf?: (l: string) => string[] } = {}) {
  return judgeSignOffs(foldLedger(facts), {
    config: overrides.config ?? config(),
    author: "dev",
    headSha: HEAD,
    required: overrides.required ?? ["cso", "cpm"],
    rolesOf: overrides.rolesOf ?? rolesOf,
  });
}

describe("foldLedger", () => {
  it("keeps the latest answer per question with who gave it", () => {
    const state = foldLedger([
      answer("calculations", "yes", "dev", 1),
      answer("calculations", "no", "pat", 2),
      answer("decision-logic", "no", "dev", 3),
    ]);
    expect([...state.answers.entries()].map(([q, a]) => [q, a.answer, a.actor])).toEqual([
      ["calculations", "no", "pat"],
      ["decision-logic", "no", "dev"],
    ]);
  });

  it("opens and withdraws objections per person", () => {
    expect(foldLedger([objection("cleo"), objection("pat", "cpm")]).objections.map((o) => o.actor)).toEqual(["cleo", "pat"]);
    expect(foldLedger([objection("cleo"), objection("pat", "cpm"), withdraw("cleo")]).objections.map((o) => o.actor)).toEqual(["pat"]);
  });
});

describe("judgeSignOffs: why a sign-off counts or not", () => {
  it.each<[string, Fact[], Parameters<typeof judge>[1], string[], [string, string][]]>([
    ["valid CSO and CPM at head", [signOff("cso", "cleo"), signOff("cpm", "pat")], {}, ["cleo:cso", "pat:cpm"], []],
    ["given on an older head: voided by the push", [signOff("cso", "cleo", OLD)], {}, [], [["cleo", "voided-by-push"]]],
    [
      "older head but dismiss_on_push off",
      [signOff("cso", "cleo", OLD)],
      { config: config({ sign_off: { dismiss_on_push: false, author_may_sign: false, distinct_signers: true } }) },
      ["cleo:cso"],
      [],
    ],
    [
      "answers changed after the sign-off",
      [answer("calculations", "no", "dev", 1), signOff("cso", "cleo"), answer("calculations", "yes", "dev", 50)],
      {},
      [],
      [["cleo", "answers-changed"]],
    ],
    ["answers given before the sign-off are fine", [answer("calculations", "no", "dev", 1), signOff("cso", "cleo")], {}, ["cleo:cso"], []],
    ["signer left the team", [signOff("cso", "cleo")], { rolesOf: () => [] }, [], [["cleo", "no-longer-member"]]],
    ["the author, not allowed", [signOff("cso", "dev")], {}, [], [["dev", "author"]]],
    [
      "the author, allowed",
      [signOff("cso", "dev")],
      { config: config({ sign_off: { dismiss_on_push: true, author_may_sign: true, distinct_signers: true } }) },
      ["dev:cso"],
      [],
    ],
    ["one person, two roles", [signOff("cso", "dual"), signOff("cpm", "dual")], {}, ["dual:cso"], [["dual", "duplicate-signer"]]],
    [
      "one person, two roles, distinct_signers off",
      [signOff("cso", "dual"), signOff("cpm", "dual")],
      { config: config({ sign_off: { dismiss_on_push: true, author_may_sign: false, distinct_signers: false } }) },
      ["dual:cso", "dual:cpm"],
      [],
    ],
    ["role no longer required", [signOff("cso", "cleo")], { required: ["cpm"] }, [], [["cleo", "role-not-required"]]],
    ["revoked", [signOff("cso", "cleo"), revoke("cleo")], {}, [], [["cleo", "revoked"]]],
    [
      "revoked then signed again",
      [signOff("cso", "cleo"), revoke("cleo"), signOff("cso", "cleo", HEAD, 25)],
      {},
      ["cleo:cso"],
      [["cleo", "revoked"]],
    ],
    ["a revoke touches only its actor", [signOff("cso", "cleo"), signOff("cpm", "pat"), revoke("pat")], {}, ["cleo:cso"], [["pat", "revoked"]]],
  ])("%s", (_name, facts, overrides, valid, invalid) => {
    const judged = judge(facts, overrides);
    expect(judged.valid.map((s) => `${s.actor}:${s.role}`)).toEqual(valid);
    expect(judged.invalid.map((s) => [s.actor, s.reason])).toEqual(invalid);
  });

  it("says which commit voided a sign-off", () => {
    const [voided] = judge([signOff("cso", "cleo", OLD)]).invalid;
    expect(voided?.detail).toBe("given on bbbbbbb; voided by push of aaaaaaa");
  });

  it("records the meaning of each signature", () => {
    expect(judge([signOff("cso", "cleo")]).valid[0]?.meaning).toBe("clinical safety approval as CSO");
  });
});
