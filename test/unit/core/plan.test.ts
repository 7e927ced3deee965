import { describe, expect, it } from "@jest/globals";
import { factsOf } from "../../../src/audit/facts-from-records.js";
import { GENESIS_HASH, type AuditInput, type AuditRecord } from "../../../src/audit/record.js";
import { parseCommands } from "../../../src/core/commands.js";
import { decide, replyMarker, type PlanEvent, type Snapshot } from "../../../src/core/plan.js";
import type { Fact } from "../../../src/core/types.js";
import { COMMENT_MARKER } from "../../../src/render/comment.js";
import { answer, config, HEAD, pr, ROLES, signOff } from "./factory.js";

/** The gate saw the PR's head at 09:00, before any command in these tables was written. */
const SEEN: AuditInput = {
  kind: "head",
  actor: "gate[bot]",
  at: "2026-11-23T09:00:00.000Z",
  repo: "acme/eprescribe",
  pr: 7,
  headSha: HEAD,
  configSha: null,
  data: { title: "", via: "event" },
};

/** A snapshot with no I/O behind it: the PR, its config, its facts, who holds which role. */
function snapshot(facts: Fact[] = [], extra: Partial<Snapshot> = {}): Snapshot {
  const s: Snapshot = {
    pr: pr(),
    config: { state: "ok", config: config(), sha: "c0ffee" },
    hazardLog: {
      state: "ok",
      path: "docs/safety/hazard-log.yml",
      hazards: [{ id: "HAZ-002", title: "Stale weight", status: "open", initialRating: 5, residualRating: 3, code: [] }],
    },
    texts: [],
    appComments: [],
    records: stored([], [SEEN]),
    facts,
    roles: new Map(Object.entries(ROLES)),
    botLogin: "gate[bot]",
    now: "2026-11-23T12:00:00.000Z",
    defaultCheckName: "Clinical safety",
    ...extra,
  };
  return s;
}

/** The records a plan appends, as the store would return them: the next snapshot's. */
function stored(previous: readonly AuditRecord[], inputs: readonly AuditInput[]): AuditRecord[] {
  return [
    ...previous,
    ...inputs.map((input, i) => ({
      ...input,
      seq: previous.length + i + 1,
      id: `id-${previous.length + i}`,
      data: input.data as AuditRecord["data"],
      prevHash: GENESIS_HASH,
      hash: "h",
    })),
  ];
}

/** Decides, then builds the snapshot the next event would see (records stored, comment posted). */
function next(s: Snapshot, event: PlanEvent): Snapshot {
  const plan = decide(s, event);
  const records = stored(s.records, plan.records);
  const sticky = plan.comment ? { id: plan.comment.id ?? 1, author: s.botLogin, body: plan.comment.body } : s.sticky;
  const appComments = plan.reply ? [...s.appComments, { id: 99, author: s.botLogin, body: plan.reply.body }] : s.appComments;
  return { ...s, records, facts: factsOf(records), ...(sticky ? { sticky } : {}), appComments };
}

const commands = (actor: string, body: string, source = `comment:${body.length}:created`): PlanEvent => ({
  kind: "commands",
  actor,
  at: "2026-11-23T11:00:00.000Z",
  commands: parseCommands(body),
  source,
});

describe("decide(snapshot, event) → plan: the whole decision of one event, no I/O", () => {
  it.each<[string, Fact[], PlanEvent, { state: string; facts: string[]; reply: boolean; comment: boolean; conclusion: string }]>([
    [
      "a first evaluation of a relevant PR",
      [],
      { kind: "evaluate" },
      { state: "waiting", facts: [], reply: false, comment: true, conclusion: "action_required" },
    ],
    [
      "answers and a sign-off in one comment: applied in order",
      [],
      commands("cleo", "/safety answer decision-logic no\n/safety answer calculations no\n/safety sign-off cso"),
      // An accepted sign-off is answered: what was signed, what still blocks.
      { state: "waiting", facts: ["answer", "answer", "sign-off"], reply: true, comment: true, conclusion: "action_required" },
    ],
    [
      "a sign-off before the checklist is complete: refused, with a reply",
      [],
      commands("cleo", "/safety sign-off cso"),
      { state: "waiting", facts: [], reply: true, comment: true, conclusion: "action_required" },
    ],
    [
      "the last sign-off: pass",
      [answer("decision-logic", "no"), answer("calculations", "no"), signOff("cpm", "pat")],
      commands("cleo", "/safety sign-off cso"),
      { state: "pass", facts: ["sign-off"], reply: true, comment: true, conclusion: "success" },
    ],
    [
      "ticked boxes become answers",
      [],
      {
        kind: "boxes",
        actor: "dev",
        at: "2026-11-23T11:00:00.000Z",
        changes: [
          { questionId: "decision-logic", answer: "no" },
          { questionId: "not-asked", answer: "yes" },
        ],
        source: "boxes:5:t",
      },
      { state: "waiting", facts: ["answer"], reply: false, comment: true, conclusion: "action_required" },
    ],
  ])("%s", (_name, facts, event, expected) => {
    const plan = decide(snapshot(facts), event);
    expect(plan.evaluation.state).toBe(expected.state);
    expect(plan.facts.map((f) => f.kind)).toEqual(expected.facts);
    expect(plan.reply !== undefined).toBe(expected.reply);
    expect(plan.comment !== undefined).toBe(expected.comment);
    expect(plan.check?.conclusion).toBe(expected.conclusion);
    // Every fact is in the records, carrying its source, so it can be read back from the trail alone.
    const factRecords = plan.records.filter((r) => ["answer", "sign-off"].includes(r.kind));
    expect(factRecords.map((r) => r.data.source)).toEqual(plan.facts.map((f) => f.source));
  });

  it("deciding the same event again (a replay, a redelivery under another id) adds nothing and replies nothing", () => {
    const event = commands("cleo", "/safety answer decision-logic no\n/safety sign-off cso", "comment:41:created");
    const once = next(snapshot(), event);
    const again = decide(once, event);
    expect(again.facts).toEqual([]);
    expect(again.records).toEqual([]);
    expect(again.reply).toBeUndefined();
    expect(again.comment).toBeUndefined();
  });

  describe("an accepted sign-off: its meaning and name are recorded, and the reply says what was signed", () => {
    const answered = [answer("decision-logic", "no"), answer("calculations", "no")];

    it("replies with the SHA, role, meaning, UTC time and name, and what still blocks", () => {
      const plan = decide(snapshot(answered, { profileNames: new Map([["cleo", "Cleo <b>Smith</b>"]]) }), commands("cleo", "/safety sign-off cso"));
      const body = plan.reply?.body ?? "";
      expect(body).toContain(`commit \`${HEAD}\`, role \`cso\`, meaning “clinical safety approval as CSO”, at 2026-11-23 11:00 UTC`);
      // A profile name is untrusted text: escaped.
      expect(body).toContain("by Cleo &lt;b&gt;Smith&lt;/b&gt; (@\u200bcleo)");
      expect(body).toMatch(/Still blocking the gate \(Waiting for sign-off: cpm\):\n- Sign-off: a member of the `cpm` role/);
      const record = plan.records.find((r) => r.kind === "sign-off");
      expect(record?.data).toMatchObject({ role: "cso", meaning: "clinical safety approval as CSO", name: "Cleo <b>Smith</b>" });
    });

    it("the last sign-off: the reply says nothing blocks any more; the CPM's meaning is clinical impact", () => {
      const plan = decide(snapshot([...answered, signOff("cso", "cleo")]), commands("pat", "/safety sign-off cpm"));
      expect(plan.reply?.body).toContain("meaning “clinical impact approval as CPM”");
      expect(plan.reply?.body).toContain("by @\u200bpat.");
      expect(plan.reply?.body).toContain("Nothing else blocks the gate");
      expect(plan.reply?.body).not.toContain("Still blocking");
    });

    it("a configured meaning and a configured name win over the defaults and the profile", () => {
      const c = config();
      const configured = {
        ...c,
        roles: { ...c.roles, cso: { ...(c.roles.cso ?? { teams: [], users: [] }), meaning: "approval of the clinical safety case" } },
        people: { CLEO: "Dr Cleo Smith" },
      };
      const s = snapshot(answered, { config: { state: "ok", config: configured, sha: "c0ffee" }, profileNames: new Map([["cleo", "cleo-profile"]]) });
      const plan = decide(s, commands("cleo", "/safety sign-off cso"));
      expect(plan.records.find((r) => r.kind === "sign-off")?.data).toMatchObject({
        meaning: "approval of the clinical safety case",
        name: "Dr Cleo Smith",
      });
      expect(plan.reply?.body).toContain("meaning “approval of the clinical safety case”");
      expect(plan.reply?.body).toContain("by Dr Cleo Smith (@\u200bcleo)");
      // What was signed keeps its meaning when the configuration changes later.
      const later = next(s, commands("cleo", "/safety sign-off cso"));
      const after = decide({ ...later, config: { state: "ok", config: c, sha: "c0ffee" } }, { kind: "evaluate" });
      expect(after.evaluation.signOffs.valid[0]).toMatchObject({ meaning: "approval of the clinical safety case", name: "Dr Cleo Smith" });
    });

    it("a sign-off recorded before a crash, its reply never posted: the replay posts the reply, once", () => {
      const event = commands("cleo", "/safety sign-off cso", "comment:77:created");
      const first = decide(snapshot(answered), event);
      // The records were appended, then the process died before the reply was posted.
      const crashed = { ...snapshot([...answered, ...first.facts]), records: stored(snapshot().records, first.records) };
      const replay = decide(crashed, event);
      expect(replay.facts).toEqual([]);
      expect(replay.reply?.body).toBe(first.reply?.body);
      const posted = { ...crashed, appComments: [{ id: 5, author: "gate[bot]", body: replay.reply?.body ?? "" }] };
      expect(decide(posted, event).reply).toBeUndefined();
    });
  });

  it("a reply already on the PR (found by its marker) is not planned again", () => {
    const event = commands("eve", "/safety frobnicate", "comment:42:created");
    const first = decide(snapshot(), event);
    expect(first.reply?.body).toContain(replyMarker("comment:42:created"));
    expect(decide(snapshot([], { appComments: [{ id: 7, author: "gate[bot]", body: first.reply?.body ?? "" }] }), event).reply).toBeUndefined();
  });

  it("an unchanged PR plans no comment and the same check: nothing to write", () => {
    const s = next(snapshot(), { kind: "evaluate" });
    const plan = decide(s, { kind: "evaluate" });
    expect(plan.comment).toBeUndefined();
    expect(plan.records).toEqual([]);
    expect(plan.labels).toEqual({ add: ["clinical-safety: sign-off required"], remove: [] });
  });

  it("a comment sign-off written before the head's last uninterrupted run began is refused (head history)", () => {
    const records = stored(
      [],
      [
        SEEN,
        {
          kind: "head",
          actor: "gate[bot]",
          at: "2026-11-23T10:00:00.000Z",
          repo: "acme/eprescribe",
          pr: 7,
          headSha: "b".repeat(40),
          configSha: null,
          data: { title: "", via: "read" },
        },
        {
          kind: "head",
          actor: "gate[bot]",
          at: "2026-11-23T11:30:00.000Z",
          repo: "acme/eprescribe",
          pr: 7,
          headSha: HEAD,
          configSha: null,
          data: { title: "", via: "event" },
        },
      ],
    );
    const s = snapshot([answer("decision-logic", "no"), answer("calculations", "no")], { records });
    const plan = decide(s, commands("cleo", "/safety sign-off cso"));
    expect(plan.facts).toEqual([]);
    expect(plan.reply?.body).toContain("was pushed after you wrote this");
  });

  it("a review's sign-off is decided against the commit it names", () => {
    const s = snapshot([answer("decision-logic", "no"), answer("calculations", "no")]);
    const plan = decide(s, {
      ...(commands("cleo", "/safety sign-off cso", "review:3") as Extract<PlanEvent, { kind: "commands" }>),
      commit: "c".repeat(40),
    });
    expect(plan.facts).toEqual([expect.objectContaining({ kind: "sign-off", headSha: "c".repeat(40) })]);
    // Given on another commit than the head, it is void at once.
    expect(plan.evaluation.signOffs.valid).toEqual([]);
  });

  it("commands while the configuration is invalid are refused with why; a recheck alone is not", () => {
    const s = snapshot([], { config: { state: "invalid", problems: [{ file: ".github/clinical-safety.yml", path: "rules", message: "bad" }] } });
    expect(decide(s, commands("cleo", "/safety sign-off")).reply?.body).toContain("cannot accept commands while its configuration is invalid");
    expect(decide(s, commands("cleo", "/safety recheck")).reply).toBeUndefined();
  });

  it("the sticky comment is planned exactly when its text would change", () => {
    const s = snapshot();
    const body = decide(s, { kind: "evaluate" }).comment?.body ?? "";
    expect(body).toContain(COMMENT_MARKER);
    // The same state renders the same text: nothing to rewrite.
    expect(decide({ ...s, sticky: { id: 5, author: "gate[bot]", body } }, { kind: "evaluate" }).comment).toBeUndefined();
    expect(decide({ ...s, sticky: { id: 5, author: "gate[bot]", body: "edited by someone" } }, { kind: "evaluate" }).comment).toEqual({
      id: 5,
      body,
    });
  });

  it("a merge: recorded once with its evidence; without a passing gate, a bypass to report; no comment or check", () => {
    const merge = {
      openedAt: "2026-11-23T09:00:00.000Z",
      mergedAt: "2026-11-23T13:00:00.000Z",
      mergedBy: "admin",
      mergeSha: "m".repeat(40),
      baseRef: "main",
    };
    const blocked = decide(snapshot(), { kind: "merged", merge });
    expect(blocked.records.filter((r) => r.kind === "merge")).toHaveLength(1);
    expect(blocked.bypass?.record.data).toMatchObject({ reason: "merged-without-passing-gate", after: "m".repeat(40) });
    expect(blocked.check).toBeUndefined();
    expect(blocked.comment).toBeUndefined();
    // Processed again: the merge is in the trail already.
    expect(decide(next(snapshot(), { kind: "merged", merge }), { kind: "merged", merge }).records.filter((r) => r.kind === "merge")).toEqual([]);

    const passed = decide(snapshot([answer("decision-logic", "no"), answer("calculations", "no"), signOff("cpm", "pat"), signOff("cso", "cleo")]), {
      kind: "merged",
      merge,
    });
    expect(passed.evaluation.state).toBe("pass");
    expect(passed.records.filter((r) => r.kind === "merge")).toHaveLength(1);
    expect(passed.bypass).toBeUndefined();
  });
});
