import { describe, expect, it } from "@jest/globals";
import { createPrivateKey } from "node:crypto";
import { manifestFlow, manifestProblems } from "../../simulator/routes/app-manifests.js";
import { handleRequest } from "../../simulator/routes.js";
import { GitHubState } from "../../simulator/state.js";

const MANIFEST = {
  name: "Safety Gate Test",
  url: "https://example.org",
  hook_attributes: { url: "https://gate.example.org/api/github/webhooks" },
  redirect_url: "http://127.0.0.1:3000/setup/callback",
  callback_urls: ["https://gate.example.org/audit/callback"],
  public: false,
  default_events: ["pull_request", "issue_comment"],
  default_permissions: { pull_requests: "read", issues: "write" },
};

/** The browser's form submission, as a browser encodes it. */
function postForm(state: GitHubState, path: string, manifest: unknown) {
  return handleRequest(state, {
    method: "POST",
    url: `http://127.0.0.1:9999${path}`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ manifest: typeof manifest === "string" ? manifest : JSON.stringify(manifest) }).toString(),
  });
}

function convert(state: GitHubState, code: string, host = "http://127.0.0.1:9999/api/v3") {
  const response = handleRequest(state, { method: "POST", url: `${host}/app-manifests/${code}/conversions`, headers: {} });
  return { status: response.status, body: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : undefined };
}

function codeOf(location: string | undefined): string {
  return new URL(location ?? "").searchParams.get("code") ?? "";
}

describe("registering an app from a manifest", () => {
  it("redirects the browser back with a code and the state, then exchanges the code once for the app and its credentials", () => {
    const state = new GitHubState();
    const created = postForm(state, "/settings/apps/new?state=abc123", MANIFEST);
    expect(created.status).toBe(302);
    const location = new URL(created.headers.location ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(MANIFEST.redirect_url);
    expect(location.searchParams.get("state")).toBe("abc123");

    const first = convert(state, codeOf(created.headers.location));
    expect(first.status).toBe(201);
    const app = first.body ?? {};
    expect(app).toMatchObject({ name: "Safety Gate Test", slug: "safety-gate-test", html_url: "http://127.0.0.1:9999/github-apps/safety-gate-test" });
    expect(app.permissions).toEqual({ pull_requests: "read", issues: "write", metadata: "read" });
    expect(app.events).toEqual(["pull_request", "issue_comment"]);
    expect((app.owner as { login: string }).login).toBe("platform-admin");
    expect(() => createPrivateKey(app.pem as string)).not.toThrow();
    expect(typeof app.webhook_secret).toBe("string");
    // The simulator now plays this app: its OAuth client is the one handed out.
    expect(state.app.id).toBe(app.id);
    expect(state.oauthClient).toEqual({ clientId: app.client_id, clientSecret: app.client_secret });
    expect(manifestFlow(state).registrations[0]?.manifest).toEqual(MANIFEST);

    expect(convert(state, codeOf(created.headers.location)).status).toBe(404);
    expect(convert(state, "made-up").status).toBe(404);
    expect(state.unhandled).toEqual([]);
  });

  it("registers under the organization on the org path, at /apps/ on github.com", () => {
    const state = new GitHubState();
    const created = postForm(state, "/organizations/acme/settings/apps/new", MANIFEST);
    expect(new URL(created.headers.location ?? "").searchParams.has("state")).toBe(false);
    const app = convert(state, codeOf(created.headers.location), "https://api.github.com").body ?? {};
    expect((app.owner as { login: string }).login).toBe("acme");
    expect(app.html_url).toBe("https://github.com/apps/safety-gate-test");
  });

  it("answers a manifest GitHub would refuse with an error page and no redirect", () => {
    const state = new GitHubState();
    const bad = postForm(state, "/settings/apps/new", { ...MANIFEST, hook_attributes: { url: "not a url" }, default_events: ["check_run"] });
    expect(bad.status).toBe(422);
    expect(bad.headers.location).toBeUndefined();
    expect(bad.body).toContain("hook_attributes.url is required");
    expect(bad.body).toContain("check_run needs the checks permission");
    expect(postForm(state, "/settings/apps/new", "{not json").status).toBe(422);
    expect(manifestFlow(state).registrations).toEqual([]);
  });

  it.each([
    ["redirect_url must be an http(s) URL", { ...MANIFEST, redirect_url: "javascript:alert(1)" }],
    ["callback_urls must be at most 10", { ...MANIFEST, callback_urls: Array.from({ length: 11 }, (_, i) => `https://e.org/${i}`) }],
    ["default_permissions.issues must be read or write", { ...MANIFEST, default_permissions: { issues: "admin" } }],
    ["name must be 1 to 34 characters", { ...MANIFEST, name: "x".repeat(35) }],
    ["made_up is not an event the simulator knows", { ...MANIFEST, default_events: ["made_up"] }],
  ])("refuses a manifest: %s", (problem, manifest) => {
    expect(manifestProblems(manifest).join("\n")).toContain(problem);
  });

  it("still fails on a request it has no route for", () => {
    const state = new GitHubState();
    expect(handleRequest(state, { method: "GET", url: "/app-manifests/x/conversions", headers: {} }).status).toBe(501);
    expect(state.unhandled).toHaveLength(1);
  });
});
