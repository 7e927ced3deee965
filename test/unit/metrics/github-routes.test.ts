import { describe, expect, it } from "@jest/globals";
import { ProbotOctokit } from "probot";
import { routesOf } from "../../../src/metrics/github-requests.js";
import { methodLabel, OTHER_ROUTE, RouteTable, routeLabel, statusLabel } from "../../../src/metrics/github-routes.js";

/** The table the plugin builds: every route of the endpoint methods of the Octokit the app runs with. */
const routes = () => routesOf(new ProbotOctokit({ auth: "table-token" }));
const GITHUB = "https://api.github.com";
const GHES = "http://127.0.0.1:9999/api/v3";

describe("routeLabel: a request's route template, never its concrete URL", () => {
  it.each<[string, string, string, string | undefined, string]>([
    ["a template is kept", "GET", "/repos/{owner}/{repo}/pulls/{pull_number}", GITHUB, "/repos/{owner}/{repo}/pulls/{pull_number}"],
    [
      "a template's query part is dropped",
      "POST",
      "/repos/{owner}/{repo}/releases/{release_id}/assets{?name,label}",
      GITHUB,
      "/repos/{owner}/{repo}/releases/{release_id}/assets",
    ],
    [
      "paginate's first page (expanded URL with query)",
      "GET",
      "https://api.github.com/repos/acme/eprescribe/pulls/7/files?per_page=100",
      GITHUB,
      "/repos/{owner}/{repo}/pulls/{pull_number}/files",
    ],
    [
      "a Link header's next page names the repository by id",
      "GET",
      `${GHES}/repositories/4242/pulls/7/files?per_page=100&page=2`,
      GHES,
      "/repos/{owner}/{repo}/pulls/{pull_number}/files",
    ],
    [
      "GHES's /api/v3 prefix is taken off",
      "GET",
      `${GHES}/repos/acme/eprescribe/issues/7/comments?per_page=100`,
      GHES,
      "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    ],
    [
      "a literal segment beats a parameter",
      "GET",
      `${GITHUB}/repos/acme/eprescribe/pulls/comments?per_page=100`,
      GITHUB,
      "/repos/{owner}/{repo}/pulls/comments",
    ],
    [
      "the commit's PRs",
      "GET",
      `${GITHUB}/repos/acme/eprescribe/commits/0a1b2c3d/pulls?per_page=100`,
      GITHUB,
      "/repos/{owner}/{repo}/commits/{commit_sha}/pulls",
    ],
    [
      "the PR's reviews",
      "GET",
      `${GITHUB}/repos/acme/eprescribe/pulls/7/reviews?page=3`,
      GITHUB,
      "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    ],
    ["an installation's repositories", "GET", `${GITHUB}/installation/repositories?per_page=100`, GITHUB, "/installation/repositories"],
    ["the app's installations", "GET", `${GITHUB}/app/installations?per_page=100&page=2`, GITHUB, "/app/installations"],
    ["a relative expanded path", "GET", "/repos/acme/eprescribe/pulls?state=open", undefined, "/repos/{owner}/{repo}/pulls"],
    ["a path no route has", "GET", `${GITHUB}/acme/secret-path/x`, GITHUB, OTHER_ROUTE],
    ["a known path with a method it does not take", "PUT", `${GITHUB}/repos/acme/eprescribe/pulls/7/files`, GITHUB, OTHER_ROUTE],
    ["a query holding a credential", "GET", `${GITHUB}/app/installations?access_token=ghs_SECRET`, GITHUB, "/app/installations"],
    ["a URL that does not parse", "GET", "http://[", GITHUB, OTHER_ROUTE],
  ])("%s", (_case, method, url, baseUrl, expected) => {
    const label = routeLabel(method, url, routes, baseUrl);
    expect(label).toBe(expected);
    // Whatever the case: no owner, repository, number or credential in the label.
    expect(label).not.toMatch(/acme|eprescribe|4242|SECRET|\?|\d/);
  });

  it("looks the table up only for an expanded URL", () => {
    let built = 0;
    const counting = () => {
      built++;
      return new RouteTable([]);
    };
    expect(routeLabel("GET", "/repos/{owner}/{repo}", counting, GITHUB)).toBe("/repos/{owner}/{repo}");
    expect(built).toBe(0);
    expect(routeLabel("GET", `${GITHUB}/repos/a/b`, counting, GITHUB)).toBe(OTHER_ROUTE);
    expect(built).toBe(1);
  });
});

describe("RouteTable", () => {
  it("matches by method and segment count, most literal segments first", () => {
    const table = new RouteTable(["GET /a/{x}/c", "GET /a/b/c", "GET /a/{x}", "POST /a/b/c", "not a route"]);
    expect(table.match("GET", "/a/b/c")).toBe("/a/b/c");
    expect(table.match("GET", "/a/z/c")).toBe("/a/{x}/c");
    expect(table.match("GET", "/a/z")).toBe("/a/{x}");
    expect(table.match("GET", "/a/z/c/d")).toBeUndefined();
    expect(table.match("DELETE", "/a/b/c")).toBeUndefined();
  });
});

describe("statusLabel and methodLabel: a fixed set of values", () => {
  it.each<[number | undefined, string]>([
    [200, "2xx"],
    [201, "2xx"],
    [204, "2xx"],
    [304, "304"],
    [301, "3xx"],
    [404, "4xx"],
    [429, "4xx"],
    [502, "5xx"],
    [undefined, "error"],
    [0, "error"],
    [700, "error"],
    [200.5, "error"],
  ])("status %p → %s", (status, label) => {
    expect(statusLabel(status)).toBe(label);
  });

  it.each<[unknown, string]>([
    ["get", "GET"],
    ["PATCH", "PATCH"],
    ["PROPFIND", "other"],
    [undefined, "other"],
  ])("method %p → %s", (method, label) => {
    expect(methodLabel(method)).toBe(label);
  });
});
