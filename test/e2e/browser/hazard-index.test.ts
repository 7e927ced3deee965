import { afterAll, beforeAll, expect, it } from "@jest/globals";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { MergeData } from "../../../src/audit/evidence.js";
import { hazardLogVersion } from "../../../src/audit/hazard-log-version.js";
import type { AuditInput } from "../../../src/audit/record.js";
import { diffHazardLogs } from "../../../src/hazards/diff.js";
import { parseHazardLog } from "../../../src/hazards/parse.js";
import type { SqlAuditStore } from "../../../src/store/audit-store.js";
import type { SqlStore } from "../../../src/store/sql-store.js";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../../fixtures/repo.js";
import { gitBlobSha } from "../../simulator/git.js";
import { GitHubState } from "../../simulator/state.js";
import { NOW, SCRIPT, TRIAGE_HAZARD_LOG, seededStore, sha, story } from "../../unit/web/pages/seed.js";
import { launchChromium, startAuditWeb, type AuditWeb } from "../web-harness.js";
import { describeInBrowser, docScreenshot, DOC_IMAGES, withBrowserPage } from "../browser-page.js";

/**
 * The hazard index and a hazard's history in a real Chromium, against the GitHub simulator over HTTP: the
 * CSO opens the index of a repository, finds HAZ-002 with its current (re-scored) rating and the PRs that
 * touched it, follows it to its page and reads the re-score before → after with who approved it; hostile
 * text stays text; a person without access is refused. The trail is the pages' story
 * (`test/unit/web/pages/seed.ts`) and one more merge: #12 re-scored HAZ-002's residual risk from 3 to 4.
 *
 * `UPDATE_DOC_IMAGES=1` also saves docs/images/hazard-index.png and docs/images/hazard-history.png.
 */

const LOG = "docs/safety/hazard-log.yml";
/** HAZ-002's residual likelihood very-low → low: its residual rating 3 → 4. */
const RESCORED_LOG = SAMPLE_HAZARD_LOG.replace(/(id: HAZ-002[\s\S]*?residual: \{ severity: catastrophic, likelihood: )very-low/, "$1low");
const P12_HEAD = sha("5c");

/** The merge of #12 as the app records it: the version made by the real code from the two logs. */
function rescoreMerge(): AuditInput {
  const parse = (text: string) => parseHazardLog(text, LOG, { idPattern: "HAZ-\\d{3,}" }).hazards;
  const [before, after] = [parse(SAMPLE_HAZARD_LOG), parse(RESCORED_LOG)];
  const hazardLog = hazardLogVersion(diffHazardLogs(before, after), {
    path: LOG,
    before: { blob: gitBlobSha(SAMPLE_HAZARD_LOG), hazards: before },
    after: { blob: gitBlobSha(RESCORED_LOG), hazards: after },
  });
  const at = "2026-04-01T10:00:00.000Z";
  const data: MergeData = {
    title: "Re-score HAZ-002 after the weight import incident",
    author: "dev-dan",
    baseRef: "main",
    headSha: P12_HEAD,
    mergeSha: sha("6d"),
    mergedAt: at,
    mergedBy: "dev-dan",
    passed: true,
    relevant: true,
    gate: { state: "pass", headline: "All required sign-offs given" },
    rules: ["governance"],
    answers: [],
    hazards: [],
    risk: null,
    requiredRoles: ["cso"],
    signOffs: [
      {
        role: "cso",
        actor: "dr-cso",
        at: "2026-04-01T09:30:00.000Z",
        headSha: P12_HEAD,
        meaning: "clinical safety approval as CSO",
        name: "Dr Cleo Smith",
      },
    ],
    timeline: {
      openedAt: "2026-03-30T08:00:00.000Z",
      checklistCompleteAt: null,
      checklistCompleteWhileDraft: false,
      finalSignOffAt: "2026-04-01T09:30:00.000Z",
    },
    ...(hazardLog ? { hazardLog } : {}),
  };
  return { kind: "merge", repo: "acme/eprescribe", pr: 12, at, actor: "dev-dan", headSha: P12_HEAD, configSha: sha("cf"), data };
}

function simulatedGitHub(): GitHubState {
  const gh = new GitHubState({ now: "2026-04-20T12:00:00Z" });
  gh.addRepo({
    owner: "acme",
    name: "eprescribe",
    private: true,
    files: { ".github/clinical-safety.yml": PRODUCT_CONFIG, [LOG]: RESCORED_LOG },
  });
  gh.addRepo({ owner: "acme", name: "triage", private: true, files: { [LOG]: TRIAGE_HAZARD_LOG } });
  for (const repo of ["eprescribe", "triage"]) gh.setPermission("acme", repo, "dr-cso", "read");
  return gh;
}

describeInBrowser("the hazard index in a real browser", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;
  let web: AuditWeb;
  let browser: Browser;

  beforeAll(async () => {
    ({ sql, audit } = await seededStore([...story(), rescoreMerge()]));
    web = await startAuditWeb({ gh: simulatedGitHub(), audit, now: () => NOW });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await sql?.close();
  });

  const rowHeads = (page: Page) => page.locator("tbody th[scope=row]").allInnerTexts();
  const rowOf = (page: Page, id: string) => page.locator("tbody tr", { has: page.locator("th[scope=row]", { hasText: id }) });

  it("lists every hazard of the log with its current rating, status and the PRs that linked or changed it", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "dr-cso", "/audit/acme/eprescribe/hazards");
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("Hazards: acme/eprescribe");
      expect(await rowHeads(page)).toEqual(Array.from({ length: 10 }, (_, i) => `HAZ-${String(i + 1).padStart(3, "0")}`));
      const haz002 = (await rowOf(page, "HAZ-002").innerText()).replace(/\s+/g, " ");
      expect(haz002).toContain("open 5 — unacceptable 4 — must be reduced");
      expect(haz002).toContain("#12 re-scored");
      expect(haz002).toContain("#7 linked");
      await expect(page.locator("main").innerText()).resolves.toContain("10 hazards in docs/safety/hazard-log.yml on the default branch");
      await docScreenshot(page, "hazard-index", true);
    });
  });

  it("leads from the index to a hazard's history: the re-score before → after, who approved it, at which SHA", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "dr-cso", "/audit/acme/eprescribe/hazards");
      await Promise.all([
        page.waitForURL(/\/audit\/acme\/eprescribe\/hazard\/HAZ-002$/),
        page.getByRole("link", { name: "HAZ-002", exact: true }).click(),
      ]);
      const history = page.locator("section.change");
      await expect(history.count()).resolves.toBe(1);
      const text = (await history.innerText()).replace(/\s+/g, " ");
      expect(text).toContain("Re-scored in acme/eprescribe#12 Re-score HAZ-002 after the weight import incident");
      expect(text).toContain("Risk increased");
      expect(text).toContain("Residual risk 3 — undesirable → 4 — must be reduced");
      expect(text).toContain("Dr Cleo Smith (dr-cso), cso: clinical safety approval as CSO");
      expect(text).toContain(`Merged head ${P12_HEAD.slice(0, 7)}`);
      expect(text).toContain(`blob ${gitBlobSha(RESCORED_LOG).slice(0, 7)}`);
      const section = await page.locator("#history").boundingBox();
      if (DOC_IMAGES && section) {
        await page.screenshot({
          path: join(DOC_IMAGES, "hazard-history.png"),
          fullPage: true,
          clip: { x: 0, y: section.y - 16, width: 1200, height: 400 },
        });
      }
      await Promise.all([page.waitForURL(/\/hazards$/), page.getByRole("link", { name: "All hazards of acme/eprescribe" }).click()]);
    });
  });

  it("keeps hostile hazard titles inert: shown as text, no element made, no dialog", async () => {
    await withBrowserPage(browser, async (page, dialogs) => {
      await web.signIn(page, "dr-cso", "/audit/acme/triage/hazards");
      await expect(page.locator("script, img, [onerror]").count()).resolves.toBe(0);
      await expect(page.locator("main").innerText()).resolves.toContain(`Triage ${SCRIPT}`);
      expect(dialogs).toEqual([]);
    });
  });

  it("refuses a person without access, as for a repository that does not exist", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "nurse-nia", "/audit/acme/eprescribe/hazards");
      const refused = await page.goto(`${web.url}/audit/acme/eprescribe/hazards`);
      const refusedText = await page.locator("main").innerText();
      const missing = await page.goto(`${web.url}/audit/acme/no-such-repo/hazards`);
      expect([refused?.status(), missing?.status()]).toEqual([404, 404]);
      expect(await page.locator("main").innerText()).toBe(refusedText);
    });
  });
});
