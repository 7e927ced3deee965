import { afterAll, beforeAll, expect, it } from "@jest/globals";
import type { Browser, Page } from "playwright-core";
import type { SqlAuditStore } from "../../../src/store/audit-store.js";
import type { SqlStore } from "../../../src/store/sql-store.js";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../../fixtures/repo.js";
import { GitHubState } from "../../simulator/state.js";
import { E, WAITING, headOf, needsMeStory } from "../../unit/web/pages/needs-me-seed.js";
import { NOW, SCRIPT, seededStore, sha } from "../../unit/web/pages/seed.js";
import { launchChromium, startAuditWeb, type AuditWeb } from "../web-harness.js";
import { describeInBrowser, docScreenshot, withBrowserPage } from "../browser-page.js";

/**
 * "Needs me" in a real Chromium, against the GitHub simulator over HTTP: the CSO signs in through the
 * simulator's OAuth and finds, from the navigation, what waits for them (their roles asked of the simulator's
 * teams with their own token, the open PRs listed by it), follows a PR to its evidence, and from there to
 * the repository's hazard index and release report; someone in no team sees nothing to do; hostile titles
 * stay text. The trail is the pages' story with PRs waiting (test/unit/web/pages/needs-me-seed.ts).
 *
 * `UPDATE_DOC_IMAGES=1` also saves docs/images/needs-me.png, used by docs/audit.md.
 */

/** acme/eprescribe (private, readable by the CSO and the nurse) with #11, #12 and #13 (a draft) open; the CSO in the CSO team. */
function simulatedGitHub(): GitHubState {
  const gh = new GitHubState({ now: "2026-04-20T12:00:00Z" });
  gh.addRepo({
    owner: "acme",
    name: "eprescribe",
    private: true,
    files: { ".github/clinical-safety.yml": PRODUCT_CONFIG, "docs/safety/hazard-log.yml": SAMPLE_HAZARD_LOG },
  });
  gh.addRepo({ owner: "acme", name: "secret-pharmacy", private: true });
  gh.setPermission("acme", "eprescribe", "dr-cso", "read");
  gh.setPermission("acme", "eprescribe", "nurse-nia", "read");
  gh.addTeamMember("acme", "clinical-safety", "dr-cso");
  const open = (number: number, title: string, headSha: string, draft = false) =>
    gh.openPullRequest({ owner: "acme", repo: "eprescribe", number, title, author: "dev-dan", draft, headSha });
  open(11, "Change dose rounding", sha("4b"));
  open(12, WAITING[12], headOf(12));
  open(13, WAITING[13], headOf(13), true);
  return gh;
}

describeInBrowser("Needs me in a real browser", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;
  let web: AuditWeb;
  let browser: Browser;

  beforeAll(async () => {
    ({ sql, audit } = await seededStore(needsMeStory()));
    web = await startAuditWeb({ gh: simulatedGitHub(), audit, now: () => NOW });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await sql?.close();
  });

  /** Each section's heading and its rows' first cells. */
  async function sections(page: Page): Promise<[string, string[]][]> {
    const out: [string, string[]][] = [];
    for (const id of ["sign-offs", "objections", "drafts", "bypasses"]) {
      out.push([await page.locator(`#${id}`).innerText(), await page.locator(`#${id} + table tbody th[scope=row]`).allInnerTexts()]);
    }
    return out;
  }

  it("leads the CSO from the navigation to what waits for them, oldest first", async () => {
    await withBrowserPage(browser, async (page, dialogs) => {
      await web.signIn(page, "dr-cso", "/audit");
      await Promise.all([page.waitForURL(/\/audit\/needs-me$/), page.getByRole("link", { name: "Needs me" }).click()]);
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("Needs me");
      await expect(page.getByRole("link", { name: "Needs me" }).getAttribute("aria-current")).resolves.toBe("page");
      await expect(page.locator("main").innerText()).resolves.toContain("5 things need you.");
      expect(await sections(page)).toEqual([
        ["Waiting for your sign-off (1)", ["acme/eprescribe#12"]],
        ["Your open objections (1)", ["acme/eprescribe#11"]],
        ["Drafts ready to look at early (1)", ["acme/eprescribe#13"]],
        ["Bypasses awaiting your review (2)", ["acme/eprescribe#8", "acme/eprescribe direct push 0707070"]],
      ]);
      const signOff = page.locator("#sign-offs + table tbody tr");
      await expect(signOff.innerText()).resolves.toMatch(/Sign-off as cso: \/safety sign-off cso[\s\S]*8 d 3 h/);
      // The hostile title is text: no element made, no dialog.
      await expect(signOff.innerText()).resolves.toContain(SCRIPT);
      await expect(page.locator("main script, main img").count()).resolves.toBe(0);
      expect(dialogs).toEqual([]);
      await expect(page.getByRole("link", { name: "Pull request #12" }).getAttribute("href")).resolves.toBe(
        `${web.simulator.url}/acme/eprescribe/pull/12`,
      );
      await docScreenshot(page, "needs-me", true);
    });
  });

  it("follows a PR to its evidence, whose navigation links the repository's hazard index and release report", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "dr-cso", "/audit/needs-me");
      await Promise.all([page.waitForURL(/\/audit\/acme\/eprescribe\/pull\/11$/), page.getByRole("link", { name: "acme/eprescribe#11" }).click()]);
      const repoNav = page.getByRole("navigation", { name: E });
      await expect(repoNav.getByRole("link", { name: "Hazard index" }).getAttribute("href")).resolves.toBe("/audit/acme/eprescribe/hazards");
      await Promise.all([page.waitForURL(/\/audit\/acme\/eprescribe\/release$/), repoNav.getByRole("link", { name: "Release report" }).click()]);
      await expect(page.getByRole("link", { name: "Release report" }).getAttribute("aria-current")).resolves.toBe("page");
    });
  });

  it("downloads the lists as JSON", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "dr-cso", "/audit/needs-me");
      const response = await page.request.get(`${web.url}/audit/needs-me?format=json`);
      const body = (await response.json()) as { login: string; signOffs: { pr: number; githubUrl: string }[] };
      expect([response.status(), body.login, body.signOffs.map((i) => i.pr)]).toEqual([200, "dr-cso", [12]]);
    });
  });

  it("shows someone in no role that nothing needs them, not even the CSO's objection", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "nurse-nia", "/audit/needs-me");
      await expect(page.locator("main").innerText()).resolves.toContain("0 things need you.");
      await expect(page.locator("main tbody tr").count()).resolves.toBe(0);
    });
  });
});
