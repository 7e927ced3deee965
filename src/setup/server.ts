import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { convertManifestCode, ConversionError, type RegisteredApp } from "./conversion.js";
import type { AppManifest } from "./manifest.js";
import { donePage, problemPage, startPage } from "./page.js";

/**
 * The small local web server of `npm run setup`: `/` explains what will happen and holds the form that posts
 * the manifest to GitHub; `/setup/callback` is where GitHub sends the browser back with the one-time code.
 *
 * It listens on the loopback interface only: the code it receives is worth the app's private key for an hour,
 * and only the browser on this machine needs to reach it. The form's `state` is checked on the way back, so
 * a link crafted elsewhere cannot make this run write another app's credentials into `.env`.
 */

export const CALLBACK = "/setup/callback";

export interface SetupServerOptions {
  port: number;
  host: string;
  /** The manifest, given the address the server got (GitHub must send the browser back to it). */
  manifest: (localBase: string) => AppManifest;
  /** GitHub's "new app" page (personal, organization, or Enterprise Server). */
  newAppUrl: string;
  /** The web origin of that page, for the content security policy's form-action. */
  webBase: string;
  apiBase: string;
  owner: string;
  envPath: string;
  replacing: boolean;
  /**
   * Stores the credentials (writes `.env`). Throws with a message fit for the page and the terminal (never
   * a secret) when they must not be stored.
   */
  store: (app: RegisteredApp) => void;
  /** Problems, for the terminal. */
  warn: (line: string) => void;
  fetch?: typeof fetch;
}

export interface Registration {
  app: RegisteredApp;
  stored: boolean;
}

export interface SetupServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Resolves once an app is registered on GitHub; `stored` says whether its credentials were stored. */
  registered: Promise<Registration>;
  close(): Promise<void>;
}

function headers(webBase: string): Record<string, string> {
  return {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    // No script at all; the one form may post here or to GitHub ('self' too: browsers differ on whether
    // form-action also governs the redirects that follow a submission).
    "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${webBase}; base-uri 'none'; frame-ancestors 'none'`,
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
  };
}

export async function startSetupServer(o: SetupServerOptions): Promise<SetupServer> {
  const state = randomBytes(16).toString("hex");
  let localBase = "";
  let busy = false;
  let finished = false;
  let resolveRegistered: (r: Registration) => void = () => {};
  const registered = new Promise<Registration>((resolve) => (resolveRegistered = resolve));

  const reply = (res: ServerResponse, status: number, body: string): void => void res.writeHead(status, headers(o.webBase)).end(body);

  async function callback(res: ServerResponse, query: URLSearchParams): Promise<void> {
    if (finished) return reply(res, 410, problemPage("Setup has finished", "The app is registered; this setup run has ended.", false));
    if (query.get("state") !== state) {
      return reply(
        res,
        400,
        problemPage("Not from this setup run", "This address was not reached through this setup run's form, so nothing was done.", true),
      );
    }
    const code = query.get("code");
    if (!code) return reply(res, 400, problemPage("No code", "GitHub did not send a code back: start again.", true));
    if (busy) return reply(res, 409, problemPage("Already in progress", "The app is being registered: wait for the first tab.", false));
    busy = true;
    try {
      const app = await convertManifestCode({ apiBase: o.apiBase, code, ...(o.fetch ? { fetch: o.fetch } : {}) });
      try {
        o.store(app);
      } catch (error) {
        const message = `The app was created on GitHub (${app.html_url}) but its credentials were not stored: ${error instanceof Error ? error.message : String(error)}`;
        finished = true;
        reply(res, 500, problemPage("Not stored", message, false));
        resolveRegistered({ app, stored: false });
        return;
      }
      finished = true;
      reply(
        res,
        200,
        donePage({ name: app.name, id: app.id, htmlUrl: app.html_url, installUrl: `${app.html_url}/installations/new`, envPath: o.envPath }),
      );
      resolveRegistered({ app, stored: true });
    } catch (error) {
      const message = error instanceof ConversionError ? error.message : "unexpected error";
      o.warn(`The code could not be exchanged for the app's credentials: ${message}`);
      reply(res, 502, problemPage("Not registered", `The code could not be exchanged for the app's credentials: ${message}.`, true));
    } finally {
      busy = false;
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void {
    const url = new URL(req.url ?? "/", localBase);
    if (req.method !== "GET") return void res.writeHead(405, { allow: "GET" }).end();
    if (url.pathname === "/") {
      if (finished) return reply(res, 410, problemPage("Setup has finished", "The app is registered; this setup run has ended.", false));
      return reply(
        res,
        200,
        startPage({
          manifest: o.manifest(localBase),
          action: `${o.newAppUrl}?state=${state}`,
          owner: o.owner,
          envPath: o.envPath,
          replacing: o.replacing,
        }),
      );
    }
    if (url.pathname === CALLBACK) return callback(res, url.searchParams);
    return void res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
  }

  const server = createServer((req, res) => {
    Promise.resolve(handle(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  localBase = `http://${o.host.includes(":") ? `[${o.host}]` : o.host}:${port}`;
  return {
    url: localBase,
    registered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
