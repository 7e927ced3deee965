import { describe, expect, it } from "@jest/globals";
import { parseEnv } from "../../src/env.js";

const BASE = { APP_ID: "1", PRIVATE_KEY: "key", WEBHOOK_SECRET: "s" };

describe("parseEnv: INBOX_LEASE_SECONDS", () => {
  it.each<[string | undefined, number | string]>([
    [undefined, 30],
    ["5", 5],
    ["120", 120],
    ["4", "INBOX_LEASE_SECONDS must be at least 5"],
    ["601", "INBOX_LEASE_SECONDS must be at most 600"],
    ["soon", "INBOX_LEASE_SECONDS"],
  ])("%s → %s", (value, expected) => {
    const env = { ...BASE, ...(value === undefined ? {} : { INBOX_LEASE_SECONDS: value }) };
    if (typeof expected === "number") expect(parseEnv(env).INBOX_LEASE_SECONDS).toBe(expected);
    else expect(() => parseEnv(env)).toThrow(expected);
  });

  it("names every problem at once, never a secret's value", () => {
    let message = "";
    try {
      parseEnv({ APP_ID: "x", WEBHOOK_SECRET: "", PRIVATE_KEY: "-----BEGIN SECRET-----", INBOX_LEASE_SECONDS: "1" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("APP_ID");
    expect(message).toContain("WEBHOOK_SECRET");
    expect(message).toContain("INBOX_LEASE_SECONDS");
    expect(message).not.toContain("BEGIN SECRET");
  });
});
