import { describe, expect, it } from "@jest/globals";
import { factsOf } from "../../../src/audit/facts-from-records.js";
import { GENESIS_HASH, type AuditInput, type AuditRecord } from "../../../src/audit/record.js";
import { parseCommands } from "../../../src/core/commands.js";
import { decide, decideSignature, type PlanEvent, type SignatureEvent, type Snapshot } from "../../../src/core/plan.js";
import { normaliseRationale, requiresReauthentication, signingPath, staleSignIn } from "../../../src/core/strong-signing.js";
import type { Fact, GateConfig } from "../../../src/core/types.js";
import { answer, config, HEAD, OLD, pr, ROLES } from "./factory.js";

/**
 * Strong signing in the pure core: which roles sign on the audit page, when a sign-in is fresh enough, what
 * `/safety sign-off` answers for such a role (a link, nothing recorded), and how a signature from the page is
 * decided — by the very rules of the command, on the commit the page showed.
 */

const MINUTE = 60_000;
const STRONG: GateConfig["sign_off"] = {
  dismiss_on_push: true,
  author_may_sign: false,
  distinct_signers: true,
  reauthenticate: ["cso"],
  sign_in_max_age_minutes: 5,
};
const complete = [answer("decision-logic", "no"), answer("calculations", "no")];

describe("requiresReauthentication", () => {
  it.each<[string, GateConfig["sign_off"]["reauthenticate"], string, boolean]>([
    ["a listed role", ["cso"], "cso", true],
    ["a role not listed", ["cso"], "cpm", false],
    ["every role with true", true, "cpm", true],
    ["none with false", false, "cso", false],
    ["none when absent", undefined, "cso", false],
  ])("%s", (_name, reauthenticate, role, expected) => {
    const c = config({ sign_off: { ...STRONG, ...(reauthenticate === undefined ? { reauthenticate: undefined } : { reauthenticate }) } });
    expect(requiresReauthentication(c, role)).toBe(expected);
  });
});

describe("staleSignIn: a signature needs a recent GitHub sign-in", () => {
  const at = Date.parse("2026-11-23T12:00:00Z");
  it.each<[string, number | undefined, string | undefined]>([
    ["just signed in", at - 10_000, undefined],
    ["exactly at the limit", at - 5 * MINUTE, undefined],
    ["a minute too old", at - 6 * MINUTE, "you signed in with GitHub 6 minutes ago; signing needs a GitHub sign-in within the last 5 minutes"],
    [
      "a session from before sign-in times were kept",
      undefined,
      "your GitHub sign-in time is unknown; signing needs a GitHub sign-in within the last 5 minutes",
    ],
    ["a sign-in dated after the signature", at + MINUTE, "your GitHub sign-in time cannot be trusted; sign in again"],
  ])("%s", (_name, signedInAt, expected) => {
    expect(staleSignIn(signedInAt, at, 5 * MINUTE)).toBe(expected);
  });

  it("takes ISO times as well as epoch milliseconds", () => {
    expect(staleSignIn("2026-11-23T11:50:00Z", "2026-11-23T12:00:00Z", 5 * MINUTE)).toMatch(/10 minutes ago/);
  });
});

describe("signingPath and normaliseRationale", () => {
  it("names the PR and the role", () => {
    expect(signingPath("acme", "eprescribe", 7, "cso")).toBe("/audit/acme/eprescribe/pull/7/sign?role=cso");
  });
  it.each<[string | null, string | undefined]>([
    [null, undefined],
    ["   \n ", undefined],
    ["  Reviewed the dose table.\r\nTests pass. ", "Reviewed the dose table.\nTests pass."],
  ])("keeps %j as %j", (text, expected) => {
    expect(normaliseRationale(text)).toBe(expected);
  });
});

/** A snapshot with no I/O behind it; the gate saw the head at 09:00. */
function snapshot(facts: Fact[] = [], extra: Partial<Snapshot> = {}): Snapshot {
  const seen: AuditInput = {
    kind: "head",
    actor: "gate[bot]",
    at: "2026-11-23T09:00:00.000Z",
    repo: "acme/eprescribe",
    pr: 7,
    headSha: HEAD,
    configSha: null,
    data: { title: "", via: "event" },
  };
  return {
    pr: pr(),
    config: { state: "ok", config: config({ sign_off: STRONG, people: { cleo: "Dr Cleo Smith" } }), sha: "c0ffee" },
    hazardLog: { state: "ok", path: "docs/safety/hazard-log.yml", hazards: [] },
    texts: [],
    appComments: [],
    records: stored([], [seen]),
    facts,
    roles: new Map(Object.entries(ROLES)),
    botLogin: "gate[bot]",
    now: "2026-11-23T12:00:00.000Z",
    defaultCheckName: "Clinical safety",
    auditUrl: "https://gate.example.org/audit/acme/eprescribe/pull/7",
    ...extra,
  };
}

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

const signature = (overrides: Partial<SignatureEvent> = {}): SignatureEvent => ({
  kind: "signature",
  actor: "cleo",
  at: "2026-11-23T12:00:00.000Z",
  role: "cso",
  headSha: HEAD,
  signedInAt: "2026-11-23T11:58:00.000Z",
  rationale: "Checked the rounding against the BNFc table",
  source: "audit-page:5d0c3e86-1c1f-4a53-9f0e-0c2f1b0e7a11",
  ...overrides,
});

describe("/safety sign-off for a role that signs on the audit page", () => {
  const command: PlanEvent = {
    kind: "commands",
    actor: "cleo",
    at: "2026-11-23T11:00:00.000Z",
    commands: parseCommands("/safety sign-off cso"),
    source: "comment:41:created",
  };

  it("records nothing and replies with a link to the signing page, naming the commit and the meaning", () => {
    const plan = decide(snapshot(complete), command);
    expect(plan.facts).toEqual([]);
    expect(plan.records.filter((r) => r.kind === "sign-off")).toEqual([]);
    expect(plan.reply?.body).toContain(
      "[Sign role `cso` (“clinical safety approval as CSO”) on commit `" +
        HEAD +
        "` on the audit page](https://gate.example.org/audit/acme/eprescribe/pull/7/sign?role=cso)",
    );
    expect(plan.reply?.body).toContain("nothing was recorded yet");
  });

  it("is refused as the command would be when the person could not sign anyway (not a member)", () => {
    const plan = decide(snapshot(complete), { ...command, actor: "eve" });
    expect(plan.reply?.body).toContain("was refused: you are not a member of cso (team clinical-safety)");
    expect(plan.reply?.body).not.toContain("/sign?role=");
  });

  it("still signs by command for a role that does not need reauthentication", () => {
    const plan = decide(snapshot(complete), { ...command, actor: "pat", commands: parseCommands("/safety sign-off cpm") });
    expect(plan.facts).toEqual([expect.objectContaining({ kind: "sign-off", role: "cpm", actor: "pat" })]);
    expect(plan.records.find((r) => r.kind === "sign-off")?.data).toMatchObject({ role: "cpm", method: "comment" });
  });

  it("escapes a configured meaning in the reply (the configuration is text from outside)", () => {
    const s = snapshot(complete);
    const cfg = config({
      sign_off: STRONG,
      roles: {
        cso: { teams: ["clinical-safety"], users: [], meaning: "<img src=x onerror=alert(1)> [ok](javascript:x)" },
        cpm: { teams: [], users: ["pat"] },
      },
    });
    const body = decide({ ...s, config: { state: "ok", config: cfg, sha: "c0ffee" } }, command).reply?.body ?? "";
    expect(body).toContain("/sign?role=cso");
    expect(body).not.toContain("<img");
    expect(body).not.toContain("[ok](javascript:x)");
  });

  it("says there is no page to go to when the audit pages have no address", () => {
    const s = snapshot(complete);
    delete s.auditUrl;
    expect(decide(s, command).reply?.body).toContain("the audit pages have no address (PUBLIC_URL is not set)");
  });
});

describe("a signature from the audit page, decided by the command's rules", () => {
  it("is recorded as a sign-off made on the audit page, with the sign-in time, the rationale and the name", () => {
    const plan = decide(snapshot(complete), signature());
    const record = plan.records.find((r) => r.kind === "sign-off");
    expect(record).toMatchObject({ actor: "cleo", headSha: HEAD, at: "2026-11-23T12:00:00.000Z" });
    expect(record?.data).toEqual({
      title: "Dose rounding",
      role: "cso",
      meaning: "clinical safety approval as CSO",
      name: "Dr Cleo Smith",
      method: "audit-page",
      signedInAt: "2026-11-23T11:58:00.000Z",
      rationale: "Checked the rounding against the BNFc table",
      source: "audit-page:5d0c3e86-1c1f-4a53-9f0e-0c2f1b0e7a11#0",
    });
    expect(plan.reply?.body).toContain("Signed on the audit page after a fresh GitHub sign-in at 2026-11-23 11:58 UTC.");
  });

  it("is applied once: the same submission again adds nothing and replies nothing more", () => {
    const first = decide(snapshot(complete), signature());
    const records = stored(snapshot().records, first.records);
    const again = snapshot(factsOf(records), { records, appComments: [{ id: 5, author: "gate[bot]", body: first.reply?.body ?? "" }] });
    const plan = decide(again, signature());
    expect([plan.facts, plan.records.filter((r) => r.kind === "sign-off"), plan.reply]).toEqual([[], [], undefined]);
  });

  it.each<[string, Partial<SignatureEvent>, Fact[], Partial<Snapshot>, string]>([
    [
      "the head moved since the page was shown",
      { headSha: OLD },
      complete,
      {},
      "the pull request's head moved from `bbbbbbb` (the commit you were shown) to `aaaaaaa`",
    ],
    ["a sign-in older than the configured age", { signedInAt: "2026-11-23T11:50:00.000Z" }, complete, {}, "you signed in with GitHub 10 minutes ago"],
    ["a non-member", { actor: "eve" }, complete, {}, "you are not a member of cso (team clinical-safety)"],
    ["the author", { actor: "dev" }, complete, {}, "you opened this pull request"],
    ["an incomplete checklist", {}, [answer("decision-logic", "no")], {}, "the checklist is not complete; answer `calculations` first"],
    [
      "a second role for the same person",
      { actor: "dual", role: "cpm" },
      [...complete, { kind: "sign-off", role: "cso", actor: "dual", at: "2026-11-23T10:30:00.000Z", headSha: HEAD }],
      {},
      "you already signed off as cso; `sign_off.distinct_signers` needs a different person for cpm",
    ],
    [
      "a configuration that is invalid",
      {},
      complete,
      { config: { state: "invalid", problems: [] } },
      "the clinical safety gate's configuration is invalid",
    ],
  ])("is refused, recording nothing, for %s", (_name, event, facts, extra, why) => {
    const s = snapshot(facts, extra);
    const decision = decideSignature(s, signature(event));
    expect(decision).toEqual({ refuse: expect.stringContaining(why) });
    const plan = decide(s, signature(event));
    expect(plan.records.filter((r) => r.kind === "sign-off")).toEqual([]);
    expect(plan.refusals).toEqual([expect.stringContaining(why)]);
    expect(plan.reply?.body).toContain("Your signature as `" + (event.role ?? "cso") + "` on the audit page was refused");
  });
});
