import { describe, expect, it } from "@jest/globals";
import { generateKeyPairSync } from "node:crypto";
import { getPrivateKey } from "@probot/get-private-key";
import { formatEntry, mergeEnvFile, readEnvValues } from "../../../src/setup/env-file.js";

const PEM = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

const CREDENTIALS = {
  APP_ID: "123456",
  PRIVATE_KEY: PEM,
  WEBHOOK_SECRET: "0123456789abcdef0123456789abcdef01234567",
  GITHUB_CLIENT_ID: "Iv23liABCDEF",
  GITHUB_CLIENT_SECRET: "fedcba9876543210fedcba9876543210fedcba98",
};

describe(".env as npm run setup writes it", () => {
  it("reads back exactly what was written, the private key with its newlines, with Node's parser and Probot's", () => {
    const { text } = mergeEnvFile("", CREDENTIALS);
    expect(readEnvValues(text)).toEqual(CREDENTIALS);
    // What Probot's createProbot does with PRIVATE_KEY (src/main.ts hands it process.env).
    expect(getPrivateKey({ env: { PRIVATE_KEY: readEnvValues(text).PRIVATE_KEY } })).toBe(PEM);
    // One line per key: the file stays line-oriented for the next merge and for people reading it.
    expect(text.split("\n").filter((l) => l.startsWith("PRIVATE_KEY="))).toHaveLength(1);
  });

  it("keeps every other line (comments, blank lines, export, quoted values) and replaces only the keys it writes", () => {
    const existing = [
      "# the service's address",
      "PUBLIC_URL=https://safety.example.org",
      "",
      "export DATABASE_URL='postgres://gate@db/gate'",
      'APP_ID="999"',
      'PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----',
      "OLDKEYMATERIAL",
      '-----END RSA PRIVATE KEY-----"',
      "LOG_LEVEL=debug",
    ].join("\n");
    const { text, kept } = mergeEnvFile(existing, CREDENTIALS, "written by setup");
    expect(
      text.startsWith(
        [
          "# the service's address",
          "PUBLIC_URL=https://safety.example.org",
          "",
          "export DATABASE_URL='postgres://gate@db/gate'",
          "LOG_LEVEL=debug",
          "",
        ].join("\n"),
      ),
    ).toBe(true);
    expect(text).not.toContain("OLDKEYMATERIAL");
    expect(text).not.toContain("999");
    expect(text).toContain("\n# written by setup\nAPP_ID=123456\n");
    expect(kept).toBe(3);
    expect(readEnvValues(text)).toEqual({
      PUBLIC_URL: "https://safety.example.org",
      DATABASE_URL: "postgres://gate@db/gate",
      LOG_LEVEL: "debug",
      ...CREDENTIALS,
    });
  });

  it("treats an unclosed quote as Node does: the rest of that line only, so later lines are kept", () => {
    const { text } = mergeEnvFile('APP_ID="12\nPUBLIC_URL=https://a.example\n', { APP_ID: "7" });
    expect(readEnvValues(text)).toEqual({ PUBLIC_URL: "https://a.example", APP_ID: "7" });
  });

  it("writes plain values bare and refuses a value it could not write so that it reads back unchanged", () => {
    expect(formatEntry("APP_ID", "42")).toBe("APP_ID=42");
    expect(formatEntry("NAME", "a b")).toBe('NAME="a b"');
    expect(() => formatEntry("X", 'say "hi"')).toThrow("X: the value cannot be written to .env unchanged");
    expect(() => formatEntry("X", "back\\slash")).toThrow("X:");
  });

  it("never comments with a line break (a value could be smuggled in as a second line)", () => {
    const { text } = mergeEnvFile("", { APP_ID: "1" }, 'App "x"\nWEBHOOK_SECRET=evil');
    expect(readEnvValues(text)).toEqual({ APP_ID: "1" });
  });
});
