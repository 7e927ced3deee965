import { describe, expect, it } from "@jest/globals";
import { auditAuthFromEnv } from "../../../../src/web/auth/env.js";
import { githubBases } from "../../../../src/github/bases.js";

describe("githubBases", () => {
  it.each([
    ["github.com", {}, "https://github.com", "https://api.github.com"],
    ["empty host is github.com", { GHE_HOST: " " }, "https://github.com", "https://api.github.com"],
    ["protocol alone is ignored", { GHE_PROTOCOL: "http" }, "https://github.com", "https://api.github.com"],
    ["Enterprise, https by default", { GHE_HOST: "ghe.example.org" }, "https://ghe.example.org", "https://ghe.example.org/api/v3"],
    [
      "Enterprise over http with a port",
      { GHE_HOST: "127.0.0.1:8080", GHE_PROTOCOL: "http" },
      "http://127.0.0.1:8080",
      "http://127.0.0.1:8080/api/v3",
    ],
    [
      "protocol case-insensitive",
      { GHE_HOST: "ghe.example.org", GHE_PROTOCOL: "HTTPS" },
      "https://ghe.example.org",
      "https://ghe.example.org/api/v3",
    ],
  ])("%s", (_name, env, webBase, apiBase) => {
    expect(githubBases(env)).toEqual({ webBase, apiBase });
  });

  it.each([
    ["a protocol other than http(s)", { GHE_HOST: "ghe.example.org", GHE_PROTOCOL: "ftp" }, /GHE_PROTOCOL/],
    ["a host with a path", { GHE_HOST: "ghe.example.org/evil" }, /GHE_HOST/],
    ["a host with a scheme", { GHE_HOST: "https://ghe.example.org" }, /GHE_HOST/],
    ["a host with credentials", { GHE_HOST: "user@ghe.example.org" }, /GHE_HOST/],
  ])("refuses %s", (_name, env, message) => {
    expect(() => githubBases(env)).toThrow(message);
  });
});

describe("auditAuthFromEnv", () => {
  it("reads the OAuth credentials, the session secret and the bases", () => {
    expect(
      auditAuthFromEnv({ GITHUB_CLIENT_ID: "Iv1.abc", GITHUB_CLIENT_SECRET: " s3cret ", SESSION_SECRET: "x".repeat(32), GHE_HOST: "ghe.local" }),
    ).toEqual({
      clientId: "Iv1.abc",
      clientSecret: "s3cret",
      sessionSecret: "x".repeat(32),
      webBase: "https://ghe.local",
      apiBase: "https://ghe.local/api/v3",
    });
  });

  it("leaves missing or blank credentials undefined", () => {
    expect(auditAuthFromEnv({ GITHUB_CLIENT_ID: "", SESSION_SECRET: "  " })).toEqual({
      clientId: undefined,
      clientSecret: undefined,
      sessionSecret: undefined,
      webBase: "https://github.com",
      apiBase: "https://api.github.com",
    });
  });
});
