import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { SESSION_TTL_MS } from "../../src/web/auth/session.js";
import { NOT_CONFIGURED_MESSAGE } from "../../src/web/router.js";
import { GitHubState } from "../simulator/state.js";
import { authorizeForm, last, TestBrowser, type Exchange } from "./browser.js";
import { NOT_HANDLED, signIn, startWeb, type WebUnderTest } from "./harness.js";

/**
 * The audit router over real HTTP, through the whole OAuth web flow against the GitHub simulator: what a
 * browser sees at each step, who can read what, and what must never leak.
 */

const SECURITY = {
  "content-security-policy": expect.stringContaining("script-src 'none'"),
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
};

function json(exchange: Exchange): Record<string, unknown> {
  return JSON.parse(exchange.body) as Record<string, unknown>;
}

/** The user tokens the simulator has issued (what the session must keep secret). */
function userTokens(gh: GitHubState): string[] {
  return Object.entries(gh.tokens)
    .filter(([, grant]) => grant.kind === "user")
    .map(([token]) => token);
}

describe("audit router over HTTP", () => {
  let gh: GitHubState;
  let web: WebUnderTest;
  let browser: TestBrowser;

  beforeEach(async () => {
    gh = new GitHubState({ now: "2026-11-23T09:00:00Z" });
    gh.addRepo({ owner: "acme", name: "eprescribe", private: true, files: { "README.md": "# eprescribe\n" } });
    gh.addRepo({ owner: "acme", name: "website", files: { "index.html": "<h1>hi</h1>\n" } });
    gh.setPermission("acme", "eprescribe", "dr-cleo", "read");
    web = await startWeb(gh);
    browser = new TestBrowser();
  });

  afterEach(async () => {
    await web.close();
    gh.assertNoUnhandled();
  });

  it("leaves requests outside /audit to the other handlers", async () => {
    const answers = await Promise.all(["/", "/api/github/webhooks", "/auditor", "/probot"].map((p) => browser.request(`${web.url}${p}`)));
    expect(answers.map((a) => a.body)).toEqual([NOT_HANDLED, NOT_HANDLED, NOT_HANDLED, NOT_HANDLED]);
  });

  it("sends an unauthenticated page request to sign-in, remembering the page", async () => {
    const answer = await browser.request(`${web.url}/audit/acme/eprescribe/pull/7?format=json`);
    expect([answer.status, answer.headers.location]).toEqual([302, "/audit/login?next=%2Faudit%2Facme%2Feprescribe%2Fpull%2F7%3Fformat%3Djson"]);
    expect(answer.headers).toMatchObject(SECURITY);
  });

  it("starts sign-in with a redirect to GitHub's authorize page and a short-lived state cookie", async () => {
    const answer = await browser.request(`${web.url}/audit/login?next=/audit/x`);
    const location = new URL(answer.headers.location ?? "");
    const cookie = answer.setCookies[0] ?? "";
    expect([
      answer.status,
      location.origin + location.pathname,
      location.searchParams.get("client_id"),
      location.searchParams.get("redirect_uri"),
    ]).toEqual([302, `${web.simulator.url}/login/oauth/authorize`, gh.oauthClient.clientId, `${web.url}/audit/callback`]);
    expect(location.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie).toMatch(/^csg_oauth=[^;]+; Path=\/audit\/callback; Max-Age=600; HttpOnly; SameSite=Lax$/);
    // The state is in the cookie only sealed: the browser cannot read it to forge a matching callback.
    expect(cookie).not.toContain(location.searchParams.get("state"));
  });

  it("signs a person in and shows them the page they asked for", async () => {
    const hops = await signIn(browser, web, "dr-cleo", "/audit/acme/eprescribe?repo=acme/eprescribe");
    const page = last(hops);
    const callback = hops.find((h) => h.url.startsWith(`${web.url}/audit/callback`));
    expect(json(page)).toEqual({ login: "dr-cleo", method: "GET", path: "/audit/acme/eprescribe", canRead: true });
    expect(page.headers).toMatchObject({ ...SECURITY, "cache-control": "no-store" });
    expect(callback?.setCookies).toEqual([
      "csg_oauth=; Path=/audit/callback; Max-Age=0; HttpOnly; SameSite=Lax",
      expect.stringMatching(/^csg_session=[A-Za-z0-9._-]+; Path=\/audit; Max-Age=28800; HttpOnly; SameSite=Lax$/),
    ]);
    expect(web.log.lines).toContainEqual(expect.stringContaining('"message":"audit sign-in","login":"dr-cleo"'));
  });

  it.each([
    ["dr-cleo", "a private repository she has a permission on", "acme/eprescribe", true],
    ["dev", "a private repository he has no permission on", "acme/eprescribe", false],
    ["dev", "a public repository", "acme/website", true],
    ["dev", "a missing repository (same answer as a hidden one)", "acme/nothing-here", false],
    ["dev", "a name that is not a repository", "../../user", false],
  ])("%s, signed in, asks whether they can read %s", async (login, _name, repo, expected) => {
    await signIn(browser, web, login);
    const page = await browser.request(`${web.url}/audit?${new URLSearchParams({ repo }).toString()}`);
    expect(json(page)).toMatchObject({ login, canRead: expected });
  });

  it("asks GitHub once per repository within the cache time", async () => {
    await signIn(browser, web, "dr-cleo");
    gh.clearRequests();
    for (let i = 0; i < 3; i += 1) await browser.request(`${web.url}/audit?repo=acme/eprescribe`);
    expect(gh.requestsMatching("GET", /^\/repos\/acme\/eprescribe$/)).toHaveLength(1);
  });

  it("refuses a callback whose state does not match this browser's sign-in, without redeeming the code", async () => {
    const start = last(await browser.follow(`${web.url}/audit/login`));
    const form = authorizeForm(start.body);
    const toCallback = await browser.request(new URL(form.action, start.url).toString(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...form.fields, login: "dr-cleo" }).toString(),
    });
    const callback = new URL(toCallback.headers.location ?? "");
    callback.searchParams.set("state", `${callback.searchParams.get("state")}x`);
    const answer = await browser.request(callback.toString());
    expect([
      answer.status,
      answer.body.includes("Sign-in could not be completed"),
      browser.cookies.has("csg_session"),
      gh.requestsMatching("POST", /^\/login\/oauth\/access_token$/).length,
    ]).toEqual([400, true, false, 0]);
  });

  it("refuses a callback in a browser that never started a sign-in (login CSRF)", async () => {
    // The attacker signs in to get a valid code and state, then sends the callback link to a victim.
    const attacker = new TestBrowser();
    const start = last(await attacker.follow(`${web.url}/audit/login`));
    const form = authorizeForm(start.body);
    const toCallback = await attacker.request(new URL(form.action, start.url).toString(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...form.fields, login: "mallory" }).toString(),
    });
    const victim = await browser.request(toCallback.headers.location ?? "");
    expect([victim.status, browser.cookies.has("csg_session")]).toEqual([400, false]);
  });

  it("refuses a replayed callback (the state cookie is spent, the code single-use)", async () => {
    const hops = await signIn(browser, web, "dr-cleo");
    const callback = hops.find((h) => h.url.startsWith(`${web.url}/audit/callback`));
    const replay = await browser.request(callback?.url ?? "");
    expect(replay.status).toBe(400);
  });

  it("says so when the person cancels at GitHub", async () => {
    const start = last(await browser.follow(`${web.url}/audit/login`));
    const form = authorizeForm(start.body);
    const hops = await browser.follow(new URL(form.action, start.url).toString(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...form.fields, decision: "cancel" }).toString(),
    });
    expect([last(hops).status, last(hops).body.includes("Sign-in cancelled"), browser.cookies.has("csg_session")]).toEqual([403, true, false]);
  });

  it("answers 502 when GitHub fails the code exchange, and signs nobody in", async () => {
    gh.failNext("POST", /^\/login\/oauth\/access_token$/, 502);
    const hops = await signIn(browser, web, "dr-cleo");
    expect([last(hops).status, last(hops).body.includes("GitHub could not be reached"), browser.cookies.has("csg_session")]).toEqual([
      502,
      true,
      false,
    ]);
  });

  it("sends only /audit pages as the place to land after sign-in (no open redirect)", async () => {
    const hops = await signIn(browser, web, "dr-cleo", "https://evil.example/phish");
    const callback = hops.find((h) => h.url.startsWith(`${web.url}/audit/callback`));
    expect([callback?.headers.location, json(last(hops)).path]).toEqual(["/audit", "/audit"]);
  });

  it("treats a tampered session cookie as signed out, and removes it", async () => {
    await signIn(browser, web, "dr-cleo");
    const session = browser.cookies.get("csg_session");
    if (!session) throw new Error("not signed in");
    const parts = session.value.split(".");
    parts[2] = `${parts[2]?.[0] === "A" ? "B" : "A"}${parts[2]?.slice(1) ?? ""}`;
    session.value = parts.join(".");
    const answer = await browser.request(`${web.url}/audit/acme/eprescribe`);
    expect([answer.status, answer.headers.location, answer.setCookies]).toEqual([
      302,
      "/audit/login?next=%2Faudit%2Facme%2Feprescribe",
      ["csg_session=; Path=/audit; Max-Age=0; HttpOnly; SameSite=Lax"],
    ]);
  });

  it("ends the session after eight hours", async () => {
    await signIn(browser, web, "dr-cleo");
    const before = await browser.request(`${web.url}/audit`);
    web.clock.now += SESSION_TTL_MS;
    const after = await browser.request(`${web.url}/audit`);
    expect([before.status, after.status, after.headers.location]).toEqual([200, 302, "/audit/login?next=%2Faudit"]);
  });

  it("signs out: GET asks for confirmation, POST removes the cookie", async () => {
    await signIn(browser, web, "dr-cleo");
    const ask = await browser.request(`${web.url}/audit/logout`);
    expect([ask.status, ask.body.includes("@dr-cleo"), ask.body.includes('<form method="post" action="/audit/logout">')]).toEqual([200, true, true]);
    expect(browser.cookies.has("csg_session")).toBe(true);

    const done = await browser.request(`${web.url}/audit/logout`, { method: "POST", headers: { origin: web.url } });
    const afterwards = await browser.request(`${web.url}/audit`);
    expect([done.status, done.body.includes("Signed out"), done.setCookies, afterwards.status]).toEqual([
      200,
      true,
      ["csg_session=; Path=/audit; Max-Age=0; HttpOnly; SameSite=Lax"],
      302,
    ]);
  });

  it.each(["https://evil.example", "null", "http://127.0.0.1:1"])("refuses a state-changing request from origin %s", async (origin) => {
    await signIn(browser, web, "dr-cleo");
    const answer = await browser.request(`${web.url}/audit/logout`, { method: "POST", headers: { origin } });
    expect([answer.status, browser.cookies.has("csg_session")]).toEqual([403, true]);
  });

  it.each([
    ["POST", "/audit/login", 405],
    ["DELETE", "/audit/logout", 405],
    ["POST", "/audit/acme/eprescribe", 401],
  ])("answers %s %s with %s when not signed in", async (method, path, status) => {
    const answer = await browser.request(`${web.url}${path}`, { method });
    expect([answer.status, answer.headers["x-frame-options"]]).toEqual([status, "DENY"]);
  });

  it("answers a HEAD request with headers only", async () => {
    await signIn(browser, web, "dr-cleo");
    const answer = await browser.request(`${web.url}/audit`, { method: "HEAD" });
    expect([answer.status, answer.body, answer.headers["content-type"]]).toEqual([200, "", "application/json; charset=utf-8"]);
  });

  it("shows a 500 page without details when a page fails, and logs the error", async () => {
    await signIn(browser, web, "dr-cleo");
    const answer = await browser.request(`${web.url}/audit/boom`);
    expect([answer.status, answer.body.includes("Something went wrong"), answer.body.includes("secret detail")]).toEqual([500, true, false]);
    expect(answer.headers).toMatchObject(SECURITY);
    expect(web.log.lines).toContainEqual(expect.stringContaining("render exploded: secret detail"));
  });

  it("shows a 500 page when GitHub fails the access check (fails closed)", async () => {
    await signIn(browser, web, "dr-cleo");
    gh.failNext("GET", /^\/repos\/acme\/eprescribe$/, 502);
    const answer = await browser.request(`${web.url}/audit?repo=acme/eprescribe`);
    expect(answer.status).toBe(500);
  });

  it("never puts the token in a response, and neither the token nor a cookie in a log line", async () => {
    await signIn(browser, web, "dr-cleo", "/audit?repo=acme/eprescribe");
    await browser.request(`${web.url}/audit/boom`);
    await browser.request(`${web.url}/audit/logout`);
    const sessionCookie = browser.cookies.get("csg_session")?.value ?? "";
    await browser.request(`${web.url}/audit/logout`, { method: "POST" });
    // Sign-out revoked the token at GitHub: it is still a secret to look for.
    const tokens = [...userTokens(gh), ...gh.revokedTokens];
    const responses = browser.history.map((e) => JSON.stringify(e));
    const secrets = [...tokens, sessionCookie, gh.oauthClient.clientSecret];
    expect([tokens.length, sessionCookie.length > 0, web.log.lines.length > 0]).toEqual([1, true, true]);
    expect(tokens.filter((t) => responses.some((r) => r.includes(t)))).toEqual([]);
    expect(secrets.filter((s) => web.log.lines.some((l) => l.includes(s)))).toEqual([]);
  });
});

describe("audit router without OAuth credentials", () => {
  it.each([
    ["no client id", { clientId: undefined }],
    ["no client secret", { clientSecret: "" }],
  ])("answers 503 under /audit and declines everything else (%s)", async (_name, missing) => {
    const gh = new GitHubState();
    const web = await startWeb(gh, missing);
    const browser = new TestBrowser();
    try {
      const [page, login, other] = await Promise.all([
        browser.request(`${web.url}/audit/acme/x`),
        browser.request(`${web.url}/audit/login`),
        browser.request(`${web.url}/api/github/webhooks`),
      ]);
      expect([page.status, page.body.includes(NOT_CONFIGURED_MESSAGE), login.status, other.body]).toEqual([503, true, 503, NOT_HANDLED]);
      expect(page.headers["x-content-type-options"]).toBe("nosniff");
      expect(web.log.lines).toEqual([expect.stringContaining(NOT_CONFIGURED_MESSAGE)]);
    } finally {
      await web.close();
    }
  });
});

describe("audit router over https", () => {
  it("marks its cookies Secure when PUBLIC_URL is https", async () => {
    const gh = new GitHubState();
    const web = await startWeb(gh, { publicUrl: "https://audit.example.org" });
    try {
      const answer = await new TestBrowser().request(`${web.url}/audit/login`);
      expect([answer.setCookies[0]?.endsWith("; Secure"), new URL(answer.headers.location ?? "").searchParams.get("redirect_uri")]).toEqual([
        true,
        "https://audit.example.org/audit/callback",
      ]);
    } finally {
      await web.close();
    }
  });
});
