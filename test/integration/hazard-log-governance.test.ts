import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { CONFIG_YML, HAZARD_LOG_YML, OWNER, PrDriver, REPO, startHarness, type Harness } from "./harness.js";
import { pullRequestEvent } from "../simulator/payloads.js";

const LOG = "docs/safety/hazard-log.yml";

/** Opens a PR whose only change is the hazard log, replaced by `text`. */
async function changeLog(h: Harness, text: string): Promise<PrDriver> {
  const pr = h.gh.openPullRequest({
    owner: OWNER,
    repo: REPO,
    title: "Update the hazard log",
    author: "dev",
    files: [{ filename: LOG, content: text }],
  });
  const driver = new PrDriver(h, pr.number);
  await h.probot.receive(pullRequestEvent(h.gh, "opened", { ...driver.ref, sender: "dev" }));
  return driver;
}

describe("Hazard-log governance: a PR changing the log is linted, diffed, needs the CSO, may not delete", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("needs the CSO and shows what changed: re-scored, closed, fields", async () => {
    const edited = HAZARD_LOG_YML.replace(/(id: HAZ-004[\s\S]*?residual: \{ severity: considerable, likelihood: )medium/, "$1low");
    expect(edited).not.toBe(HAZARD_LOG_YML);
    const pr = await changeLog(h, edited);
    const body = pr.sticky().body;
    expect(body).toContain("### Hazard log changes");
    expect(body).toMatch(/\*\*Re-scored\*\* `HAZ-004`: residual 3 — undesirable → 2 — /);
    expect(body).toMatch(/\*\*Changed\*\* `HAZ-004`: `residual`/);
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso");
    await pr.comment("pat", "/safety sign-off");
    expect(pr.replies().at(-1)?.body).toContain("you hold none of the roles this PR needs: cso");
    await pr.comment("cleo", "/safety sign-off");
    expect(pr.check().conclusion).toBe("success");
  });

  it("a deleted hazard blocks, with how to retire it instead", async () => {
    // HAZ-009 is referenced by no other hazard, so the log stays valid without it.
    const withoutHaz009 =
      HAZARD_LOG_YML.slice(0, HAZARD_LOG_YML.indexOf("  - id: HAZ-009")) + HAZARD_LOG_YML.slice(HAZARD_LOG_YML.indexOf("  - id: HAZ-010"));
    const pr = await changeLog(h, withoutHaz009);
    await pr.comment("cleo", "/safety sign-off cso");
    expect(pr.check().conclusion).toBe("action_required");
    expect(pr.check().output.title).toMatch(/^Hazard deleted from the log: HAZ-009/);
    expect(pr.sticky().body).toMatch(/\*\*Deleted\*\* `HAZ-009`/);
    expect(pr.sticky().body).toContain("`status: closed`");
  });

  it.each([
    ["deleting the whole log", { filename: LOG, status: "removed" as const }],
    [
      "moving the log away from the configured path",
      { filename: "docs/old-log.yml", status: "renamed" as const, previous_filename: LOG, content: HAZARD_LOG_YML },
    ],
  ])("%s deletes every hazard, and blocks", async (_name, file) => {
    const pr = h.gh.openPullRequest({ owner: OWNER, repo: REPO, title: "Drop the log", author: "dev", files: [file] });
    const driver = new PrDriver(h, pr.number);
    await h.probot.receive(pullRequestEvent(h.gh, "opened", { ...driver.ref, sender: "dev" }));
    await driver.comment("cleo", "/safety sign-off cso");
    expect(driver.check().conclusion).toBe("action_required");
    expect(driver.check().output.title).toMatch(/^Hazard deleted from the log: HAZ-001, HAZ-002/);
  });

  it("an invalid log at the head fails, with annotations on the right lines", async () => {
    const lines = HAZARD_LOG_YML.split("\n");
    const statusLine = lines.findIndex((l, i) => i > lines.findIndex((x) => x.includes("id: HAZ-003")) && l.trim().startsWith("status:"));
    lines[statusLine] = lines[statusLine]!.replace(/status: \w+/, "status: pending");
    const pr = await changeLog(h, lines.join("\n"));
    const check = pr.check();
    expect(check.conclusion).toBe("failure");
    const annotations = check.output.annotations;
    expect(annotations.length).toBeGreaterThan(0);
    expect(annotations[0]).toMatchObject({ path: LOG, start_line: statusLine + 1, end_line: statusLine + 1, annotation_level: "failure" });
    expect(annotations[0]?.message).toMatch(/HAZ-003.*pending|pending.*HAZ-003|status/);
  });

  it("hole: one glob froze the whole app — a hostile code glob from the PR's branch fails the check at once, on its line", async () => {
    // picomatch took 89 s on this glob against a 41-character path, holding the event loop for every repository.
    const hostile = "@(*|*)@(*|*)@(*|*)@(*|*)@(*|*)@(*|*)@(*|*)x";
    const added = `${HAZARD_LOG_YML.trimEnd()}
  - id: HAZ-011
    title: Rounded dose below the syringe's resolution
    initial: { severity: major, likelihood: medium }
    residual: { severity: major, likelihood: low }
    status: open
    owner: dr-cso
    raised: 2026-11-23
    code: ["${hostile}", "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"]
`;
    const pr = h.gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "Log a hazard",
      author: "dev",
      files: [
        { filename: LOG, content: added },
        { filename: `src/prescribing/${"a".repeat(60)}`, content: "x" },
      ],
    });
    const driver = new PrDriver(h, pr.number);
    await h.probot.receive(pullRequestEvent(h.gh, "opened", { ...driver.ref, sender: "dev" }));
    const check = driver.check();
    expect(check.conclusion).toBe("failure");
    const codeLine = added.split("\n").findIndex((l) => l.includes(hostile)) + 1;
    expect(check.output.annotations).toEqual([
      expect.objectContaining({ path: LOG, start_line: codeLine, message: expect.stringContaining("HAZ-011 code[0] must be a supported glob") }),
    ]);
  });

  it("adding a hazard and linking it in the same PR works (the log is read at the head)", async () => {
    const added = `${HAZARD_LOG_YML.trimEnd()}
  - id: HAZ-011
    title: Rounded dose below the syringe's resolution
    initial: { severity: major, likelihood: medium }
    residual: { severity: major, likelihood: low }
    status: open
    owner: dr-cso
    raised: 2026-11-23
`;
    const pr = h.gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "Round doses",
      author: "dev",
      body: "Adds and addresses HAZ-011",
      files: [
        { filename: LOG, content: added },
        { filename: "src/prescribing/dose/round.ts", content: "x" },
      ],
    });
    const driver = new PrDriver(h, pr.number);
    await h.probot.receive(pullRequestEvent(h.gh, "opened", { ...driver.ref, sender: "dev" }));
    const body = driver.sticky().body;
    expect(body).toMatch(/\| `HAZ-011` \| Rounded dose below the syringe's resolution \| open \| 3 — undesirable → 3 — undesirable \|/);
    expect(body).toMatch(/\*\*Added\*\* `HAZ-011`/);
    expect(body).toMatch(/`cso`.*waiting/);
  });

  it("a PR changing the gate's own config needs the CSO, and is judged by the default branch's config", async () => {
    const pr = h.gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "Loosen the gate",
      author: "dev",
      files: [{ filename: ".github/clinical-safety.yml", content: CONFIG_YML.replace("requires: [cso, cpm]", "requires: [cpm]") }],
    });
    const driver = new PrDriver(h, pr.number);
    await h.probot.receive(pullRequestEvent(h.gh, "opened", { ...driver.ref, sender: "dev" }));
    expect(driver.check().output.title).toBe("Waiting for sign-off: cso");
    expect(driver.sticky().body).toMatch(/gate's configuration|governance/i);
  });
});
