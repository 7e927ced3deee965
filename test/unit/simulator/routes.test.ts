import { describe, it, expect } from "@jest/globals";
import { handleRequest, parseCaller, routePath } from "../../simulator/routes.js";
import { GitHubState } from "../../simulator/state.js";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjF9.c2ln";

function setup() {
  const state = new GitHubState();
  state.addRepo({ owner: "acme", name: "ehr" });
  state.openPullRequest({ owner: "acme", repo: "ehr", title: "t", author: "dev" });
  return state;
}

function call(state: GitHubState, method: string, url: string, auth: string | null = "token x", body?: unknown) {
  const response = handleRequest(state, { method, url, headers: auth ? { Authorization: auth } : {}, body });
  return {
    status: response.status,
    json: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : undefined,
    headers: response.headers,
  };
}

describe("routePath", () => {
  it.each([
    ["/repos/a/b", "/repos/a/b"],
    ["/api/v3/repos/a/b", "/repos/a/b"],
    ["/api/v3/repos/a/b/", "/repos/a/b"],
    ["/api/v3", "/"],
    ["/api/v30/x", "/api/v30/x"],
  ])("%s → %s", (pathname, expected) => {
    expect(routePath(pathname)).toBe(expected);
  });
});

describe("parseCaller", () => {
  const state = new GitHubState();
  state.addUserToken("alice-token", "alice");
  state.tokens["ghs_known"] = { kind: "installation", installationId: 7 };
  it.each([
    [undefined, undefined],
    ["", undefined],
    ["Basic abc", undefined],
    [`Bearer ${JWT}`, { kind: "app" }],
    ["token alice-token", { kind: "user", login: "alice" }],
    ["bearer alice-token", { kind: "user", login: "alice" }],
    ["token ghs_known", { kind: "installation", installationId: 7 }],
    ["token anything-else", { kind: "installation" }],
  ])("%j → %j", (header, expected) => {
    expect(parseCaller(state, header)).toEqual(expected);
  });
});

describe("handleRequest", () => {
  it.each([
    ["a bare path", "/repos/acme/ehr/pulls/1"],
    ["api.github.com", "https://api.github.com/repos/acme/ehr/pulls/1"],
    ["a GHE host with /api/v3", "http://127.0.0.1:9999/api/v3/repos/acme/ehr/pulls/1"],
    ["different case in owner and repo", "/repos/ACME/Ehr/pulls/1"],
  ])("routes %s", (_, url) => {
    const state = setup();
    expect(call(state, "GET", url).json?.number).toBe(1);
    expect(state.requests[0]).toMatchObject({ method: "GET", status: 200 });
  });

  it("records method, path without prefix, decoded, with query and body", () => {
    const state = setup();
    call(state, "post", "http://h/api/v3/repos/acme/ehr/issues/1/labels?x=1", "token x", '{"labels":["a b"]}');
    call(state, "GET", "/repos/acme/ehr/contents/.github%2Fclinical-safety.yml?ref=main");
    expect(state.requests.map(({ method, path, query, body }) => ({ method, path, query, body }))).toEqual([
      { method: "POST", path: "/repos/acme/ehr/issues/1/labels", query: { x: "1" }, body: { labels: ["a b"] } },
      { method: "GET", path: "/repos/acme/ehr/contents/.github/clinical-safety.yml", query: { ref: "main" }, body: undefined },
    ]);
  });

  it.each([
    ["no credentials", "GET", "/repos/acme/ehr", null, 401],
    ["a JWT on a repository endpoint", "GET", "/repos/acme/ehr", `bearer ${JWT}`, 401],
    ["a token on an app endpoint", "GET", "/app", "token x", 401],
    ["a JWT on an app endpoint", "GET", "/app", `bearer ${JWT}`, 200],
    ["a JWT asking for the repo installation", "GET", "/repos/acme/ehr/installation", `bearer ${JWT}`, 200],
    ["a token for an unknown installation", "POST", "/app/installations/99/access_tokens", `bearer ${JWT}`, 404],
  ])("answers %s with the right status", (_, method, url, auth, status) => {
    expect(call(setup(), method, url, auth).status).toBe(status);
  });

  it("answers 501 and records as unhandled a route it does not have, even without credentials", () => {
    const state = setup();
    expect(call(state, "GET", "/repos/acme/ehr/branches", null).status).toBe(501);
    expect(call(state, "PUT", "/repos/acme/ehr/pulls/1", "token x").status).toBe(501);
    expect(state.unhandled.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /repos/acme/ehr/branches", "PUT /repos/acme/ehr/pulls/1"]);
  });

  it("answers 400 to a body that is not JSON", () => {
    const state = setup();
    expect(call(state, "POST", "/repos/acme/ehr/issues/1/comments", "token x", "{not json").status).toBe(400);
    expect(state.comments).toEqual([]);
  });

  it("applies an injected fault before the handler, so nothing changes", () => {
    const state = setup();
    state.failNext("POST", "/comments$", 500);
    expect(call(state, "POST", "/repos/acme/ehr/issues/1/comments", "token x", { body: "x" }).status).toBe(500);
    expect(state.comments).toEqual([]);
    expect(call(state, "POST", "/repos/acme/ehr/issues/1/comments", "token x", { body: "x" }).status).toBe(201);
  });

  it("turns a handler crash into 500 and records it as unhandled", () => {
    const state = setup();
    // Corrupt state makes the handler throw: a simulator bug, which must not pass for an ordinary 5xx.
    Object.assign(state.requirePull({ owner: "acme", repo: "ehr", number: 1 }), { files: null });
    const response = call(state, "GET", "/repos/acme/ehr/pulls/1/files");
    expect([response.status, String(response.json?.message)]).toEqual([500, expect.stringMatching(/^GitHub simulator error/)]);
    expect(state.unhandled.map((r) => r.path)).toEqual(["/repos/acme/ehr/pulls/1/files"]);
  });
});
