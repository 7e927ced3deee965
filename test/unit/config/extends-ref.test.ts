import { describe, expect, it } from "@jest/globals";
import { parseExtendsRef } from "../../../src/config/extends-ref.js";

describe("parseExtendsRef", () => {
  it.each([
    ["org-config", { repo: "org-config", path: ".github/clinical-safety.yml" }],
    ["acme/org-config", { owner: "acme", repo: "org-config", path: ".github/clinical-safety.yml" }],
    ["acme/.github", { owner: "acme", repo: ".github", path: ".github/clinical-safety.yml" }],
    ["acme/safety:configs/base.yml", { owner: "acme", repo: "safety", path: "configs/base.yml" }],
    ["acme/safety:base.yaml", { owner: "acme", repo: "safety", path: "base.yaml" }],
    ["  acme/safety  ", { owner: "acme", repo: "safety", path: ".github/clinical-safety.yml" }],
  ])("%s → %j", (value, expected) => {
    expect(parseExtendsRef(value)).toEqual(expected);
  });

  it.each([
    ["", "empty"],
    ["a/b/c", "too many slashes"],
    ["acme/safety:base.json", "not a YAML file"],
    ["acme/safety:../secrets.yml", "climbs out of the repository"],
    ["acme/safety:/etc/base.yml", "absolute path"],
    ["acme/safety:configs//base.yml", "empty path segment"],
    ["-acme/safety", "owner starts with a hyphen"],
    ["acme/..", "repository is .."],
    ["https://github.com/acme/safety", "a URL"],
  ])("refuses %j (%s)", (value) => {
    expect(parseExtendsRef(value)).toBeUndefined();
  });
});
