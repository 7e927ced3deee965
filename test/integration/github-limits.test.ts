import { afterEach, describe, expect, it } from "@jest/globals";
import { CONFIG_YML, PrDriver, startHarness, type Harness } from "./harness.js";

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
