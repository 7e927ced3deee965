import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { renderPage } from "../../src/web/pages/index.js";
import type { PageResponse } from "../../src/web/types.js";
import { pullRequestEvent, pushEvent } from "../simulator/payloads.js";
import { FakeGitHub } from "../unit/web/pages/seed.js";
import { textOf } from "../unit/web/pages/text.js";
import { CONFIG_YML, HAZARD_LOG_YML, OWNER, PrDriver, REPO, startHarness, type Harness } from "./harness.js";

/**
 * The writer and the reader of the audit trail agree: what the app records while a PR lives and merges is
 * what the CSO's pages show. (The pages' own tests use a seeded trail; this one uses the app's.)
 */
describe("The audit pages read the trail the app writes", () => {
  let h: Harness;
  const repo = `${OWNER}/${REPO}`;
  const github = new FakeGitHub("dr-cso", [repo], {
    [repo]: { ".github/clinical-safety.yml": CONFIG_YML, "docs/safety/hazard-log.yml": HAZARD_LOG_YML },
  });
  const page = (path: string): Promise<PageResponse> =>
    renderPage(
      { method: "GET", url: new URL(path, "http://localhost"), github },
      { audit: h.audit, publicUrl: "https://gate.example.org", now: () => new Date("2026-11-30T00:00:00Z") },
    );

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("a signed-off merge and an admin-merged bypass show in the history, the PR page and the hazard page", async () => {
    const good = await PrDriver.open(h, { body: "Affects HAZ-002", title: "Round doses to 0.1 mL" });
    await good.tick("dev", "decision-logic", "No");
    await good.tick("dev", "calculations", "Yes");
    await good.comment("pat", "/safety sign-off cpm");
    await good.comment("cleo", "/safety sign-off cso");
    h.gh.closePullRequest(good.ref, { merged: true });
    await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...good.ref, sender: "acme" }));

    const bad = await PrDriver.open(h, { title: "Hotfix the dose table" });
    h.gh.closePullRequest(bad.ref, { merged: true });
    await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...bad.ref, sender: "acme" }));

    const history = await page("/audit?format=json");
    expect(history.status).toBe(200);
    const rows = (JSON.parse(history.body) as { changes: { pr: number | null; title: string; bypass: unknown; risk: number | null }[] }).changes;
    const byPr = new Map(rows.map((r) => [r.pr, r]));
    expect(byPr.get(good.number)).toMatchObject({ title: "Round doses to 0.1 mL", risk: 3 });
    expect(byPr.get(good.number)?.bypass).toBeFalsy();
    expect(byPr.get(bad.number)).toMatchObject({ title: "Hotfix the dose table" });
    expect(byPr.get(bad.number)?.bypass).toBeTruthy();

    const pr = await page(`/audit/${repo}/pull/${good.number}`);
    expect(pr.status).toBe(200);
    const text = textOf(pr.body);
    expect(text).toMatch(/Hash chain intact/);
    expect(text).toContain("clinical safety approval as CSO");
    expect(text).toContain("HAZ-002");

    const hazard = await page(`/audit/${repo}/hazard/HAZ-002`);
    expect(hazard.status).toBe(200);
    expect(textOf(hazard.body)).toContain(`#${good.number}`);
  });

  it("a direct push of prescribing code has an evidence page: the files, the rule, the bypass issue", async () => {
    h.gh.commitToBranch(OWNER, REPO, "main", { "src/prescribing/dose/round.ts": "hotfix" }, { message: "hotfix rounding", author: "dev" });
    await h.probot.receive(pushEvent(h.gh, { owner: OWNER, repo: REPO, branch: "main", sender: "dev" }));
    const bypass = h.audit.records.find((r) => r.kind === "bypass");
    expect(bypass?.headSha).toMatch(/^[0-9a-f]{40}$/);

    const history = await page(`/audit?repo=${encodeURIComponent(repo)}&bypass=1`);
    const link = `/audit/${repo}/push/${bypass?.headSha ?? ""}`;
    expect(history.body).toContain(`href="${link}"`);

    const push = await page(link);
    expect(push.status).toBe(200);
    const text = textOf(push.body);
    expect(text).toContain("Pushed");
    expect(text).toContain("by dev");
    expect(text).toContain("Rules hit prescribing");
    expect(text).toContain("src/prescribing/dose/round.ts");
    expect(text).toContain(`(issue #${h.gh.issues[0]?.number ?? 0})`);
    expect(text).toContain("not reviewed");
  });
});
