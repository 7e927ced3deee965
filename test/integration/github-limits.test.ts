import { afterEach, describe, expect, it } from "@jest/globals";
import { pullRequestEvent } from "../simulator/payloads.js";
import { CONFIG_YML, HAZARD_LOG_YML, OWNER, PrDriver, REPO, startHarness, type Harness } from "./harness.js";

/**
 * GitHub's real limits, which the simulator enforces as GitHub does: a check run's summary and text of at
 * most 65,535 bytes, annotations that append on every update, comments of at most 65,536 characters.
 */

/** Mostly three-byte characters: a table of 50 of these is ~30,000 characters but ~75,000 bytes. */
const LONG_TITLE = `Überdosierung – Kinderdosis – ${"小児への過量投与：体重換算の誤りで用量が十倍になる。".repeat(30)}`;

/** A valid hazard log of `count` open hazards (HAZ-100 on) with long non-ASCII titles. */
function hazardLog(count: number): string {
  const entries = Array.from(
    { length: count },
    (_, i) => `  - id: HAZ-${100 + i}
    title: ${JSON.stringify(`${i} ${LONG_TITLE}`)}
    initial: { severity: major, likelihood: medium }
    residual: { severity: major, likelihood: low }
    status: open
    owner: dr-cso
    raised: 2026-11-23
`,
  );
  return `hazards:\n${entries.join("")}`;
}

describe("GitHub's limits: a check run's text is counted in bytes", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it("a PR linked to 60 hazards with long non-ASCII titles gets its check run (not a 422)", async () => {
    h = await startHarness({ files: { ".github/clinical-safety.yml": CONFIG_YML, "docs/safety/hazard-log.yml": hazardLog(60) } });
    const ids = Array.from({ length: 60 }, (_, i) => `HAZ-${100 + i}`);
    const pr = await PrDriver.open(h, { body: `Links ${ids.join(", ")}.` });
    const check = pr.check();
    expect(check.conclusion).toBe("action_required");
    expect(check.output.title).not.toMatch(/error/i);
    const text = check.output.text ?? "";
    expect(Buffer.byteLength(text, "utf8")).toBeLessThanOrEqual(65_535);
    expect(Buffer.byteLength(check.output.summary ?? "", "utf8")).toBeLessThanOrEqual(65_535);
    expect(text).toContain("Überdosierung – Kinderdosis");
    expect(text).toMatch(/…and \d+ more hazards/);
    // A comment is counted in characters, so it still lists the first 50 in full.
    expect(pr.sticky().body.length).toBeLessThanOrEqual(65_536);
    expect(pr.sticky().body).toContain("`HAZ-149`");
  });
});

describe("GitHub's limits: annotations append on every update, so they are sent once per check run", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it("a PR with an invalid hazard log, evaluated four times, shows each problem once", async () => {
    h = await startHarness();
    const log = "docs/safety/hazard-log.yml";
    // Two problems on two lines: HAZ-003's status and HAZ-005's owner.
    const lines = HAZARD_LOG_YML.split("\n");
    const after = (id: string, key: string) =>
      lines.findIndex((l, i) => i > lines.findIndex((x) => x.includes(`id: ${id}`)) && l.trim().startsWith(`${key}:`));
    lines[after("HAZ-003", "status")] = lines[after("HAZ-003", "status")]!.replace(/status: \w+/, "status: pending");
    lines[after("HAZ-005", "owner")] = lines[after("HAZ-005", "owner")]!.replace(/owner: .*/, 'owner: " "');
    const opened = h.gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "Update the hazard log",
      author: "dev",
      files: [{ filename: log, content: lines.join("\n") }],
    });
    const pr = new PrDriver(h, opened.number);
    await h.probot.receive(pullRequestEvent(h.gh, "opened", { ...pr.ref, sender: "dev" }));
    const first = pr.check().output.annotations.map((a) => ({ ...a }));
    expect(first.map((a) => a.start_line)).toEqual([after("HAZ-003", "status") + 1, after("HAZ-005", "owner") + 1]);

    h.gh.clearRequests();
    await pr.editBody("Fixes the hazard log.");
    await h.probot.receive(pullRequestEvent(h.gh, "labeled", { ...pr.ref, sender: "dev", label: "clinical-impact" }));
    await pr.comment("dev", "/safety recheck");
    // Each of the three was an evaluation whose check did not change, so none was sent again (an update
    // that does change the run sends no annotation either: test/unit/github/publish-check-run.test.ts)…
    expect(h.gh.requestsMatching("PATCH", /\/check-runs\/\d+$/)).toHaveLength(0);
    expect(h.gh.requestsMatching("POST", /\/check-runs$/)).toHaveLength(0);
    // …and the run still has each annotation exactly once.
    const check = pr.check();
    expect(check.conclusion).toBe("failure");
    expect(check.output.annotations).toEqual(first);
  });
});

describe("GitHub's limits: a reply to thousands of refused commands stays one comment GitHub accepts", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it("2,000 bogus commands in one comment get one reply listing ten and counting the rest; the check is unchanged", async () => {
    h = await startHarness();
    const pr = await PrDriver.open(h);
    const before = pr.check();
    const was = { conclusion: before.conclusion, output: { ...before.output } };
    const body = Array.from({ length: 2000 }, () => "/safety answer x yes").join("\n");
    expect(body.length).toBeLessThanOrEqual(65_536); // anyone can write this comment on a public repository
    await pr.comment("eve", body);
    const replies = pr.replies();
    expect(replies).toHaveLength(1);
    const reply = replies[0]!.body;
    expect(reply.length).toBeLessThan(65_536);
    const listed = reply
      .split("\n")
      .filter((l) => l.startsWith("- `/safety answer x yes` was refused: `x` is not a question of this PR's checklist"));
    expect(listed).toHaveLength(10);
    expect(reply).toMatch(/^@eve\n/);
    expect(reply).toContain("…and 1990 more refused commands");
    const after = pr.check();
    expect(after.id).toBe(before.id);
    expect({ conclusion: after.conclusion, output: after.output }).toEqual(was);
  });
});
