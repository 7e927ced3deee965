import { afterEach, describe, expect, it } from "@jest/globals";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot } from "probot";
import { startService, type Service } from "../../src/service.js";
import { SqlAuditStore } from "../../src/store/audit-store.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import { SqlRevokedSessions } from "../../src/store/revoked-sessions.js";
import type { SqlStore } from "../../src/store/sql-store.js";
import { LOG_REDACT_PATHS } from "../../src/web/auth/log-redaction.js";
import { requestPath } from "../../src/intake/request-log.js";
import { freePort } from "../simulator/free-port.js";
import { generatePrivateKey, UNTHROTTLED } from "../simulator/probot.js";
import { startSimulatorServer, type SimulatorServer } from "../simulator/server.js";
import { GitHubState } from "../simulator/state.js";
import { authorizeForm, last, TestBrowser } from "./browser.js";

/**
 * Hole "OAuth `code` and `state` logged at info, and query strings in general": the service as `npm start`
 * runs it (src/service.ts), its pino logger writing to a stream, through a whole sign-in. Every request is
 * logged by its path; no line holds the callback's `code` or `state`, nor any other query string.
 */

describe("requestPath", () => {
  it.each([
    ["/audit/callback?code=abc&state=def", "/audit/callback"],
    ["/audit?repo=a%2Fb#top", "/audit"],
    ["/healthz", "/healthz"],
    ["/audit#x?y", "/audit"],
    [undefined, ""],
  ])("%j → %j", (target, path) => {
    expect(requestPath(target)).toBe(path);
  });
});

describe("hole: OAuth code and state logged at info, and query strings in general", () => {
  let simulator: SimulatorServer | undefined;
  let service: Service | undefined;
  let store: SqlStore | undefined;
  afterEach(async () => {
    await service?.stop();
    await simulator?.close();
    await store?.close();
  });

  it("logs every request by its path only: a whole sign-in leaves neither code nor state in the log", async () => {
    const gh = new GitHubState({ now: "2026-11-23T09:00:00Z" });
    simulator = await startSimulatorServer(gh);
    store = await openPgliteStore();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(
          ...chunk
            .toString("utf8")
            .split("\n")
            .filter((l) => l !== ""),
        );
        done();
      },
    });
    const log = pino({ level: "info", redact: { paths: [...LOG_REDACT_PATHS], censor: "[redacted]" } }, sink);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    service = await startService({
      probot: new Probot({ appId: 1, privateKey: generatePrivateKey(), secret: "s", baseUrl: simulator.apiUrl, Octokit: UNTHROTTLED, log }),
      store,
      audit: new SqlAuditStore(store.driver),
      secret: "s",
      host: "127.0.0.1",
      port,
      publicUrl: url,
      web: {
        clientId: gh.oauthClient.clientId,
        clientSecret: gh.oauthClient.clientSecret,
        sessionSecret: undefined,
        webBase: simulator.url,
        apiBase: simulator.apiUrl,
        revokedSessions: new SqlRevokedSessions(store.driver),
      },
      log,
    });

    const browser = new TestBrowser();
    const toGitHub = await browser.follow(`${url}/audit/login?next=${encodeURIComponent("/audit?repo=acme/private-filter-value")}`);
    const authorizePage = last(toGitHub);
    const form = authorizeForm(authorizePage.body);
    await browser.follow(new URL(form.action, authorizePage.url).toString(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...form.fields, login: "dr-cleo", decision: "authorize" }).toString(),
    });
    const callback = browser.history.map((e) => new URL(e.url)).find((u) => u.pathname === "/audit/callback");
    const code = callback?.searchParams.get("code") ?? "";
    const state = callback?.searchParams.get("state") ?? "";
    expect(code).not.toBe("");
    expect(state).not.toBe("");
    await new Promise((r) => setTimeout(r, 50)); // the last response's `close`

    const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "request");
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 30, method: "GET", path: "/audit/login", status: 302 }),
        expect.objectContaining({ level: 30, method: "GET", path: "/audit/callback", status: 302 }),
      ]),
    );
    const text = lines.join("\n");
    expect(text).not.toContain(code);
    expect(text).not.toContain(state);
    expect(text).not.toContain("private-filter-value");
    for (const cookie of browser.cookies.values()) expect(text).not.toContain(cookie.value);
  }, 30_000);
});
