import { describe, expect, it } from "@jest/globals";
import { auditDelta, type CheckView, type DeltaContext } from "../../../src/audit/delta.js";
import { GENESIS_HASH, type AuditInput, type AuditRecord } from "../../../src/audit/record.js";
import { evaluate } from "../../../src/core/evaluate.js";
import type { Fact, HazardLogView } from "../../../src/core/types.js";
import { answer, config, objection, OLD, pr, rolesOf, signOff, withdraw, revoke } from "../core/factory.js";

const LOG: HazardLogView = {
  state: "ok",
  path: "docs/safety/hazard-log.yml",
  hazards: [{ id: "HAZ-002", title: "Stale weight", status: "open", initialRating: 5, residualRating: 3, code: [] }],
};
const ctx: DeltaContext = { repo: "acme/eprescribe", pr: 7, botLogin: "gate[bot]", at: "2026-11-23T12:00:00.000Z", configSha: "c0ffee" };
const waiting: CheckView = { conclusion: "action_required", title: "Waiting" };

function evaluation(facts: Fact[], body = "") {
  return evaluate({
    config: { state: "ok", config: config() },
    pr: pr({ body }),
    hazardLog: LOG,
    texts: [{ source: "PR description", text: body }],
    facts,
    rolesOf,
  });
}

/** Turns what delta returned into stored records, as the store would. */
function stored(inputs: AuditInput[]): AuditRecord[] {
  return inputs.map((input, i) => ({
    ...input,
    seq: i + 1,
    id: `id-${i}`,
    data: input.data as AuditRecord["data"],
    prevHash: GENESIS_HASH,
    hash: "h",
  }));
}

const kinds = (inputs: AuditInput[]) => inputs.map((i) => i.kind);

describe("auditDelta: every decision recorded once", () => {
  it("a first evaluation records the classification and the check conclusion", () => {
    const out = auditDelta([], evaluation([]), [], waiting, ctx);
    expect(kinds(out)).toEqual(["classification", "check-conclusion"]);
    expect(out[0]).toMatchObject({ actor: "gate[bot]", repo: "acme/eprescribe", pr: 7, configSha: "c0ffee" });
    expect(out[0]?.data).toMatchObject({ requiredRoles: ["cso", "cpm"], questions: ["decision-logic", "calculations"] });
  });

  it("re-evaluating an unchanged PR records nothing", () => {
    const e = evaluation([]);
    const first = stored(auditDelta([], e, [], waiting, ctx));
    expect(auditDelta(first, e, [], waiting, ctx)).toEqual([]);
  });

  it.each<[string, Fact, string, Record<string, unknown>]>([
    [
      "an answer",
      answer("calculations", "yes", "pat"),
      "answer",
      { questionId: "calculations", answer: "yes", via: "checkbox", question: "Does this change calculations?" },
    ],
    ["a sign-off, with its meaning", signOff("cso", "cleo"), "sign-off", { role: "cso", meaning: "clinical safety approval as CSO" }],
    ["an objection", objection("cleo", "cso", "no neonate test"), "objection", { role: "cso", reason: "no neonate test" }],
  ])("records %s as its actor, at its time, on its SHA", (_name, fact, kind, data) => {
    const e = evaluation([fact]);
    const out = auditDelta([], e, [fact], waiting, ctx);
    const record = out.find((r) => r.kind === kind);
    expect(record).toMatchObject({ actor: fact.actor, at: fact.at, headSha: fact.headSha });
    expect(record?.data).toMatchObject(data);
  });

  it("records a revocation with the roles it revoked, and a withdrawal with the objection it ends", () => {
    const facts = [answer("decision-logic", "no"), answer("calculations", "no"), signOff("cso", "cleo"), revoke("cleo")];
    const out = auditDelta([], evaluation(facts), [facts[3] as Fact], waiting, ctx);
    expect(out.find((r) => r.kind === "revocation")?.data).toMatchObject({ role: "cso", meaning: "clinical safety approval as CSO" });

    const raised = stored(auditDelta([], evaluation([objection("cleo", "cso", "why")]), [objection("cleo", "cso", "why")], waiting, ctx));
    const w = withdraw("cleo");
    const out2 = auditDelta(raised, evaluation([objection("cleo"), w]), [w], waiting, ctx);
    expect(out2.find((r) => r.kind === "objection-withdrawn")?.data).toMatchObject({ role: "cso", reason: "why" });
  });

  it("records an answer that completes the checklist, and whether the PR was a draft", () => {
    const facts = [answer("decision-logic", "no"), answer("calculations", "no")];
    const out = auditDelta([], evaluation(facts), [facts[1] as Fact], waiting, ctx);
    expect(out[0]?.data).toMatchObject({ checklistComplete: true, draft: true });
  });

  it("records a hazard link once, and an unknown id as such", () => {
    const e = evaluation([], "HAZ-002 and HAZ-999");
    const out = auditDelta([], e, [], waiting, ctx);
    const links = out.filter((r) => r.kind === "hazard-link").map((r) => [r.data.hazardId, r.data.known]);
    expect(links).toEqual([
      ["HAZ-002", true],
      ["HAZ-999", false],
    ]);
    expect(auditDelta(stored(out), e, [], waiting, ctx).filter((r) => r.kind === "hazard-link")).toEqual([]);
  });

  it("records each voided sign-off once, with the reason", () => {
    const facts = [answer("decision-logic", "no"), answer("calculations", "no"), signOff("cso", "cleo", OLD)];
    const e = evaluation(facts);
    const out = auditDelta([], e, [], waiting, ctx);
    const voids = out.filter((r) => r.kind === "void");
    expect(voids.map((v) => v.data.reason)).toEqual(["voided-by-push"]);
    expect(voids[0]?.data.signOff).toMatchObject({ actor: "cleo", role: "cso", headSha: OLD });
    expect(auditDelta(stored(out), e, [], waiting, ctx).filter((r) => r.kind === "void")).toEqual([]);
  });

  it.each<[string, CheckView, boolean]>([
    ["the same conclusion and title", waiting, false],
    ["a new conclusion", { conclusion: "success", title: "Waiting" }, true],
    ["a new title", { conclusion: "action_required", title: "Waiting for sign-off: cpm" }, true],
  ])("records the check conclusion again on %s: %s", (_name, next, recorded) => {
    const e = evaluation([]);
    const first = stored(auditDelta([], e, [], waiting, ctx));
    expect(kinds(auditDelta(first, e, [], next, ctx)).includes("check-conclusion")).toBe(recorded);
  });

  it("records the check conclusion again on a new head SHA", () => {
    const first = stored(auditDelta([], evaluation([]), [], waiting, ctx));
    const moved = evaluate({ config: { state: "ok", config: config() }, pr: pr({ headSha: OLD }), hazardLog: LOG, texts: [], facts: [], rolesOf });
    expect(kinds(auditDelta(first, moved, [], waiting, ctx))).toEqual(["check-conclusion"]);
  });

  it("an error evaluation (no classification) records only its conclusion", () => {
    const e = evaluate({ config: { state: "missing" }, pr: pr(), hazardLog: LOG, texts: [], facts: [], rolesOf });
    expect(kinds(auditDelta([], e, [], { conclusion: "failure", title: "Configuration missing" }, ctx))).toEqual(["check-conclusion"]);
  });

  it.each<[string, [string, "event" | "read"][], string[]]>([
    [
      "the payload's head and the read head agree: one head record",
      [
        ["B", "event"],
        ["B", "read"],
      ],
      ["B"],
    ],
    [
      "the payload named A, the read found B (a later push): both, in order",
      [
        ["A", "event"],
        ["B", "read"],
      ],
      ["A", "B"],
    ],
    ["the trail already ends on the read head: nothing", [["H", "read"]], []],
  ])("head records: %s", (_name, heads, expected) => {
    const head = evaluation([]).headSha;
    const first = stored(auditDelta([], evaluation([]), [], waiting, { ...ctx, heads: [{ sha: head, at: ctx.at, via: "read" }] }));
    const observed = heads.map(([sha, via]) => ({ sha: sha === "H" ? head : sha, at: ctx.at, via }));
    const out = auditDelta(first, evaluation([]), [], waiting, { ...ctx, heads: observed });
    expect(out.filter((r) => r.kind === "head").map((r) => [r.headSha, (r.data as { via: string }).via])).toEqual(
      expected.map((sha) => [sha === "H" ? head : sha, observed.find((x) => x.sha === sha)?.via]),
    );
  });
});
