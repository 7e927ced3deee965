import type { IncomingMessage } from "node:http";
import type { ApplicationFunctionOptions } from "probot";
import { AccessCache } from "../github/access-cache.js";
import { SILENT_LOG, type WebLog } from "./auth/log.js";
import { noticePage } from "./auth/notice-page.js";
import { sendReply, type Reply } from "./auth/reply.js";
import { deriveKey } from "./auth/sealed.js";
import { sessionKey } from "./auth/session.js";
import {
  CALLBACK_PATH,
  LOGIN_PATH,
  LOGOUT_PATH,
  clearSessionCookie,
  finishSignIn,
  readSession,
  signInRedirect,
  signOut,
  startSignIn,
  type SignInSettings,
} from "./auth/sign-in.js";
import { createUserGitHub, type Fetch } from "../github/user-github.js";
import type { RevokedSessions } from "../store/revoked-sessions.js";
import type { PageDeps, RenderPage, SignerContext } from "./types.js";
import { CSRF_FIELD, csrfToken, validCsrf } from "./auth/csrf.js";
import { matchRoute, SIGNING_PAGES } from "./pages/routes.js";
import type { Session } from "./auth/session.js";

/**
 * The audit pages' HTTP side, registered with Probot's `addHandler`: everything under `/audit` passes
 * through here. Sign-in routes are answered here; every other request must carry a valid session and is
 * handed to the pages with a GitHub client that acts as the signed-in person, so a page can only show what
 * that person could read on GitHub. Every response carries the security headers.
 */

/** Probot's extra-route handler: returns (or resolves) true when it answered the request. */
export type Handler = Parameters<ApplicationFunctionOptions["addHandler"]>[0];

export type { WebLog } from "./auth/log.js";

/** What {@link createAuditHandler} needs. */
export interface AuditHandlerOptions {
  /** The GitHub App's OAuth client id (`GITHUB_CLIENT_ID`); without it the pages answer 503. */
  clientId: string | undefined;
  /** The GitHub App's client secret (`GITHUB_CLIENT_SECRET`); without it the pages answer 503. */
  clientSecret: string | undefined;
  /** `SESSION_SECRET`: the session key's source when set (≥ 32 characters), else the client secret. */
  sessionSecret?: string | undefined;
  /** PUBLIC_URL, the address people reach the app at (GitHub sends them back to it). */
  publicUrl: string;
  /** GitHub's web address (see `githubBases`). */
  webBase: string;
  /** GitHub's API address (see `githubBases`). */
  apiBase: string;
  deps: PageDeps;
  render: RenderPage;
  /** Signed-out sessions (the database's `gate_revoked_sessions`): sign-out records, every request asks. */
  revokedSessions: RevokedSessions;
  log?: WebLog;
  /** For GitHub calls; default the global fetch. */
  fetch?: Fetch;
  /** Epoch ms, for session expiry; default the wall clock. */
  now?: () => number;
  /** How long "can read" answers are remembered; default one minute. */
  cacheMs?: number;
}

/** The audit pages' prefix. */
export const AUDIT_PREFIX = "/audit";

export const NOT_CONFIGURED_MESSAGE = "audit pages are not configured: set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET";

function isAuditPath(pathname: string): boolean {
  return pathname === AUDIT_PREFIX || pathname.startsWith(`${AUDIT_PREFIX}/`);
}

/**
 * The request's URL on the public origin. Only origin-form targets (`/path?query`) are ours: anything else
 * (absolute-form proxy requests, `*`) is left to the other handlers.
 */
function requestUrl(req: IncomingMessage, origin: string): URL | undefined {
  const target = req.url ?? "";
  if (!target.startsWith("/")) return undefined;
  try {
    // Concatenated rather than resolved, so that `//host/x` stays a path on our origin.
    return new URL(`${origin}${target}`);
  } catch {
    return undefined;
  }
}

/**
 * A state-changing request (anything but GET/HEAD) from another site is refused. SameSite=Lax already keeps
 * the session cookie off such requests; this also covers browsers that send `Origin` but predate SameSite.
 * An opaque origin (`null`: sandboxed frames, cross-site redirects) is another site too.
 */
function crossSite(req: IncomingMessage, origin: string): boolean {
  const sent = req.headers.origin;
  return typeof sent === "string" && sent !== origin;
}

/** A signing form is a few hidden fields and a rationale of at most a thousand characters. */
const MAX_FORM_BYTES = 16 * 1024;

class FormTooLarge extends Error {}

/** The body of a form post (application/x-www-form-urlencoded), read up to {@link MAX_FORM_BYTES}. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return new URLSearchParams();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new FormTooLarge();
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function methodNotAllowed(allow: string): Reply {
  const page = noticePage({ status: 405, title: "Method not allowed", paragraphs: [`This address answers ${allow} only.`] });
  return { ...page, headers: { ...page.headers, allow } };
}

function notConfiguredHandler(log: WebLog): Handler {
  log.warn({}, NOT_CONFIGURED_MESSAGE);
  return (req, res) => {
    const pathname = (req.url ?? "").split("?")[0] ?? "";
    if (!isAuditPath(pathname)) return false;
    sendReply(res, req.method ?? "GET", noticePage({ status: 503, title: "Audit pages unavailable", paragraphs: [NOT_CONFIGURED_MESSAGE] }));
    return true;
  };
}

/** Creates the handler for everything under `/audit`. */
export function createAuditHandler(opts: AuditHandlerOptions): Handler {
  const log = opts.log ?? SILENT_LOG;
  const { clientId, clientSecret } = opts;
  if (!clientId || !clientSecret) return notConfiguredHandler(log);

  const publicUrl = opts.publicUrl.replace(/\/+$/, "");
  const origin = new URL(publicUrl).origin;
  const now = opts.now ?? Date.now;
  const settings: SignInSettings = {
    clientId,
    clientSecret,
    webBase: opts.webBase.replace(/\/+$/, ""),
    apiBase: opts.apiBase.replace(/\/+$/, ""),
    publicUrl,
    sessionKey: sessionKey({ sessionSecret: opts.sessionSecret, clientSecret }),
    // Its own key: a state cookie can never pass for a session, nor the other way round.
    loginStateKey: deriveKey(opts.sessionSecret || clientSecret, "login state"),
    secure: publicUrl.startsWith("https:"),
    now,
    log,
    revokedSessions: opts.revokedSessions,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  };
  // One cache for all requests: that is what makes "cached briefly" save calls across page views.
  const cache = new AccessCache();
  // Its own key: a form token is good for nothing else.
  const csrfKey = deriveKey(opts.sessionSecret || clientSecret, "signing form");

  /**
   * What a signing page is told: the session's sign-in time and form token, and on a POST the form — only
   * once it carries this session's token (else the reply refusing it). Undefined for every other page.
   */
  async function signerFor(req: IncomingMessage, method: string, url: URL, session: Session): Promise<SignerContext | Reply | undefined> {
    const route = matchRoute(url.pathname);
    if (route === undefined || !SIGNING_PAGES.has(route.page)) return undefined;
    const signer: SignerContext = { signedInAt: session.signedInAt, csrf: csrfToken(csrfKey, session.id) };
    if (method !== "POST") return signer;
    let form: URLSearchParams;
    try {
      form = await readForm(req);
    } catch (thrown) {
      if (!(thrown instanceof FormTooLarge)) throw thrown;
      return noticePage({ status: 413, title: "Not signed", paragraphs: ["The form was too large. Nothing has been recorded."] });
    }
    if (!validCsrf(csrfKey, session.id, form.get(CSRF_FIELD))) {
      log.warn({ login: session.login, path: url.pathname }, "signing form refused: no valid form token");
      return noticePage({
        status: 403,
        title: "Not signed",
        paragraphs: [
          "This form did not come from this page in your current session (it may be from before you signed in again). Nothing has been recorded.",
        ],
        action: { kind: "link", href: `${url.pathname}${url.search}`, label: "Open the page again" },
      });
    }
    return { ...signer, form };
  }

  async function page(req: IncomingMessage, method: string, url: URL): Promise<Reply> {
    const { session, stale } = await readSession(settings, req.headers.cookie);
    const clear = stale ? [clearSessionCookie(settings)] : [];
    if (!session) {
      if (method === "GET" || method === "HEAD") return signInRedirect(`${url.pathname}${url.search}`, clear);
      return { ...noticePage({ status: 401, title: "Not signed in", paragraphs: ["Sign in to use the audit pages."] }), cookies: clear };
    }
    const github = createUserGitHub({
      apiBase: settings.apiBase,
      token: session.token,
      login: session.login,
      cache,
      now,
      ...(opts.cacheMs !== undefined ? { cacheMs: opts.cacheMs } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    const signer = await signerFor(req, method, url, session);
    if (signer !== undefined && !("csrf" in signer)) return signer;
    try {
      return await opts.render({ method, url, github, ...(signer === undefined ? {} : { signer }) }, opts.deps);
    } catch (thrown) {
      // The message and stack only: the request's headers (cookies) are never logged.
      log.error({ err: thrown, path: url.pathname }, "audit page failed");
      return noticePage({
        status: 500,
        title: "Something went wrong",
        paragraphs: ["This page could not be shown because of an error on our side. It has been logged; please try again later."],
      });
    }
  }

  async function route(req: IncomingMessage, method: string, url: URL): Promise<Reply> {
    const readOnly = method === "GET" || method === "HEAD";
    if (!readOnly && crossSite(req, origin)) {
      return noticePage({ status: 403, title: "Refused", paragraphs: ["This request came from another site."] });
    }
    switch (url.pathname) {
      case LOGIN_PATH:
        return readOnly ? startSignIn(settings, url) : methodNotAllowed("GET");
      case CALLBACK_PATH:
        return readOnly ? finishSignIn(settings, url, req.headers.cookie) : methodNotAllowed("GET");
      case LOGOUT_PATH:
        if (!readOnly && method !== "POST") return methodNotAllowed("GET, POST");
        return signOut(settings, method, (await readSession(settings, req.headers.cookie)).session);
      default:
        return page(req, method, url);
    }
  }

  return async (req, res) => {
    const url = requestUrl(req, origin);
    if (!url || !isAuditPath(url.pathname)) return false;
    const method = (req.method ?? "GET").toUpperCase();
    let reply: Reply;
    try {
      reply = await route(req, method, url);
    } catch (thrown) {
      log.error({ err: thrown, path: url.pathname }, "audit request failed");
      reply = noticePage({ status: 500, title: "Something went wrong", paragraphs: ["The request could not be completed. It has been logged."] });
    }
    sendReply(res, method, reply);
    return true;
  };
}
