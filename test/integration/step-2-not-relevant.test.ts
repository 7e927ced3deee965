import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { PrDriver, startHarness, type Harness } from "./harness.js";

describe('Step 2 — Not relevant: success, titled "No clinical impact detected", saying what was checked', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("passes a change with no rule match, without commenting or labelling", async () => {
    const pr = await PrDriver.open(h, { files: ["README.md", "src/prescribing/NOTES.md"], labels: ["docs"] });
    const check = pr.check();
    expect(check.conclusion).toBe("success");
    expect(check.output.title).toBe("No clinical impact detected");
    expect(check.output.summary).toMatch(/2 changed files/);
    expect(check.output.summary).toMatch(/docs/);
    expect(h.gh.comments.filter((c) => c.issueNumber === pr.number)).toEqual([]);
    expect(pr.labels()).toEqual(["docs"]);
  });

  it("keeps the comment of a PR that was relevant and no longer is, so nobody reads a stale state", async () => {
    const pr = await PrDriver.open(h, { files: ["src/prescribing/dose.ts"] });
    expect(pr.labels()).toContain("clinical-safety: sign-off required");
    await pr.push(["README.md"]); // the PR's files are now only README.md
    expect(pr.check().conclusion).toBe("success");
    expect(pr.sticky().body).toContain("no clinical impact detected");
    expect(pr.labels()).not.toContain("clinical-safety: sign-off required");
  });
});
