import { afterAll, beforeAll, expect, it } from "@jest/globals";
import type { Browser, BrowserContext } from "playwright-core";
import type { AuditStore } from "../../../src/store/audit-store.js";
import { escapeHtml } from "../../../src/web/auth/notice-page.js";
import type { RenderPage } from "../../../src/web/types.js";
import { GitHubState } from "../../simulator/state.js";
import { launchChromium, startAuditWeb, type AuditWeb } from "../web-harness.js";
import { describeInBrowser } from "../browser-page.js";

/**
 * Sign-in with GitHub in a real Chromium: a deep link while signed out goes through the simulator's
 * authorize page and lands back on the page asked for, as the person who signed in, who sees only what
 * GitHub lets them read. The pages are a stub here (the pages' own browser tests use the real ones).
 */

/** A stub page: who is signed in, and whether they can read `?repo=`. */
const stubRender: RenderPage = async (request) => {
  const repo = request.url.searchParams.get("repo");
  const canRead = repo === null ? "n/a" : String(await request.github.canRead(repo));
  return {
    status: 200,
    headers: { "content-type": "text/html; charset=utf-8" },
    body:
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Audit</title></head><body><main>` +
      `<h1>Signed in as ${escapeHtml(request.github.login)}</h1>` +
      `<p>Page: <span id="path">${escapeHtml(request.url.pathname)}</span></p>` +
      `<p>Can read: <span id="can-read">${escapeHtml(canRead)}</span></p>` +
      `<p><a href="/audit/logout">Sign out</a></p></main></body></html>`,
  };
};

describeInBrowser("sign-in in a real browser", () => {
  const gh = new GitHubState({ now: "2026-11-23T09:00:00Z" });
  let web: AuditWeb;
  let browser: Browser;

  beforeAll(async () => {
    gh.addRepo({ owner: "acme", name: "eprescribe", private: true, files: { "README.md": "# eprescribe\n" } });
    gh.setPermission("acme", "eprescribe", "dr-cleo", "read");
    web = await startAuditWeb({ gh, audit: {} as AuditStore, render: stubRender });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  /** A fresh browser profile per test: no cookie carries over. */
  async function withContext<T>(use: (context: BrowserContext) => Promise<T>): Promise<T> {
    const context = await browser.newContext();
    try {
      return await use(context);
    } finally {
      await context.close();
    }
  }

  it("takes a signed-out deep link through GitHub's sign-in and back to the page", async () => {
    await withContext(async (context) => {
      const page = await context.newPage();
      await page.goto(`${web.url}/audit/acme/eprescribe?repo=acme/eprescribe`);
      const onGitHub = new URL(page.url());
      await page.getByLabel("Sign in to the GitHub simulator as:").fill("dr-cleo");
      await Promise.all([
        page.waitForURL(`${web.url}/audit/acme/eprescribe?repo=acme/eprescribe`),
        page.getByRole("button", { name: "Authorize" }).click(),
      ]);

      expect([onGitHub.origin, onGitHub.pathname]).toEqual([web.simulator.url, "/login/oauth/authorize"]);
      expect([await page.locator("h1").textContent(), await page.locator("#can-read").textContent()]).toEqual(["Signed in as dr-cleo", "true"]);
      const session = (await context.cookies()).find((c) => c.name === "csg_session");
      expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/audit", secure: false });
      // HttpOnly: no script on the page could read it.
      expect(await page.evaluate<string>("document.cookie")).not.toContain("csg_session");
    });
  });

  it("shows a person without access that they cannot read the private repository", async () => {
    await withContext(async (context) => {
      const page = await context.newPage();
      await web.signIn(page, "dev", "/audit?repo=acme/eprescribe");
      expect([new URL(page.url()).pathname, await page.locator("h1").textContent(), await page.locator("#can-read").textContent()]).toEqual([
        "/audit",
        "Signed in as dev",
        "false",
      ]);
    });
  });

  it("signs out with the confirmation button, after which pages ask to sign in again", async () => {
    await withContext(async (context) => {
      const page = await context.newPage();
      await web.signIn(page, "dr-cleo");
      await page.getByRole("link", { name: "Sign out" }).click();
      await expect(page.getByRole("heading", { name: "Sign out?" }).isVisible()).resolves.toBe(true);
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("heading", { name: "Signed out" }).waitFor();
      const cookies = (await context.cookies()).map((c) => c.name);
      await page.goto(`${web.url}/audit`);
      expect([cookies.includes("csg_session"), new URL(page.url()).pathname]).toEqual([false, "/login/oauth/authorize"]);
    });
  });

  it("sends the security headers, and never lets the token or the session cookie reach a page or a log line", async () => {
    await withContext(async (context) => {
      const page = await context.newPage();
      await web.signIn(page, "dr-cleo", "/audit?repo=acme/eprescribe");
      const response = await page.goto(`${web.url}/audit?repo=acme/eprescribe`);
      const headers = response?.headers() ?? {};
      const html = await page.content();
      const session = (await context.cookies()).find((c) => c.name === "csg_session")?.value ?? "";
      const tokens = Object.entries(gh.tokens)
        .filter(([, grant]) => grant.kind === "user")
        .map(([token]) => token);
      expect([
        headers["content-security-policy"]?.includes("script-src 'none'"),
        headers["x-frame-options"],
        headers["x-content-type-options"],
      ]).toEqual([true, "DENY", "nosniff"]);
      expect([tokens.length > 0, session.length > 0, web.logLines.some((l) => l.includes("audit sign-in"))]).toEqual([true, true, true]);
      const leaks = [...tokens, session].filter((secret) => html.includes(secret) || web.logLines.some((l) => l.includes(secret)));
      expect(leaks).toEqual([]);
    });
  });
});
