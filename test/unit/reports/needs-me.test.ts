import { describe, expect, it } from "@jest/globals";
import type { AuditKind, AuditRecord, JsonObject } from "../../../src/audit/record.js";
import {
  githubQuestions,
  needsMe,
  NeedsMeTrail,
  pullTrail,
  type AwaitingBypass,
  type NeedsMe,
  type PullTrail,
  type RepoAnswers,
} from "../../../src/reports/needs-me.js";

/** The pure decision of "Needs me": one PR's trail folded, and the four lists decided from it. */

const HEAD = "a".repeat(40);
const NEW_HEAD = "b".repeat(40);
const BOT = "clinical-safety-gate[bot]";

let seq = 0;
/** A record at minute `minute` of 2026-03-02 (UTC), in chain order as made. */
function rec(kind: AuditKind, minute: number, actor: string, data: JsonObject, over: Partial<AuditRecord> = {}): AuditRecord {
  seq += 1;
  const at = new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();
  return { seq, id: `id-${seq}`, kind, actor, at, repo: "acme/app", pr: 7, headSha: HEAD, configSha: null, data, prevHash: "", hash: "", ...over };
}
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();

const classified = (minute: number, requiredRoles: string[], questions = ["q1", "q2"], author = "dev") =>
  rec("classification", minute, BOT, {
    title: "Dose rounding",
    author,
    draft: false,
    state: "waiting",
    headline: "",
    rules: [],
    requiredRoles,
    questions,
  });
const answer = (minute: number, questionId: string, value: "yes" | "no" | null) =>
  rec("answer", minute, "dev", {
    title: "Dose rounding",
    questionId,
    question: questionId,
    answer: value,
    via: "command",
    draft: false,
    checklistComplete: false,
  });
const signOff = (minute: number, actor: string, role: string, headSha = HEAD) =>
  rec("sign-off", minute, actor, { title: "Dose rounding", role, meaning: `approval as ${role}` }, { headSha });
const voided = (minute: number, actor: string, role: string, headSha = HEAD) =>
  rec("void", minute, BOT, { title: "", signOff: { role, actor, at: at(0), headSha, meaning: "" }, reason: "voided-by-push", detail: "" });
const revoked = (minute: number, actor: string) => rec("revocation", minute, actor, { title: "", role: "cso", meaning: "" });
const objection = (minute: number, actor: string, reason = "Dose table unchecked") =>
  rec("objection", minute, actor, { title: "", role: "cso", reason });
const withdrawn = (minute: number, actor: string) => rec("objection-withdrawn", minute, actor, { title: "", role: "cso", reason: "" });
const check = (minute: number, state: string, checkTitle = "Waiting for sign-off: cso", headSha = HEAD) =>
  rec(
    "check-conclusion",
    minute,
    BOT,
    { title: "Dose rounding", conclusion: state === "pass" ? "success" : "action_required", checkTitle, state },
    { headSha },
  );
const head = (minute: number, sha: string) => rec("head", minute, BOT, { title: "Dose rounding", via: "event" }, { headSha: sha });

const ready = [classified(0, ["cso", "cpm"]), answer(1, "q1", "no"), answer(2, "q2", "yes"), check(2, "waiting")];

describe("pullTrail: one PR as the trail tells it", () => {
  it.each<[string, AuditRecord[], Partial<PullTrail>]>([
    [
      "checklist complete at the last answer; every required role missing since then",
      ready,
      {
        checklistComplete: true,
        checklistCompleteAt: at(2),
        missing: [
          { role: "cso", since: at(2) },
          { role: "cpm", since: at(2) },
        ],
      },
    ],
    [
      "an unanswered question: not complete",
      [classified(0, ["cso"]), answer(1, "q1", "no")],
      { checklistComplete: false, checklistCompleteAt: null },
    ],
    ["an answer cleared: no longer complete", [...ready, answer(3, "q2", null)], { checklistComplete: false, checklistCompleteAt: null }],
    [
      "no question asked (governance): complete when classified",
      [classified(4, ["cso"], [])],
      { checklistComplete: true, checklistCompleteAt: at(4) },
    ],
    [
      "a sign-off stands",
      [...ready, signOff(3, "cleo", "cso")],
      { missing: [{ role: "cpm", since: at(2) }], signedBy: [{ actor: "cleo", role: "cso" }] },
    ],
    [
      "a voided sign-off is wanted again from the void",
      [...ready, signOff(3, "cleo", "cso"), voided(5, "cleo", "cso")],
      {
        missing: [
          { role: "cso", since: at(5) },
          { role: "cpm", since: at(2) },
        ],
        signedBy: [],
      },
    ],
    [
      "a void of another commit's sign-off leaves this one standing",
      [...ready, signOff(3, "cleo", "cso"), voided(5, "cleo", "cso", NEW_HEAD)],
      { signedBy: [{ actor: "cleo", role: "cso" }] },
    ],
    [
      "a revocation takes every sign-off of its signer",
      [...ready, signOff(3, "dual", "cso"), signOff(4, "dual", "cpm"), revoked(6, "dual")],
      {
        missing: [
          { role: "cso", since: at(6) },
          { role: "cpm", since: at(6) },
        ],
      },
    ],
    ["a sign-off that cannot be read whole approves nothing", [...ready, rec("sign-off", 3, "cleo", { title: "" })], { signedBy: [] }],
    [
      "a role required later is wanted from then",
      [...ready, classified(9, ["cso", "cpm", "qa"])],
      {
        missing: [
          { role: "cso", since: at(2) },
          { role: "cpm", since: at(2) },
          { role: "qa", since: at(9) },
        ],
      },
    ],
    [
      "objections stand until their writer withdraws",
      [...ready, objection(3, "cleo"), objection(4, "pat", "No"), withdrawn(5, "pat")],
      { objections: [{ actor: "cleo", role: "cso", reason: "Dose table unchecked", at: at(3) }] },
    ],
    [
      "the gate's last conclusion and the last head",
      [...ready, head(6, NEW_HEAD), check(6, "pass", "Signed off", NEW_HEAD)],
      { gate: { state: "pass", headline: "Signed off", at: at(6) }, headSha: NEW_HEAD },
    ],
    ["a merge", [...ready, rec("merge", 8, "acme", { title: "Dose rounding" })], { merged: true }],
  ])("%s", (_what, records, expected) => {
    expect(pullTrail(records)).toMatchObject(expected);
  });

  it("names the PR, its latest title and author", () => {
    const renamed = rec("check-conclusion", 9, BOT, {
      title: "Dose rounding to 0.1 mL",
      conclusion: "action_required",
      checkTitle: "",
      state: "waiting",
    });
    expect(pullTrail([...ready, renamed])).toMatchObject({ repo: "acme/app", pr: 7, title: "Dose rounding to 0.1 mL", author: "dev" });
  });
});

describe("NeedsMeTrail: the PRs not merged, and the bypasses not reviewed", () => {
  const bypass = (minute: number, pr: number | null, data: JsonObject = {}) =>
    rec(
      "bypass",
      minute,
      BOT,
      {
        title: "",
        reason: pr === null ? "direct-push" : "merged-without-passing-gate",
        detail: "Waiting for sign-off: cso",
        files: [],
        rules: [],
        issue: 12,
        before: null,
        after: null,
        ...data,
      },
      { pr },
    );
  const review = (minute: number, pr: number | null, bypassSeq: number | null) =>
    rec(
      "bypass-review",
      minute,
      "cleo",
      {
        title: "",
        decision: "accept",
        reason: "ok",
        role: "cso",
        ...(bypassSeq === null ? {} : { bypass: { id: "x", seq: bypassSeq, at: "", reason: "" } }),
      },
      { pr },
    );

  function read(records: AuditRecord[]) {
    const trail = new NeedsMeTrail();
    for (const r of records) trail.add(r);
    return { pulls: trail.pulls().map((p) => p.pr), bypasses: trail.bypasses().map((b) => [b.pr, b.title]) };
  }

  it("drops a PR once it merges, and keeps its bypass until reviewed", () => {
    const open = [classified(0, ["cso"])].map((r) => ({ ...r, pr: 8 }));
    const merged = [classified(0, ["cso"]), rec("merge", 5, "acme", { title: "Dose rounding" }), bypass(5, 7, { title: "Dose rounding" })];
    expect(read([...open, ...merged])).toEqual({ pulls: [8], bypasses: [[7, "Dose rounding"]] });
  });

  it.each<[string, (b: AuditRecord) => AuditRecord[], number]>([
    ["a review naming the bypass", (b) => [review(9, 7, b.seq)], 0],
    ["a review naming another bypass", () => [review(9, 7, 99_999)], 1],
    ["a review of the PR without the bypass named, after it", () => [review(9, 7, null)], 0],
  ])("%s", (_what, after, awaiting) => {
    const b = bypass(5, 7);
    expect(read([b, ...after(b)]).bypasses).toHaveLength(awaiting);
  });

  it("names a direct push by its files and its commit", () => {
    const trail = new NeedsMeTrail();
    trail.add(bypass(3, null, { files: ["src/dose.ts"], after: NEW_HEAD }));
    expect(trail.bypasses()).toEqual([
      expect.objectContaining({ pr: null, title: "Direct push of src/dose.ts", sha: NEW_HEAD, issue: 12, reason: "direct-push" }),
    ]);
  });
});

/** A PR waiting for cso (since minute 2), complete, open per the trail: change what a case needs. */
function pull(over: Partial<PullTrail> = {}): PullTrail {
  return {
    repo: "acme/app",
    pr: 7,
    title: "Dose rounding",
    author: "dev",
    headSha: HEAD,
    gate: { state: "waiting", headline: "Waiting for sign-off: cso", at: at(2) },
    requiredRoles: ["cso", "cpm"],
    missing: [
      { role: "cso", since: at(2) },
      { role: "cpm", since: at(3) },
    ],
    signedBy: [],
    checklistComplete: true,
    checklistCompleteAt: at(2),
    objections: [],
    merged: false,
    ...over,
  };
}

const openPr = (over: Partial<{ title: string; draft: boolean; headSha: string }> = {}) =>
  new Map([[7, { title: "Dose rounding", draft: false, headSha: HEAD, ...over }]]);
const answers = (over: RepoAnswers = {}): Map<string, RepoAnswers> =>
  new Map([["acme/app", { roles: ["cso"], signOff: { authorMaySign: false, distinctSigners: true }, open: openPr(), ...over }]]);

/** Each list as `pr: roles` (or `pr: detail`), to read the table at a glance. */
function lists(result: NeedsMe): Record<keyof NeedsMe, string[]> {
  const show = (items: NeedsMe[keyof NeedsMe]) => items.map((i) => `${i.repo}#${i.pr ?? "push"}: ${i.detail ?? i.roles.join("+")}`);
  return { signOffs: show(result.signOffs), objections: show(result.objections), drafts: show(result.drafts), bypasses: show(result.bypasses) };
}
const none = { signOffs: [], objections: [], drafts: [], bypasses: [] };

describe("needsMe: the four lists", () => {
  it.each<[string, PullTrail, Map<string, RepoAnswers>, Partial<Record<keyof NeedsMe, string[]>>]>([
    ["a PR waiting for a role I hold", pull(), answers(), { signOffs: ["acme/app#7: cso"] }],
    [
      "both roles, when I hold both and may sign either",
      pull(),
      answers({ roles: ["cso", "cpm"], signOff: { authorMaySign: false, distinctSigners: false } }),
      { signOffs: ["acme/app#7: cso+cpm"] },
    ],
    ["closed on GitHub (not in the open list)", pull(), answers({ open: new Map() }), {}],
    ["GitHub not asked", pull(), new Map(), {}],
    ["a draft: in the drafts, not the sign-offs", pull(), answers({ open: openPr({ draft: true }) }), { drafts: ["acme/app#7: cso"] }],
    ["a role I do not hold", pull({ missing: [{ role: "cpm", since: at(3) }] }), answers(), {}],
    ["my roles unknown", pull(), answers({ roles: null }), {}],
    ["no roles at all", pull(), answers({ roles: [] }), {}],
    ["checklist incomplete (a sign-off would be refused)", pull({ checklistComplete: false }), answers(), {}],
    ["the gate passes", pull({ gate: { state: "pass", headline: "Signed off", at: at(5) } }), answers(), {}],
    ["the gate is in error", pull({ gate: { state: "error", headline: "Configuration invalid", at: at(5) } }), answers(), {}],
    ["no conclusion yet", pull({ gate: null }), answers(), {}],
    ["merged", pull({ merged: true }), answers(), {}],
    ["my own PR", pull({ author: "Cleo" }), answers(), {}],
    [
      "my own PR where authors may sign",
      pull({ author: "cleo" }),
      answers({ signOff: { authorMaySign: true, distinctSigners: true } }),
      { signOffs: ["acme/app#7: cso"] },
    ],
    ["I signed another role, with distinct signers", pull({ signedBy: [{ actor: "cleo", role: "cpm" }] }), answers(), {}],
    [
      "I signed another role, without distinct signers",
      pull({ signedBy: [{ actor: "cleo", role: "cpm" }] }),
      answers({ signOff: { authorMaySign: false, distinctSigners: false } }),
      { signOffs: ["acme/app#7: cso"] },
    ],
    [
      "my open objection (and the sign-off still wanted)",
      pull({ objections: [{ actor: "cleo", role: "cso", reason: "Dose table unchecked", at: at(4) }] }),
      answers(),
      { signOffs: ["acme/app#7: cso"], objections: ["acme/app#7: Dose table unchecked"] },
    ],
    [
      "someone else's objection is not mine",
      pull({ gate: { state: "pass", headline: "", at: at(1) }, objections: [{ actor: "pat", role: "cpm", reason: "No", at: at(4) }] }),
      answers(),
      {},
    ],
    [
      "my objection on a closed PR",
      pull({ objections: [{ actor: "cleo", role: "cso", reason: "No", at: at(4) }] }),
      answers({ open: new Map() }),
      {},
    ],
  ])("%s", (_what, p, repos, expected) => {
    expect(lists(needsMe({ login: "cleo", pulls: [p], bypasses: [], repos }))).toEqual({ ...none, ...expected });
  });

  const bypass = (over: Partial<AwaitingBypass> = {}): AwaitingBypass => ({
    repo: "acme/app",
    pr: 8,
    seq: 40,
    at: at(30),
    title: "Hotfix",
    reason: "merged-without-passing-gate",
    detail: "Waiting for sign-off: cso",
    issue: 12,
    sha: HEAD,
    ...over,
  });

  it.each<[string, readonly string[] | null | undefined, string[]]>([
    ["a CSO sees a bypass awaiting review", ["cso"], ["acme/app#8: Waiting for sign-off: cso"]],
    ["a CPM does not", ["cpm"], []],
    ["nor someone whose roles are unknown", null, []],
    ["nor anyone where GitHub was not asked", undefined, []],
  ])("%s", (_what, roles, expected) => {
    const repos = new Map<string, RepoAnswers>(roles === undefined ? [] : [["acme/app", { roles }]]);
    expect(lists(needsMe({ login: "cleo", pulls: [], bypasses: [bypass()], repos })).bypasses).toEqual(expected);
  });

  it("says what is needed, since when, with the gate's word and GitHub's title", () => {
    const result = needsMe({ login: "cleo", pulls: [pull()], bypasses: [], repos: answers({ open: openPr({ title: "Dose rounding v2" }) }) });
    expect(result.signOffs).toEqual([
      {
        kind: "sign-off",
        repo: "acme/app",
        pr: 7,
        title: "Dose rounding v2",
        need: "Sign-off as cso",
        command: "/safety sign-off cso",
        detail: null,
        since: at(2),
        roles: ["cso"],
        gate: "Waiting for sign-off: cso",
        sha: HEAD,
        headNotYetJudged: false,
        issue: null,
        signOnPage: [],
      },
    ]);
  });

  it.each<[string, readonly string[] | undefined, boolean, string[]]>([
    ["a role signed on the audit page", ["cso"], false, ["cso"]],
    ["a draft's role signed on the audit page", ["cso", "cpm"], true, ["cso"]],
    ["another role signed on the audit page", ["cpm"], false, []],
    ["no role signed on the audit page", undefined, false, []],
  ])("%s: %j", (_what, onPage, draft, expected) => {
    const repos = answers({ open: openPr({ draft }), signOff: { authorMaySign: false, distinctSigners: true, ...(onPage ? { onPage } : {}) } });
    const result = needsMe({ login: "cleo", pulls: [pull()], bypasses: [], repos });
    expect([...result.signOffs, ...result.drafts].map((i) => i.signOnPage)).toEqual([expected]);
  });

  it("flags a PR whose head on GitHub the gate has not judged yet", () => {
    const result = needsMe({ login: "cleo", pulls: [pull()], bypasses: [], repos: answers({ open: openPr({ headSha: NEW_HEAD }) }) });
    expect(result.signOffs[0]?.headNotYetJudged).toBe(true);
  });

  it("lists each oldest first (by since, then repository and number)", () => {
    const pulls = [
      pull({ pr: 3, missing: [{ role: "cso", since: at(20) }] }),
      pull({ pr: 1, missing: [{ role: "cso", since: at(10) }] }),
      pull({ pr: 2, missing: [{ role: "cso", since: at(10) }] }),
    ];
    const open = new Map([1, 2, 3].map((n) => [n, { title: `PR ${n}`, draft: false, headSha: HEAD }]));
    const bypasses = [bypass({ pr: 9, at: at(50) }), bypass({ pr: null, at: at(40), title: "Direct push" })];
    const result = needsMe({ login: "cleo", pulls, bypasses, repos: answers({ open }) });
    expect(result.signOffs.map((i) => i.pr)).toEqual([1, 2, 3]);
    expect(result.bypasses.map((i) => i.pr)).toEqual([null, 9]);
  });
});

describe("githubQuestions: only what the lists need", () => {
  it.each<[string, PullTrail[], AwaitingBypass[], { openPullsIn: string[]; rolesIn: string[] }]>([
    ["a PR waiting for a sign-off: its open PRs and my roles", [pull()], [], { openPullsIn: ["acme/app"], rolesIn: ["acme/app"] }],
    ["a PR that passed: nothing", [pull({ gate: { state: "pass", headline: "", at: at(1) } })], [], { openPullsIn: [], rolesIn: [] }],
    ["an incomplete checklist: nothing", [pull({ checklistComplete: false })], [], { openPullsIn: [], rolesIn: [] }],
    ["a merged PR: nothing", [pull({ merged: true })], [], { openPullsIn: [], rolesIn: [] }],
    [
      "my objection on a PR that passed: its open PRs only",
      [pull({ gate: { state: "pass", headline: "", at: at(1) }, objections: [{ actor: "CLEO", role: "cso", reason: "", at: at(1) }] })],
      [],
      { openPullsIn: ["acme/app"], rolesIn: [] },
    ],
    [
      "a bypass: my roles only, each repository once, sorted",
      [pull({ repo: "acme/web" }), pull({ repo: "acme/web", pr: 9 })],
      [{ repo: "acme/api", pr: null, seq: 1, at: at(1), title: "", reason: "direct-push", detail: "", issue: null, sha: null }],
      { openPullsIn: ["acme/web"], rolesIn: ["acme/api", "acme/web"] },
    ],
  ])("%s", (_what, pulls, bypasses, expected) => {
    expect(githubQuestions(pulls, bypasses, "cleo")).toEqual(expected);
  });
});
