import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { convertManifestCode, ConversionError } from "../../../src/setup/conversion.js";
import { buildManifest, webhookUrlFrom } from "../../../src/setup/manifest.js";

const APP_YML = readFileSync(fileURLToPath(new URL("../../../app.yml", import.meta.url)), "utf8");
const OPTIONS = {
  appYml: APP_YML,
  webhookUrl: "https://gate.example.org/api/github/webhooks",
  redirectUrl: "http://127.0.0.1:3000/setup/callback",
  callbackUrls: ["https://gate.example.org/audit/callback"],
};

describe("the manifest npm run setup sends", () => {
  it("is app.yml's permissions and events, with this deployment's addresses, private", () => {
    const yml = parse(APP_YML) as Record<string, unknown>;
    const manifest = buildManifest(OPTIONS);
    expect(manifest.default_permissions).toEqual(yml.default_permissions);
    expect(manifest.default_events).toEqual(yml.default_events);
    expect(manifest.hook_attributes).toEqual({ url: OPTIONS.webhookUrl, active: true });
    expect(manifest).toMatchObject({
      name: yml.name,
      url: yml.url,
      redirect_url: OPTIONS.redirectUrl,
      callback_urls: OPTIONS.callbackUrls,
      public: false,
    });
    expect(buildManifest({ ...OPTIONS, name: "Acme Gate" }).name).toBe("Acme Gate");
  });

  it("is refused, naming the key, when app.yml could register an app that misses events or permissions", () => {
    expect(() =>
      buildManifest({ ...OPTIONS, appYml: "name: x\nurl: https://e.org\ndefault_events: []\ndefault_permissions: { checks: admin }\n" }),
    ).toThrow(/default_events: .*\n\s+default_permissions\.checks:/);
  });
});

describe("where webhooks go", () => {
  it.each([
    [{ PUBLIC_URL: "https://gate.example.org/" }, "https://gate.example.org/api/github/webhooks"],
    [{ PUBLIC_URL: "https://gate.example.org", WEBHOOK_PATH: "/hooks" }, "https://gate.example.org/hooks"],
    // The proxy channel is the address GitHub posts to; its client forwards to the local webhook path.
    [{ PUBLIC_URL: "http://localhost:3000", WEBHOOK_PROXY_URL: "https://smee.io/abc" }, "https://smee.io/abc"],
  ])("%j → %s", (settings, url) => {
    expect(webhookUrlFrom(settings)).toEqual({ url });
  });

  it("is a sentence saying what to set when nothing says", () => {
    expect(webhookUrlFrom({})).toEqual({ problem: expect.stringContaining("Set PUBLIC_URL") });
    expect(webhookUrlFrom({ PUBLIC_URL: "ftp://x" })).toEqual({ problem: "PUBLIC_URL must be an http(s) URL" });
  });
});

describe("exchanging the code", () => {
  const answer = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;
  const SECRET_PEM = "-----BEGIN RSA PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END RSA PRIVATE KEY-----\n";

  it("says which fields GitHub's answer lacks, never their values", async () => {
    const error = await convertManifestCode({
      apiBase: "https://api.github.com",
      code: "abc",
      fetch: answer(201, {
        id: 1,
        slug: "s",
        name: "n",
        html_url: "https://github.com/apps/s",
        pem: SECRET_PEM,
        webhook_secret: "whsecret",
        client_secret: "csecret",
      }),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConversionError);
    expect((error as Error).message).toBe("GitHub's answer lacks client_id");
    expect(/SECRETKEYMATERIAL|whsecret|csecret/.test((error as Error).message)).toBe(false);
  });

  it("explains a used or expired code, and refuses a code that is not one GitHub issues before sending it anywhere", async () => {
    await expect(
      convertManifestCode({ apiBase: "https://api.github.com", code: "abc", fetch: answer(404, { message: "Not Found" }) }),
    ).rejects.toThrow("GitHub answered 404: Not Found (the code is used or expired: codes work once, for an hour; start again)");
    let called = false;
    const spy = (async () => {
      called = true;
      return new Response("{}", { status: 201 });
    }) as unknown as typeof fetch;
    await expect(convertManifestCode({ apiBase: "https://api.github.com", code: "../../user", fetch: spy })).rejects.toThrow(ConversionError);
    expect(called).toBe(false);
  });
});
