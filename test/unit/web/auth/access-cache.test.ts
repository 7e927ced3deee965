import { describe, expect, it } from "@jest/globals";
import { AccessCache } from "../../../../src/github/access-cache.js";

describe("AccessCache", () => {
  it.each([
    ["before expiry", 999, true],
    ["at expiry", 1000, undefined],
    ["after expiry", 5000, undefined],
  ])("answers %s: %s", (_when, at, expected) => {
    const cache = new AccessCache();
    cache.set("k", true, 1000);
    expect(cache.get("k", at)).toBe(expected);
  });

  it("keys by token and repository, case-insensitive in the repository, never holding the token", () => {
    const key = AccessCache.key("ghu_token", "Acme/EPrescribe");
    expect([
      key === AccessCache.key("ghu_token", "acme/eprescribe"),
      key === AccessCache.key("ghu_other", "acme/eprescribe"),
      key.includes("ghu_token"),
    ]).toEqual([true, false, false]);
  });

  it("drops the oldest entries beyond its bound", () => {
    const cache = new AccessCache(2);
    cache.set("a", true, 100);
    cache.set("b", false, 100);
    cache.set("c", true, 100);
    expect([cache.size, cache.get("a", 0), cache.get("b", 0), cache.get("c", 0)]).toEqual([2, undefined, false, true]);
  });
});
