import { describe, expect, it } from "@jest/globals";
import { matchRoute, SIGNING_PAGES, type Route } from "../../../../src/web/pages/routes.js";

/** The signing pages' paths, and that they alone take a POST. */
describe("the signing pages' routes", () => {
  it.each<[string, Route | undefined]>([
    ["/audit/acme/eprescribe/pull/7/sign", { page: "sign", repo: "acme/eprescribe", pr: 7 }],
    ["/audit/acme/eprescribe/pull/7/sign/", { page: "sign", repo: "acme/eprescribe", pr: 7 }],
    ["/audit/acme/eprescribe/release/approve", { page: "release-approve", repo: "acme/eprescribe" }],
    ["/audit/acme/eprescribe/pull/0/sign", undefined],
    ["/audit/acme/eprescribe/pull/7/signs", undefined],
    ["/audit/acme/eprescribe/pull/7/sign/more", undefined],
    ["/audit/acme/eprescribe/release/approve/now", undefined],
    ["/audit/acme/../pull/7/sign", undefined],
  ])("%s", (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });

  it("lets only the signing pages take a POST", () => {
    expect([...SIGNING_PAGES].sort()).toEqual(["release-approve", "sign"]);
  });
});
