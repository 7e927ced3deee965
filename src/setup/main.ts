/**
 * `npm run setup`: registers the GitHub App from `app.yml` through GitHub's manifest flow and writes its
 * credentials to `.env`, where `npm start` reads them (src/main.ts).
 *
 * Probot ships the same flow (`ManifestCreation`, used by its own setup pages); it is not reused here because
 * it does not fit this app: it serves it under Probot's own server and `/probot/setup` path, which src/service.ts does not run;
 * `app.yml`'s `hook_attributes` replace the webhook URL it computes; it writes `.env` unconditionally,
 * overwriting an existing APP_ID and re-serialising every other line; and it sends no `callback_urls`, which
 * the audit pages' sign-in needs. What it does is small: a form, one unauthenticated POST, one file.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { githubBases } from "../github/bases.js";
import { CALLBACK_PATH } from "../web/auth/sign-in.js";
import type { RegisteredApp } from "./conversion.js";
import { CREDENTIAL_KEYS, mergeEnvFile, readEnvValues } from "./env-file.js";
import { buildManifest, httpUrl, webhookUrlFrom, withoutTrailingSlash } from "./manifest.js";
import { CALLBACK, startSetupServer } from "./server.js";

const USAGE = `Usage: npm run setup [-- [--force] [--name NAME]]

Registers the GitHub App from app.yml on GitHub (through your browser) and writes its credentials to .env.
Read from the environment or an existing .env:
  PUBLIC_URL         the address GitHub reaches the service at (webhooks, audit sign-in)
  WEBHOOK_PROXY_URL  for a trial on this machine: a webhook proxy channel (e.g. smee.io) instead
  GH_ORG             register the app under this organization (else your personal account)
  GHE_HOST, GHE_PROTOCOL  GitHub Enterprise Server
  PORT               the port of setup's page on 127.0.0.1 (default 3000)
Options:
  --force            register a new app even though .env has an APP_ID, replacing its credentials
  --name NAME        the app's name (default: app.yml's; names are unique across GitHub)
`;

/** The repository's app.yml, found from this file (src/setup/ or dist/setup/), whatever the working directory. */
const APP_YML = fileURLToPath(new URL("../../app.yml", import.meta.url));

const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/** A problem with how setup was asked to run (exit 2): the command line (then the usage is shown too) or a setting. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

/** What GitHub sends back was typed by a person: no terminal control sequences from it reach the terminal. */
function printable(text: string): string {
  return [...text].map((c) => (c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f) ? "?" : c)).join("");
}

function parseArgs(argv: readonly string[]): { force: boolean; name?: string; help: boolean } {
  const out: { force: boolean; name?: string; help: boolean } = { force: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--force") out.force = true;
    else if (arg === "--help" || arg === "-h") out.help = true;
    else if (arg === "--name" || arg?.startsWith("--name=")) {
      const value = arg === "--name" ? argv[++i] : arg.slice("--name=".length);
      if (!value?.trim()) throw new UsageError("--name needs a name", true);
      out.name = value.trim();
    } else throw new UsageError(`unknown argument: ${arg}`, true);
  }
  return out;
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw error;
  }
}

/** Replaces the file in one step (never half-written), readable by its owner only: it holds the private key. */
function writePrivateFile(path: string, text: string): void {
  const temporary = `${path}.setup-${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, path);
  } finally {
    // Never leave a copy of the key behind (the name is not in .gitignore).
    rmSync(temporary, { force: true });
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const cwd = process.cwd();
  const envPath = join(cwd, ".env");
  const shownPath = relative(cwd, envPath) || ".env";
  const fileValues = readEnvValues(readText(envPath));
  const present = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
  // The environment wins over .env, as it does for `npm start`.
  const setting = (name: string) => present(process.env[name]) ?? present(fileValues[name]);

  const existingAppId = present(fileValues.APP_ID);
  if (existingAppId && !args.force) {
    process.stderr.write(
      `${shownPath} already has APP_ID=${existingAppId}: the app is registered, and its credentials are kept.\n` +
        `To register another app and replace them, run: npm run setup -- --force\n`,
    );
    return 1;
  }

  let bases: ReturnType<typeof githubBases>;
  try {
    bases = githubBases({ GHE_HOST: setting("GHE_HOST"), GHE_PROTOCOL: setting("GHE_PROTOCOL") });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const webhook = webhookUrlFrom({
    PUBLIC_URL: setting("PUBLIC_URL"),
    WEBHOOK_PROXY_URL: setting("WEBHOOK_PROXY_URL"),
    WEBHOOK_PATH: setting("WEBHOOK_PATH"),
  });
  if ("problem" in webhook) throw new UsageError(webhook.problem);
  const org = setting("GH_ORG");
  if (org !== undefined && !GITHUB_LOGIN.test(org)) throw new UsageError(`GH_ORG must be an organization's login, not "${org}"`);
  const port = Number(setting("PORT") ?? "3000");
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("PORT must be a port number");
  const publicUrl = setting("PUBLIC_URL");
  if (publicUrl !== undefined && !httpUrl(publicUrl)) throw new UsageError("PUBLIC_URL must be an http(s) URL");
  // Where the audit pages will be once `npm start` runs: PUBLIC_URL, or its default there (src/env.ts).
  const auditBase = withoutTrailingSlash(publicUrl ?? `http://localhost:${port || 3000}`);
  const appYml = readFileSync(APP_YML, "utf8");
  const manifestFor = (localBase: string) =>
    buildManifest({
      appYml,
      webhookUrl: webhook.url,
      redirectUrl: `${localBase}${CALLBACK}`,
      callbackUrls: [`${auditBase}${CALLBACK_PATH}`],
      ...(args.name ? { name: args.name } : {}),
    });
  manifestFor("http://127.0.0.1"); // app.yml's problems now, not after the browser is open

  let written: { kept: number; keys: string[] } = { kept: 0, keys: [] };
  const store = (app: RegisteredApp) => {
    // Read again: another run may have written an app since this one started.
    const current = readText(envPath);
    if (present(readEnvValues(current).APP_ID) && !args.force) throw new Error(`${shownPath} has gained an APP_ID meanwhile; it was not overwritten`);
    const values: Record<string, string | undefined> = {
      APP_ID: String(app.id),
      PRIVATE_KEY: app.pem,
      WEBHOOK_SECRET: app.webhook_secret ?? undefined,
      GITHUB_CLIENT_ID: app.client_id,
      GITHUB_CLIENT_SECRET: app.client_secret,
    };
    const merged = mergeEnvFile(current, values, `GitHub App "${app.name}" (${app.html_url}), written by npm run setup`);
    writePrivateFile(envPath, merged.text);
    written = { kept: merged.kept, keys: CREDENTIAL_KEYS.filter((k) => values[k] !== undefined) };
  };

  const server = await startSetupServer({
    port,
    host: "127.0.0.1",
    manifest: manifestFor,
    newAppUrl: `${bases.webBase}${org ? `/organizations/${org}` : ""}/settings/apps/new`,
    webBase: bases.webBase,
    apiBase: bases.apiBase,
    owner: org ? `the organization ${org}` : "your personal account",
    envPath: shownPath,
    replacing: existingAppId !== undefined,
    store,
    warn: (line) => process.stderr.write(`${line}\n`),
  }).catch((error: unknown) => {
    // Most often the service itself, already running on the same PORT.
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
      throw new UsageError(`Port ${port} on 127.0.0.1 is in use (is npm start running?): stop it, or set PORT for setup.`);
    throw error;
  });
  const stop = () => void server.close().then(() => process.exit(130));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  process.stdout.write(
    `Registering the GitHub App on ${bases.webBase}${org ? ` for the organization ${org}` : ""}.\n` +
      `Open ${server.url}/ in a browser on this machine (signed in to GitHub) and follow the page.\n` +
      `Webhooks will go to ${webhook.url}\n`,
  );
  const { app, stored } = await server.registered;
  await server.close();
  process.stdout.write(`Registered "${printable(app.name)}" (App ID ${app.id}): ${printable(app.html_url)}\n`);
  if (!stored) {
    process.stderr.write(
      `Its credentials were not written to ${shownPath}. Delete the app in its settings on GitHub, or generate a private key and a client secret there and set them yourself.\n`,
    );
    return 1;
  }
  const kept = written.kept === 0 ? "" : ` (the ${written.kept} other setting${written.kept === 1 ? "" : "s"} already there kept)`;
  process.stdout.write(`Wrote ${written.keys.join(", ")} to ${shownPath}${kept}.\n`);
  if (!app.webhook_secret) {
    process.stderr.write(`GitHub gave no webhook secret: set one in the app's settings on GitHub and add WEBHOOK_SECRET=… to ${shownPath}.\n`);
  }
  if (present(process.env.APP_ID)) {
    process.stderr.write(
      `APP_ID is set in this shell's environment: npm start uses the environment's credentials, not ${shownPath}'s, while it is.\n`,
    );
  }
  process.stdout.write(
    `Next:\n` + `  1. Install the app on your repositories: ${printable(app.html_url)}/installations/new\n` + `  2. Start the service: npm start\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(error.showUsage ? `${error.message}\n\n${USAGE}` : `${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
