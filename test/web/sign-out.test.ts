import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { openPgliteStore } from "../../src/store/pglite.js";
import { SqlRevokedSessions } from "../../src/store/revoked-sessions.js";
import type { SqlStore } from "../../src/store/sql-store.js";
import { GitHubState } from "../simulator/state.js";
import { TestBrowser } from "./browser.js";
import { signIn, startWeb, type WebUnderTest } from "./harness.js";

/**
 * Hole "sessions outlive sign-out": a copied session cookie kept working for eight hours after sign-out, and
 * the person's GitHub token stayed valid. Over real HTTP, with the revoked sessions in the SQL store (PGlite)
 * and GitHub's token revocation answered by the simulator.
 */

/** The user tokens the simulator has issued and not revoked. */
function liveUserTokens(gh: GitHubState): string[] {
  return Object.entries(gh.tokens)
    .filter(([, grant]) => grant.kind === "user")
    .map(([token]) => token);
}

describe("hole: sessions outlive sign-out", () => {
  let gh: GitHubState;
  let store: SqlStore;
  let web: WebUnderTest;
  let browser: TestBrowser;

  beforeEach(async () => {
    gh = new GitHubState({ now: "2026-11-23T09:00:00Z" });
    gh.addRepo({ owner: "acme", name: "eprescribe", private: true, files: { "README.md": "# eprescribe\n" } });
    gh.setPermission("acme", "eprescribe", "dr-cleo", "read");
    store = await openPgliteStore();
    web = await startWeb(gh, { revokedSessions: new SqlRevokedSessions(store.driver) });
    browser = new TestBrowser();
  });

  afterEach(async () => {
    await web.close();
    await store.close();
    gh.assertNoUnhandled();
  });

  /** Signs dr-cleo in; returns a second browser holding a copy of the session cookie, and the token. */
  async function signedInWithACopy(): Promise<{ thief: TestBrowser; token: string }> {
    await signIn(browser, web, "dr-cleo");
    const session = browser.cookies.get("csg_session");
    if (!session) throw new Error("no session cookie after sign-in");
    const thief = new TestBrowser();
    thief.cookies.set("csg_session", { ...session });
    const [token] = liveUserTokens(gh);
    if (token === undefined) throw new Error("no user token issued");
    // The copy works before sign-out, so what follows is sign-out's doing.
    const before = await thief.request(`${web.url}/audit?repo=acme/eprescribe`);
    expect([before.status, JSON.parse(before.body)]).toEqual([200, expect.objectContaining({ login: "dr-cleo", canRead: true })]);
    return { thief, token };
  }

  const signOut = () => browser.request(`${web.url}/audit/logout`, { method: "POST", headers: { origin: web.url } });

  it("after sign-out, a copy of the session cookie is sent to sign in again, and the cookie removed", async () => {
    const { thief } = await signedInWithACopy();
    const done = await signOut();
    expect([done.status, done.body.includes("Signed out")]).toEqual([200, true]);

    const page = await thief.request(`${web.url}/audit?repo=acme/eprescribe`);
    expect([page.status, page.headers.location, page.setCookies]).toEqual([
      302,
      `/audit/login?${new URLSearchParams({ next: "/audit?repo=acme/eprescribe" }).toString()}`,
      ["csg_session=; Path=/audit; Max-Age=0; HttpOnly; SameSite=Lax"],
    ]);
    const post = await thief.request(`${web.url}/audit/acme/eprescribe`, { method: "POST", headers: { origin: web.url } });
    expect(post.status).toBe(401);
    const ask = await thief.request(`${web.url}/audit/logout`);
    expect(ask.body).toContain("You are not signed in");
  });

  it("after sign-out, the session's GitHub token is revoked: GitHub refuses it with 401", async () => {
    const { token } = await signedInWithACopy();
    const before = await fetch(`${web.simulator.apiUrl}/user`, { headers: { authorization: `Bearer ${token}` } });
    expect(before.status).toBe(200);

    await signOut();
    const after = await fetch(`${web.simulator.apiUrl}/user`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    expect(gh.requests.filter((r) => r.method === "DELETE")).toEqual([
      expect.objectContaining({ path: `/applications/${gh.oauthClient.clientId}/token`, body: { access_token: token }, status: 204 }),
    ]);
  });

  it("signs out here even when GitHub fails to revoke the token, and logs that without the token", async () => {
    const { thief, token } = await signedInWithACopy();
    gh.failNext("DELETE", /^\/applications\//, 502);
    const done = await signOut();
    expect([done.status, done.body.includes("Signed out"), done.setCookies]).toEqual([
      200,
      true,
      ["csg_session=; Path=/audit; Max-Age=0; HttpOnly; SameSite=Lax"],
    ]);
    const page = await thief.request(`${web.url}/audit`);
    expect(page.status).toBe(302);
    expect(web.log.lines).toEqual(expect.arrayContaining([expect.stringContaining("the GitHub token could not be revoked")]));
    expect(web.log.lines.join("\n")).not.toContain(token);
  });

  it("a new sign-in after sign-out works (only the signed-out session is refused)", async () => {
    await signedInWithACopy();
    await signOut();
    await signIn(browser, web, "dr-cleo");
    const page = await browser.request(`${web.url}/audit?repo=acme/eprescribe`);
    expect([page.status, JSON.parse(page.body)]).toEqual([200, expect.objectContaining({ login: "dr-cleo", canRead: true })]);
  });
});
