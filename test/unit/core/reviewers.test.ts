import { describe, expect, it } from "@jest/globals";
import { GENESIS_HASH, type AuditRecord } from "../../../src/audit/record.js";
import { decide, type Snapshot } from "../../../src/core/plan.js";
import { configuredTeams, roleContacts, teamKey, teamsToRequest, type TeamPeople } from "../../../src/core/reviewers.js";
import type { Evaluation, GateConfig } from "../../../src/core/types.js";
import { evaluation } from "../render/factory.js";
import { config, pr, ROLES } from "./factory.js";

/** The render factory's waiting PR, with the core factory's roles: cso and cpm both needed. */
function waiting(overrides: Partial<Evaluation> = {}): Evaluation {
  return evaluation({
    pr: { owner: "acme", repo: "eprescribe", number: 7, author: "dev", draft: false, title: "Dose rounding" },
    requiredRoles: [
      { role: "cso", rules: ["prescribing"] },
      { role: "cpm", rules: ["prescribing"] },
    ],
    ...overrides,
  });
}

function requestRecord(teams: unknown): AuditRecord {
  return {
    seq: 1,
    id: "r1",
    kind: "review-request",
    actor: "gate[bot]",
    at: "2026-11-23T10:00:00.000Z",
    repo: "acme/eprescribe",
    pr: 7,
    headSha: "a".repeat(40),
    configSha: null,
    data: { title: "t", teams, outcome: "requested" } as AuditRecord["data"],
    prevHash: GENESIS_HASH,
    hash: "h",
  };
}

const signed = { actor: "cleo", at: "2026-11-23T10:00:00Z", headSha: "a".repeat(40), meaning: "m", role: "cso" };

describe("teamsToRequest: the teams of the roles still needed, once, when relevant and ready", () => {
  it.each<[string, GateConfig, Evaluation, AuditRecord[], string[]]>([
    ["a relevant PR ready for review: both roles' teams, sorted", config(), waiting(), [], ["clinical-product", "clinical-safety"]],
    ["a draft: none", config(), waiting({ pr: { ...waiting().pr, draft: true } }), [], []],
    [
      "a draft, with review_requests.drafts: asked",
      config({ review_requests: { enabled: true, drafts: true } }),
      waiting({ pr: { ...waiting().pr, draft: true } }),
      [],
      ["clinical-product", "clinical-safety"],
    ],
    ["switched off: none", config({ review_requests: { enabled: false, drafts: true } }), waiting(), [], []],
    ["asked before (any case): none again", config(), waiting(), [requestRecord(["Clinical-Safety", "clinical-product"])], []],
    ["one asked before: only the other", config(), waiting(), [requestRecord(["clinical-safety"])], ["clinical-product"]],
    ["a malformed record asks nobody off the list", config(), waiting(), [requestRecord("clinical-safety")], ["clinical-product", "clinical-safety"]],
    [
      "a role already signed: its team is not asked",
      config(),
      waiting({
        requiredRoles: [
          { role: "cso", rules: ["prescribing"], signedBy: signed },
          { role: "cpm", rules: ["prescribing"] },
        ],
      }),
      [],
      ["clinical-product"],
    ],
    ["passed: none", config(), waiting({ state: "pass", blockers: [] }), [], []],
    ["not relevant: none", config(), waiting({ state: "not-relevant", classification: undefined }), [], []],
    ["cannot evaluate: none", config(), waiting({ state: "error" }), [], []],
    [
      "a team of another organisation cannot be asked on this repository; one named acme/… can",
      config({ roles: { cso: { teams: ["other-org/safety", "ACME/clinical-safety"], users: [] }, cpm: { teams: [], users: ["pat"] } } }),
      waiting(),
      [],
      ["clinical-safety"],
    ],
  ])("%s", (_name, cfg, e, records, teams) => {
    expect(teamsToRequest(cfg, e, records)).toEqual(teams);
  });
});

describe("roleContacts: whom to ask for each sign-off still needed", () => {
  const people = (logins: string[], more = false): TeamPeople => ({ logins, more });

  it("names each team as org/slug with its people (sorted, the author left out), and the role's users", () => {
    const listed = new Map([
      ["acme/clinical-safety", people(["dual", "Cleo", "dev"])],
      ["acme/clinical-product", people(["pat"], true)],
    ]);
    expect(roleContacts(config(), waiting(), listed)).toEqual({
      cso: { teams: [{ name: "acme/clinical-safety", people: ["Cleo", "dual"] }], users: [] },
      cpm: { teams: [{ name: "acme/clinical-product", people: ["pat"], more: true }], users: ["pat"] },
    });
  });

  it("the author is named when the configuration lets them sign", () => {
    const cfg = config({ sign_off: { dismiss_on_push: true, author_may_sign: true, distinct_signers: true } });
    const contacts = roleContacts(cfg, waiting(), new Map([["acme/clinical-safety", people(["dev"])]]));
    expect(contacts.cso?.teams[0]?.people).toEqual(["dev"]);
  });

  it("shows five people and counts the rest; a team whose people are unknown is named alone; a signed role is left out", () => {
    const many = people(["a", "b", "c", "d", "e", "f", "g"]);
    const e = waiting({
      requiredRoles: [
        { role: "cso", rules: [] },
        { role: "cpm", rules: [], signedBy: { ...signed, role: "cpm" } },
      ],
    });
    expect(roleContacts(config(), e, new Map([["acme/clinical-safety", many]]))).toEqual({
      cso: { teams: [{ name: "acme/clinical-safety", people: ["a", "b", "c", "d", "e"], more: 2 }], users: [] },
    });
    expect(roleContacts(config(), e, undefined)).toEqual({ cso: { teams: [{ name: "acme/clinical-safety" }], users: [] } });
  });

  it("keys teams as org/slug in lower case; the configuration's teams are listed once each", () => {
    expect(teamKey("Clinical-Safety", "Acme")).toBe("acme/clinical-safety");
    expect(teamKey("other/Team", "acme")).toBe("other/team");
    const cfg = config({ roles: { cso: { teams: ["a", "acme/a", "x/b"], users: [] }, cpm: { teams: ["a"], users: [] } } });
    expect(configuredTeams(cfg, "acme")).toEqual(["acme/a", "x/b"]);
  });
});

describe("decide: a review request in the plan, never twice", () => {
  function snapshot(extra: Partial<Snapshot> = {}): Snapshot {
    return {
      pr: pr({ draft: false }),
      config: { state: "ok", config: config(), sha: "c0ffee" },
      hazardLog: { state: "ok", path: "docs/safety/hazard-log.yml", hazards: [] },
      texts: [],
      appComments: [],
      records: [],
      facts: [],
      roles: new Map(Object.entries(ROLES)),
      botLogin: "gate[bot]",
      now: "2026-11-23T12:00:00.000Z",
      defaultCheckName: "Clinical safety",
      ...extra,
    };
  }

  it("a relevant PR ready for review: the teams, and the record to append once GitHub answered", () => {
    expect(decide(snapshot(), { kind: "evaluate" }).reviewRequest).toEqual({
      teams: ["clinical-product", "clinical-safety"],
      record: {
        actor: "gate[bot]",
        at: "2026-11-23T12:00:00.000Z",
        repo: "acme/eprescribe",
        pr: 7,
        headSha: "a".repeat(40),
        configSha: "c0ffee",
        data: { title: "Dose rounding", teams: ["clinical-product", "clinical-safety"] },
      },
    });
  });

  it.each<[string, Partial<Snapshot>]>([
    ["a draft", { pr: pr({ draft: true }) }],
    ["asked before", { records: [requestRecord(["clinical-product", "clinical-safety"])] }],
    ["a PR into a branch the gate does not protect", { pr: pr({ draft: false, baseRef: "release/1" }), defaultBranch: "main" }],
    ["an invalid configuration", { config: { state: "invalid", problems: [] } }],
  ])("%s: none", (_name, extra) => {
    expect(decide(snapshot(extra), { kind: "evaluate" }).reviewRequest).toBeUndefined();
  });

  it("a merge: none", () => {
    const merge = {
      openedAt: "2026-11-23T09:00:00.000Z",
      mergedAt: "2026-11-23T13:00:00.000Z",
      mergedBy: "a",
      mergeSha: "m".repeat(40),
      baseRef: "main",
    };
    expect(decide(snapshot(), { kind: "merged", merge }).reviewRequest).toBeUndefined();
  });

  it("the comment names the teams' people the reader found, and the same people give the same comment", () => {
    const teamPeople = new Map([["acme/clinical-safety", { logins: ["cleo", "dual"], more: false }]]);
    const body = decide(snapshot({ teamPeople }), { kind: "evaluate" }).comment?.body ?? "";
    expect(body).toContain("Ask team @\u200bacme/clinical-safety (@\u200bcleo, @\u200bdual).");
    expect(body).toContain("Ask team @\u200bacme/clinical-product or @\u200bpat.");
    const sticky = { id: 1, author: "gate[bot]", body };
    expect(decide(snapshot({ teamPeople, sticky }), { kind: "evaluate" }).comment).toBeUndefined();
  });
});
