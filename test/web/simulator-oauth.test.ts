import { beforeEach, describe, expect, it } from "@jest/globals";
import { handleRequest, type SimRequest } from "../simulator/routes.js";
import { GitHubState } from "../simulator/state.js";
import { authorizeForm } from "./browser.js";

/**
 * The simulator's additions for the audit pages: GitHub's OAuth web flow, `GET /user`, the compare API, and
 * repository visibility for a person's token. Through the router directly (no transport), in GitHub's shapes.
 */

const WEB = "http://127.0.0.1:9999";
const CALLBACK = "http://127.0.0.1:8888/audit/callback";

function call(gh: GitHubState, method: string, path: string, options: { token?: string; body?: string; headers?: Record<string, string> } = {}) {
  const headers: SimRequest["headers"] = { ...options.headers };
  if (options.token) headers.authorization = `token ${options.token}`;
  return handleRequest(gh, { method, url: `${WEB}${path}`, headers, ...(options.body !== undefined ? { body: options.body } : {}) });
}

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded" },
});

describe("simulated OAuth web flow", () => {
  let gh: GitHubState;
  beforeEach(() => {
    gh = new GitHubState();
  });

  const authorizeQuery = (extra: Record<string, string> = {}) =>
    `/login/oauth/authorize?${new URLSearchParams({ client_id: gh.oauthClient.clientId, redirect_uri: CALLBACK, state: `s"<1>`, ...extra }).toString()}`;

  /** Submits the authorize form as `login`; returns the callback URL it redirects to. */
  const authorize = (login: string, decision = "authorize"): URL => {
    const page = call(gh, "GET", authorizeQuery());
    const { fields } = authorizeForm(page.body);
    const answer = call(gh, "POST", "/login/oauth/authorize", form({ ...fields, login, decision }));
    return new URL(answer.headers.location ?? "");
  };

  const exchange = (code: string, overrides: Record<string, string> = {}, accept = "application/json") =>
    call(gh, "POST", "/login/oauth/access_token", {
      ...form({ client_id: gh.oauthClient.clientId, client_secret: gh.oauthClient.clientSecret, code, redirect_uri: CALLBACK, ...overrides }),
      headers: { "content-type": "application/x-www-form-urlencoded", accept },
    });

  it("shows an authorize form that carries the request, escaped, without credentials", () => {
    const page = call(gh, "GET", authorizeQuery());
    const { action, fields } = authorizeForm(page.body);
    expect([page.status, page.headers["content-type"], action, fields]).toEqual([
      200,
      "text/html; charset=utf-8",
      "/login/oauth/authorize",
      { client_id: gh.oauthClient.clientId, redirect_uri: CALLBACK, state: `s"<1>` },
    ]);
    expect(page.body).toContain('<label for="login">Sign in to the GitHub simulator as:</label>');
    expect(page.body).not.toContain(`s"<1>`);
  });

  it.each([
    ["an unknown client", { client_id: "Iv1.other" }, 404],
    ["a redirect URI that is not http(s)", { redirect_uri: "javascript:alert(1)" }, 400],
  ])("refuses %s with an error page, not a redirect", (_name, extra, status) => {
    const page = call(gh, "GET", authorizeQuery(extra));
    expect([page.status, page.headers.location]).toEqual([status, undefined]);
  });

  it("redirects back with a code and the state", () => {
    const back = authorize("dr-cleo");
    expect([back.origin + back.pathname, back.searchParams.get("state"), back.searchParams.get("code")?.startsWith("simcode")]).toEqual([
      CALLBACK,
      `s"<1>`,
      true,
    ]);
  });

  it("redirects back with access_denied when the person cancels", () => {
    const back = authorize("dr-cleo", "cancel");
    expect([back.searchParams.get("error"), back.searchParams.get("state"), back.searchParams.has("code")]).toEqual([
      "access_denied",
      `s"<1>`,
      false,
    ]);
  });

  it.each(["", "-leading", "has space", "a".repeat(40), "<script>"])("refuses %j as a login", (login) => {
    const { fields } = authorizeForm(call(gh, "GET", authorizeQuery()).body);
    const answer = call(gh, "POST", "/login/oauth/authorize", form({ ...fields, login }));
    expect([answer.status, answer.body.includes("<script>")]).toEqual([422, false]);
  });

  it("exchanges a code for a user token that acts as the person, once", () => {
    const code = authorize("dr-cleo").searchParams.get("code") ?? "";
    const first = exchange(code);
    const token = (JSON.parse(first.body) as { access_token: string }).access_token;
    const again = exchange(code);
    expect([first.status, JSON.parse(first.body), gh.tokens[token]]).toEqual([
      200,
      { access_token: token, token_type: "bearer", scope: "" },
      { kind: "user", login: "dr-cleo" },
    ]);
    expect(JSON.parse(again.body)).toMatchObject({ error: "bad_verification_code" });
  });

  it("answers form-encoded unless JSON is asked for, as GitHub does", () => {
    const code = authorize("dr-cleo").searchParams.get("code") ?? "";
    const answer = exchange(code, {}, "*/*");
    const fields = new URLSearchParams(answer.body);
    expect([answer.headers["content-type"], fields.get("token_type"), fields.get("access_token")?.startsWith("ghu_")]).toEqual([
      "application/x-www-form-urlencoded; charset=utf-8",
      "bearer",
      true,
    ]);
  });

  it.each([
    ["a wrong client secret", { client_secret: "nope" }, "incorrect_client_credentials"],
    ["another client", { client_id: "Iv1.other" }, "incorrect_client_credentials"],
    ["another redirect URI", { redirect_uri: "http://127.0.0.1:1/cb" }, "redirect_uri_mismatch"],
    ["an invented code", { code: "simcode1" }, "bad_verification_code"],
  ])("refuses (with 200, as GitHub does) %s", (_name, overrides, error) => {
    const code = authorize("dr-cleo").searchParams.get("code") ?? "";
    const answer = exchange(code, overrides);
    expect([answer.status, (JSON.parse(answer.body) as { error: string }).error]).toEqual([200, error]);
  });

  it("accepts JSON bodies too", () => {
    const code = authorize("dr-cleo").searchParams.get("code") ?? "";
    const answer = call(gh, "POST", "/login/oauth/access_token", {
      body: JSON.stringify({ client_id: gh.oauthClient.clientId, client_secret: gh.oauthClient.clientSecret, code }),
      headers: { "content-type": "application/json", accept: "application/json" },
    });
    expect(JSON.parse(answer.body)).toMatchObject({ token_type: "bearer" });
  });
});

describe("simulated GET /user", () => {
  it.each([
    ["a person's token", "user", 200, "dr-cleo"],
    ["an installation token", "installation", 403, undefined],
  ])("answers %s with %s", (_name, kind, status, login) => {
    const gh = new GitHubState();
    gh.addUserToken("ghu_cleo", "dr-cleo");
    const answer = call(gh, "GET", "/api/v3/user", { token: kind === "user" ? "ghu_cleo" : "ghs_whatever" });
    expect([answer.status, (JSON.parse(answer.body) as { login?: string }).login]).toEqual([status, login]);
  });

  it("needs a token", () => {
    expect(call(new GitHubState(), "GET", "/user").status).toBe(401);
  });
});

describe("repository visibility for a person's token", () => {
  it.each([
    ["a public repository", false, undefined, 200],
    ["a public repository, explicit none (public is public)", false, "none", 200],
    ["a private repository, no permission", true, undefined, 404],
    ["a private repository, explicit none", true, "none", 404],
    ["a private repository, read", true, "read", 200],
    ["a private repository, admin", true, "admin", 200],
  ] as const)("%s → %s", (_name, isPrivate, permission, status) => {
    const gh = new GitHubState();
    gh.addRepo({ owner: "acme", name: "ehr", private: isPrivate, files: { "a.txt": "a\n" } });
    if (permission) gh.setPermission("acme", "ehr", "dev", permission);
    gh.addUserToken("ghu_dev", "dev");
    const answers = ["/repos/acme/ehr", "/repos/acme/ehr/contents/a.txt"].map((p) => call(gh, "GET", p, { token: "ghu_dev" }).status);
    expect(answers).toEqual([status, status]);
  });

  it("still lets the app's installation see its private repositories", () => {
    const gh = new GitHubState();
    gh.addRepo({ owner: "acme", name: "ehr", private: true });
    expect(call(gh, "GET", "/repos/acme/ehr", { token: "ghs_installation" }).status).toBe(200);
  });
});

describe("simulated compare API", () => {
  function repoWithHistory() {
    const gh = new GitHubState();
    gh.addRepo({ owner: "acme", name: "ehr", files: { "keep.txt": "k\n", "gone.txt": "g\n" } });
    const feature = [1, 2, 3].map((i) => gh.commitToBranch("acme", "ehr", "feature", { [`f${i}.txt`]: `${i}\n`, "gone.txt": null }).after);
    const hotfix = gh.commitToBranch("acme", "ehr", "main", { "keep.txt": "k2\n" }).after;
    return { gh, feature, hotfix };
  }

  type Compare = {
    status: string;
    ahead_by: number;
    behind_by: number;
    total_commits: number;
    commits: { sha: string; parents: { sha: string }[]; commit: { message: string } }[];
    files: { filename: string; status: string }[];
    merge_base_commit: { sha: string };
  };

  it("lists the commits ahead, oldest first, and the files changed since the merge base", () => {
    const { gh, feature } = repoWithHistory();
    const answer = call(gh, "GET", "/api/v3/repos/acme/ehr/compare/main...feature", { token: "x" });
    const body = JSON.parse(answer.body) as Compare;
    expect([answer.status, body.status, body.ahead_by, body.behind_by, body.total_commits]).toEqual([200, "diverged", 3, 1, 3]);
    expect(body.commits.map((c) => c.sha)).toEqual(feature);
    expect(body.commits[1]?.parents).toEqual([expect.objectContaining({ sha: feature[0] })]);
    expect(body.files.map((f) => [f.filename, f.status])).toEqual([
      ["f1.txt", "added"],
      ["f2.txt", "added"],
      ["f3.txt", "added"],
      ["gone.txt", "removed"],
    ]);
  });

  it.each([
    ["feature...main", "diverged", 1],
    ["feature...feature", "identical", 0],
  ])("compares %s: %s, %s ahead", (basehead, status, ahead) => {
    const { gh } = repoWithHistory();
    const body = JSON.parse(call(gh, "GET", `/repos/acme/ehr/compare/${basehead}`, { token: "x" }).body) as Compare;
    expect([body.status, body.ahead_by]).toEqual([status, ahead]);
  });

  it("paginates the commits when asked, with a Link header, listing files on the first page only", () => {
    const { gh, feature } = repoWithHistory();
    const page = (n: number) => call(gh, "GET", `/api/v3/repos/acme/ehr/compare/main...feature?per_page=2&page=${n}`, { token: "x" });
    const [one, two] = [page(1), page(2)];
    const [b1, b2] = [JSON.parse(one.body) as Compare, JSON.parse(two.body) as Compare];
    expect([b1.commits.map((c) => c.sha), b2.commits.map((c) => c.sha), b1.files.length, b2.files.length, b2.total_commits]).toEqual([
      feature.slice(0, 2),
      feature.slice(2),
      4,
      0,
      3,
    ]);
    expect(one.headers.link).toContain('/compare/main...feature?per_page=2&page=2>; rel="next"');
  });

  it.each(["main...nope", "nope...main", "main..feature", "main"])("answers 404 for %s", (basehead) => {
    const { gh } = repoWithHistory();
    expect(call(gh, "GET", `/repos/acme/ehr/compare/${basehead}`, { token: "x" }).status).toBe(404);
  });

  it("answers 404 when the two refs share no history", () => {
    const { gh } = repoWithHistory();
    const orphan = "f".repeat(40);
    gh.setFile("acme", "ehr", orphan, "x.txt", "x\n");
    expect(call(gh, "GET", `/repos/acme/ehr/compare/main...${orphan}`, { token: "x" }).status).toBe(404);
  });
});

describe("simulated DELETE /applications/{client_id}/token (token revocation)", () => {
  const revoke = (gh: GitHubState, token: string, basic: string, clientId = gh.oauthClient.clientId) =>
    call(gh, "DELETE", `/api/v3/applications/${clientId}/token`, {
      body: JSON.stringify({ access_token: token }),
      headers: { authorization: `Basic ${Buffer.from(basic).toString("base64")}`, "content-type": "application/json" },
    });

  it("revokes a user token with the app's client credentials; the token is refused with 401 from then on", () => {
    const gh = new GitHubState();
    const token = gh.issueUserToken("dr-cleo");
    const { clientId, clientSecret } = gh.oauthClient;
    expect(call(gh, "GET", "/api/v3/user", { token }).status).toBe(200);
    expect(revoke(gh, token, `${clientId}:${clientSecret}`).status).toBe(204);
    const after = call(gh, "GET", "/api/v3/user", { token });
    expect([after.status, JSON.parse(after.body)]).toEqual([401, expect.objectContaining({ message: "Bad credentials" })]);
    expect(revoke(gh, token, `${clientId}:${clientSecret}`).status).toBe(404);
  });

  it.each([
    ["a wrong client secret", (id: string) => `${id}:wrong`, 404],
    ["another client id", () => "Iv1.other:simulated-client-secret", 404],
  ])("refuses %s and leaves the token working", (_name, basic, status) => {
    const gh = new GitHubState();
    const token = gh.issueUserToken("dr-cleo");
    expect(revoke(gh, token, basic(gh.oauthClient.clientId)).status).toBe(status);
    expect(call(gh, "GET", "/api/v3/user", { token }).status).toBe(200);
  });

  it("needs basic auth", () => {
    const gh = new GitHubState();
    const token = gh.issueUserToken("dr-cleo");
    const answer = call(gh, "DELETE", `/api/v3/applications/${gh.oauthClient.clientId}/token`, { body: JSON.stringify({ access_token: token }) });
    expect(answer.status).toBe(401);
    expect(call(gh, "GET", "/api/v3/user", { token }).status).toBe(200);
  });
});
