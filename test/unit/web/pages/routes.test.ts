import { describe, expect, it } from "@jest/globals";
import { matchRoute, type Route } from "../../../../src/web/pages/routes.js";

describe("matchRoute", () => {
  it.each<[string, Route]>([
    ["/audit", { page: "history" }],
    ["/audit/", { page: "history" }],
    ["/audit/involvement", { page: "involvement" }],
    ["/audit/needs-me", { page: "needs-me" }],
    ["/audit/needs-me/", { page: "needs-me" }],
    ["/audit/acme/eprescribe/pull/7", { page: "pull", repo: "acme/eprescribe", pr: 7 }],
    ["/audit/acme/eprescribe/pull/7/", { page: "pull", repo: "acme/eprescribe", pr: 7 }],
    ["/audit/my.org/my_repo-2/pull/2147483647", { page: "pull", repo: "my.org/my_repo-2", pr: 2147483647 }],
    ["/audit/acme/eprescribe/hazard/HAZ-002", { page: "hazard", repo: "acme/eprescribe", hazardId: "HAZ-002" }],
    ["/audit/acme/eprescribe/hazard/HAZ%2D002", { page: "hazard", repo: "acme/eprescribe", hazardId: "HAZ-002" }],
    ["/audit/acme/eprescribe/release", { page: "release", repo: "acme/eprescribe" }],
    ["/audit/acme/eprescribe/hazards", { page: "hazards", repo: "acme/eprescribe" }],
    ["/audit/acme/eprescribe/hazards/", { page: "hazards", repo: "acme/eprescribe" }],
    [`/audit/acme/eprescribe/push/${"0a".repeat(20)}`, { page: "push", repo: "acme/eprescribe", sha: "0a".repeat(20) }],
  ])("%s names a page", (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });

  it.each([
    ["outside /audit", "/auditx"],
    ["a prefix only", "/other/audit"],
    ["an unknown page", "/audit/settings"],
    ["needs-me with more segments", "/audit/needs-me/acme"],
    ["needs-me in another case", "/audit/Needs-Me"],
    ["a repository without a page", "/audit/acme/eprescribe"],
    ["an unknown kind of page", "/audit/acme/eprescribe/issues/7"],
    ["PR number zero", "/audit/acme/eprescribe/pull/0"],
    ["a PR number with a leading zero", "/audit/acme/eprescribe/pull/07"],
    ["a PR number beyond the trail's INTEGER column", "/audit/acme/eprescribe/pull/2147483648"],
    ["a non-numeric PR number", "/audit/acme/eprescribe/pull/7a"],
    ["an encoded slash in the owner", "/audit/acme%2Fx/eprescribe/pull/7"],
    ["a dot-dot owner", "/audit/../eprescribe/pull/7"],
    ["markup in a hazard id", "/audit/acme/eprescribe/hazard/%3Cscript%3E"],
    ["a malformed escape", "/audit/acme/e%E0%A4%A/pull/7"],
    ["extra segments", "/audit/acme/eprescribe/pull/7/files"],
    ["a segment after the hazard index", "/audit/acme/eprescribe/hazards/HAZ-002"],
    ["the hazard index without a repository", "/audit/acme/hazards"],
    ["a hazard page without an id", "/audit/acme/eprescribe/hazard"],
    ["a push named by a short SHA", "/audit/acme/eprescribe/push/0a0a0a0"],
    ["a push named by an upper-case SHA", `/audit/acme/eprescribe/push/${"0A".repeat(20)}`],
    ["a push named by something else", `/audit/acme/eprescribe/push/${"0g".repeat(20)}`],
    ["a push without a SHA", "/audit/acme/eprescribe/push"],
  ])("%s is no page", (_what, path) => {
    expect(matchRoute(path)).toBeUndefined();
  });
});
