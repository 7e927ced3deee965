import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { CONFIG_YML, HAZARD_LOG_YML, PrDriver, startHarness, type Harness } from "./harness.js";

describe("Step 6 — Sign off: recorded for a role on the head SHA; refusals say why", () => {
  let h: Harness;
  let pr: PrDriver;
  beforeEach(async () => {
    h = await startHarness();
    pr = await PrDriver.open(h);
  });
  afterEach(async () => {
    await h.close();
  });

  const lastReply = () => pr.replies().at(-1)?.body ?? "";

  it("records who, role, SHA, time and meaning", async () => {
    await pr.answerAll();
    await pr.comment("cleo", "/safety sign-off cso");
    const head = h.gh.requirePull(pr.ref).headSha;
    expect(pr.sticky().body).toMatch(
      new RegExp(
        `\\| \`cso\` \\|[^\\n]*signed[^\\n]*@\u200bcleo \\| \`${head.slice(0, 7)}\` \\| 2026-11-23 [0-9:]+ UTC \\| clinical safety approval as CSO \\|`,
      ),
    );
    expect(pr.check().output.title).toBe("Waiting for sign-off: cpm");
    // The sign-off is answered: what was signed, what still blocks.
    expect(pr.replies()).toHaveLength(1);
    expect(lastReply()).toContain(`commit \`${head}\`, role \`cso\`, meaning “clinical safety approval as CSO”, at 2026-11-23 09:03 UTC`);
    expect(lastReply()).toContain("Still blocking the gate (Waiting for sign-off: cpm)");
  });

  it("answers an accepted sign-off with the signer's printed name from the GitHub profile, recorded with it", async () => {
    h.gh.setUserName("pat", "Pat <i>Jones</i>");
    await pr.answerAll();
    await pr.comment("cleo", "/safety sign-off cso");
    await pr.comment("pat", "/safety sign-off cpm");
    const head = h.gh.requirePull(pr.ref).headSha;
    expect(lastReply()).toContain("@pat — your sign-off is recorded");
    expect(lastReply()).toContain(`commit \`${head}\`, role \`cpm\`, meaning “clinical impact approval as CPM”`);
    expect(lastReply()).toContain("by Pat &lt;i&gt;Jones&lt;/i&gt; (@\u200bpat)");
    expect(lastReply()).toContain("Nothing else blocks the gate");
    const signOff = h.audit.records.find((r) => r.kind === "sign-off" && r.actor === "pat");
    expect(signOff?.data).toMatchObject({ role: "cpm", meaning: "clinical impact approval as CPM", name: "Pat <i>Jones</i>" });
    // The profile is read once per sign-off, not on every event.
    const profileReads = h.gh.requests.filter((r) => r.method === "GET" && /^\/users\/[^/]+$/.test(r.path));
    expect(profileReads.map((r) => r.path)).toEqual(["/users/cleo", "/users/pat"]);
  });

  it("a redelivered sign-off posts no second reply and records nothing twice", async () => {
    await pr.answerAll();
    const id = await pr.comment("cleo", "/safety sign-off cso");
    const { issueCommentEvent } = await import("../simulator/payloads.js");
    await h.probot.receive(issueCommentEvent(h.gh, "created", { ...pr.ref, commentId: id, sender: "cleo" }));
    expect(pr.replies()).toHaveLength(1);
    expect(h.audit.records.filter((r) => r.kind === "sign-off")).toHaveLength(1);
  });

  it.each([
    ["the PR author", "dev", "/safety sign-off cso", "you opened this pull request"],
    ["a non-member", "eve", "/safety sign-off", "you hold none of the roles this PR needs"],
    ["a member of another role", "pat", "/safety sign-off cso", "you are not a member of cso"],
  ])("refuses %s, replying why", async (_who, user, command, reason) => {
    await pr.answerAll();
    await pr.comment(user, command);
    expect(lastReply()).toContain(`@${user}`);
    expect(lastReply()).toContain(reason);
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso, cpm");
  });

  it("refuses a second role for the same person (distinct signers)", async () => {
    await pr.answerAll();
    await pr.comment("dual", "/safety sign-off cso");
    await pr.comment("dual", "/safety sign-off cpm");
    expect(lastReply()).toContain("distinct_signers");
    expect(pr.check().output.title).toBe("Waiting for sign-off: cpm");
  });

  it("refuses a sign-off while the checklist is incomplete", async () => {
    await pr.tick("dev", "decision-logic", "No");
    await pr.comment("cleo", "/safety sign-off cso");
    expect(lastReply()).toContain("the checklist is not complete; answer `calculations` first");
  });

  it("accepts a sign-off in a review body, on the commit the review names", async () => {
    await pr.answerAll();
    await pr.review("cleo", "Looks safe.\n\n/safety sign-off cso");
    expect(pr.check().output.title).toBe("Waiting for sign-off: cpm");
  });

  it("an objection by a role member blocks until withdrawn", async () => {
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    expect(pr.check().conclusion).toBe("success");
    await pr.comment("cleo", "/safety object rounding to 0.1 mL is wrong for <1 kg neonates");
    expect(pr.check().conclusion).toBe("action_required");
    expect(pr.check().output.title).toMatch(/Objection by @?cleo/);
    expect(pr.sticky().body).toContain("rounding to 0.1 mL is wrong for &lt;1 kg neonates");
    await pr.comment("cleo", "/safety withdraw-objection");
    expect(pr.check().conclusion).toBe("success");
  });

  it("refuses an objection from someone without a role", async () => {
    await pr.comment("eve", "/safety object I don't like it");
    expect(lastReply()).toContain("only members of a clinical safety role");
    expect(pr.check().output.title).not.toMatch(/Objection/);
  });

  it("/safety revoke withdraws the signer's own sign-off", async () => {
    await pr.answerAll();
    await pr.comment("cleo", "/safety sign-off cso");
    await pr.comment("cleo", "/safety revoke");
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso, cpm");
    expect(pr.sticky().body).toMatch(/revoked/);
  });

  it("a sign-off stops counting when its signer leaves the team (membership is checked live)", async () => {
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    expect(pr.check().conclusion).toBe("success");
    h.gh.removeTeamMember("acme", "clinical-safety", "cleo");
    await pr.comment("eve", "/safety recheck");
    expect(pr.check().conclusion).toBe("action_required");
    expect(pr.sticky().body).toContain("no longer a member of cso");
  });

  it("an unknown command gets a reply listing the commands", async () => {
    await pr.comment("cleo", "/safety approve");
    expect(lastReply()).toContain("unknown command `approve`");
    expect(lastReply()).toContain("/safety sign-off [role]");
  });
});

describe("Step 6 — Sign off: a role's meaning and a person's printed name from the configuration", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it("records and replies with the configured meaning and name, without reading the profile", async () => {
    const config = CONFIG_YML.replace(
      "  cso: { teams: [clinical-safety], users: [] }",
      '  cso: { teams: [clinical-safety], users: [], meaning: "approval of the clinical safety assessment as CSO" }',
    ).replace(/^rules:/m, 'people:\n  cleo: "Dr Cleo Smith"\nrules:');
    expect(config).toContain("people:");
    h = await startHarness({ files: { ".github/clinical-safety.yml": config, "docs/safety/hazard-log.yml": HAZARD_LOG_YML } });
    h.gh.setUserName("cleo", "cleo from the profile");
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("cleo", "/safety sign-off cso");
    const reply = pr.replies().at(-1)?.body ?? "";
    expect(reply).toContain("meaning “approval of the clinical safety assessment as CSO”");
    expect(reply).toContain("by Dr Cleo Smith (@\u200bcleo)");
    expect(h.audit.records.find((r) => r.kind === "sign-off")?.data).toMatchObject({
      meaning: "approval of the clinical safety assessment as CSO",
      name: "Dr Cleo Smith",
    });
    expect(pr.sticky().body).toContain("approval of the clinical safety assessment as CSO");
    expect(h.gh.requests.some((r) => r.path.startsWith("/users/"))).toBe(false);
  });
});
