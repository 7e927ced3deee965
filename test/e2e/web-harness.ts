import { existsSync } from "node:fs";
import { Writable } from "node:stream";
import { pino } from "pino";
import type { Browser, Page } from "playwright-core";
import { Probot, Server, type ApplicationFunction } from "probot";
import type { AuditStore } from "../../src/store/audit-store.js";
import { LOG_REDACT_PATHS } from "../../src/web/auth/log-redaction.js";
import { createAuditHandler } from "../../src/web/router.js";
import type { RenderPage } from "../../src/web/types.js";
import { MemoryRevokedSessions } from "../fakes/memory-revoked-sessions.js";
import { generatePrivateKey, UNTHROTTLED } from "../simulator/probot.js";
import { startSimulatorServer, type SimulatorServer } from "../simulator/server.js";
import type { GitHubState } from "../simulator/state.js";
import { freePort } from "../simulator/free-port.js";

/**
 * The audit pages as a browser meets them: the GitHub simulator over HTTP (API and OAuth web flow) and a
 * Probot `Server`, as `npm start` runs it, with the audit handler registered. PUBLIC_URL is the server's own
 * address, so GitHub's redirect comes back to it. For browser tests: {@link launchChromium} and
 * {@link AuditWeb.signIn} drive Debian's Chromium through the simulator's authorize form.
 */

/** Debian's Chromium (Playwright's own browser downloads are not available here). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Flags for a quiet, sandbox-free headless Chromium that never calls home. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Whether browser tests run. They are skipped only where they cannot run and nobody requires them: no
 * Chromium on a developer's machine. In CI they always run, so a missing browser fails loudly there.
 */
export function browserTests(): { run: true } | { run: false; reason: string } {
  if (existsSync(CHROMIUM_PATH) || process.env.CI) return { run: true };
  return { run: false, reason: `browser tests skipped: ${CHROMIUM_PATH} is missing (install Debian's chromium; in CI they always run)` };
}

/** Launches Chromium headless with {@link CHROMIUM_ARGS}. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** The running pages. */
export interface AuditWeb {
  /** The app's origin (its PUBLIC_URL), e.g. `http://127.0.0.1:45678`. */
  url: string;
  simulator: SimulatorServer;
  /** Every line the app's logger wrote (JSON), for asserting what never reaches a log. */
  logLines: string[];
  /**
   * Signs `login` in from `page`: opens `/audit/login?next=…`, fills in the simulator's authorize form, and
   * waits until the browser is back on `next`.
   */
  signIn(page: Page, login: string, next?: string): Promise<void>;
  close(): Promise<void>;
}

/** What {@link startAuditWeb} needs. */
export interface AuditWebOptions {
  gh: GitHubState;
  audit: AuditStore;
  /** The pages; default the real ones (`src/web/pages`). */
  render?: RenderPage;
  /** The pages' clock; default the wall clock. */
  now?: () => Date;
  /** The Probot app to load as well (e.g. `createApp({ store })`), when a test also delivers webhooks. */
  app?: ApplicationFunction;
}

/**
 * Fills in and submits the simulator's authorize form as `login`, on a page that shows it, and waits for the
 * browser to leave GitHub.
 */
export async function authorizeAs(page: Page, login: string, appUrl: string): Promise<void> {
  await page.getByLabel("Sign in to the GitHub simulator as:").fill(login);
  await Promise.all([
    page.waitForURL((url) => url.origin === new URL(appUrl).origin && url.pathname !== "/audit/callback"),
    page.getByRole("button", { name: "Authorize" }).click(),
  ]);
}

/** Starts the simulator and the app server; `close()` stops both. */
export async function startAuditWeb(options: AuditWebOptions): Promise<AuditWeb> {
  const { gh } = options;
  const render = options.render ?? (await import("../../src/web/pages/index.js")).renderPage;
  const simulator = await startSimulatorServer(gh);
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(
        ...chunk
          .toString("utf8")
          .split("\n")
          .filter((l) => l !== ""),
      );
      done();
    },
  });
  // The logger a deployment should have: Probot's HTTP log lines with cookies and credentials redacted.
  const log = pino({ level: "info", redact: { paths: [...LOG_REDACT_PATHS], censor: "[redacted]" } }, sink);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = new Server({
    Probot: Probot.defaults({
      appId: 1,
      privateKey: generatePrivateKey(),
      secret: "audit-web-secret",
      baseUrl: simulator.apiUrl,
      Octokit: UNTHROTTLED,
      log,
    }),
    host: "127.0.0.1",
    port,
    log,
  });
  if (options.app) await server.load(options.app);
  server.addHandler(
    createAuditHandler({
      clientId: gh.oauthClient.clientId,
      clientSecret: gh.oauthClient.clientSecret,
      publicUrl: url,
      webBase: simulator.url,
      apiBase: simulator.apiUrl,
      deps: { audit: options.audit, publicUrl: url, now: options.now ?? (() => new Date()) },
      render,
      revokedSessions: new MemoryRevokedSessions(),
      log: log.child({ name: "audit-web" }),
    }),
  );
  await server.start();

  return {
    url,
    simulator,
    logLines,
    async signIn(page, login, next = "/audit") {
      await page.goto(`${url}/audit/login?${new URLSearchParams({ next }).toString()}`);
      await authorizeAs(page, login, url);
    },
    async close() {
      await server.stop();
      await simulator.close();
    },
  };
}
