import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { WebLog } from "../../src/web/auth/log.js";
import { createAuditHandler, type AuditHandlerOptions } from "../../src/web/router.js";
import type { PageDeps, RenderPage } from "../../src/web/types.js";
import type { AuditStore } from "../../src/store/audit-store.js";
import { MemoryRevokedSessions } from "../fakes/memory-revoked-sessions.js";
import { startSimulatorServer, type SimulatorServer } from "../simulator/server.js";
import type { GitHubState } from "../simulator/state.js";
import { authorizeForm, last, type Exchange, type TestBrowser } from "./browser.js";

/**
 * The router over real HTTP for tests: the GitHub simulator on one port, a plain node server whose only
 * handler is the audit handler on another, and a log that records every line so a test can search it.
 */

/** Answered by the test server when the audit handler declines a request (so a test can tell). */
export const NOT_HANDLED = "not handled by the audit handler";

/** A page that echoes who is signed in and, for `?repo=`, whether they can read it. */
export const echoRender: RenderPage = async (request) => {
  if (request.url.pathname === "/audit/boom") throw new Error("render exploded: secret detail");
  const repo = request.url.searchParams.get("repo");
  const canRead = repo === null ? null : await request.github.canRead(repo);
  return {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify({ login: request.github.login, method: request.method, path: request.url.pathname, canRead }),
  };
};

/** A log that keeps every line as JSON text (errors with message and stack). */
export function recordingLog(): WebLog & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push(JSON.stringify({ level, message, ...fields }, (_k, v: unknown) => (v instanceof Error ? { message: v.message, stack: v.stack } : v)));
  };
  return { lines, info: write("info"), warn: write("warn"), error: write("error") };
}

export interface WebUnderTest {
  /** The app's origin, e.g. `http://127.0.0.1:4567`. */
  url: string;
  simulator: SimulatorServer;
  log: ReturnType<typeof recordingLog>;
  /** The test clock (epoch ms) the handler reads. */
  clock: { now: number };
  close(): Promise<void>;
}

const UNUSED_AUDIT = {} as AuditStore;

/** Starts the simulator and the handler; `options` override the handler's options. */
export async function startWeb(gh: GitHubState, options: Partial<AuditHandlerOptions> = {}): Promise<WebUnderTest> {
  const simulator = await startSimulatorServer(gh);
  const log = recordingLog();
  const clock = { now: Date.parse("2026-11-23T09:00:00Z") };
  // The handler needs the server's address (its PUBLIC_URL), so it is created once the server listens; no
  // request can arrive before that.
  const server: Server = createServer((req, res) => {
    Promise.resolve(handler(req, res))
      .then((handled) => {
        if (!handled) res.writeHead(404, { "content-type": "text/plain" }).end(NOT_HANDLED);
      })
      .catch(() => res.writeHead(500).end("handler threw"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const deps: PageDeps = { audit: UNUSED_AUDIT, publicUrl: url, now: () => new Date(clock.now) };
  const handler = createAuditHandler({
    clientId: gh.oauthClient.clientId,
    clientSecret: gh.oauthClient.clientSecret,
    publicUrl: url,
    webBase: simulator.url,
    apiBase: simulator.apiUrl,
    deps,
    render: echoRender,
    revokedSessions: new MemoryRevokedSessions(),
    log,
    now: () => clock.now,
    ...options,
  });
  return {
    url,
    simulator,
    log,
    clock,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await simulator.close();
    },
  };
}

/**
 * Signs in through the whole OAuth flow as `login`: the app's login redirect, the simulator's authorize form
 * submitted, the callback, and the redirect to `next`. Returns every hop, the final page last.
 */
export async function signIn(browser: TestBrowser, web: WebUnderTest, login: string, next = "/audit"): Promise<Exchange[]> {
  const toGitHub = await browser.follow(`${web.url}/audit/login?${new URLSearchParams({ next }).toString()}`);
  const authorizePage = last(toGitHub);
  const form = authorizeForm(authorizePage.body);
  const back = await browser.follow(new URL(form.action, authorizePage.url).toString(), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...form.fields, login, decision: "authorize" }).toString(),
  });
  return [...toGitHub, ...back];
}
