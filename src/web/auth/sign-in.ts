import type { Fetch } from "../../github/user-github.js";
import type { RevokedSessions } from "../../store/revoked-sessions.js";
import { cookieValues, serializeCookie } from "./cookies.js";
import type { WebLog } from "./log.js";
import {
  LOGIN_STATE_COOKIE,
  LOGIN_STATE_PATH,
  LOGIN_STATE_TTL_MS,
  decodeLoginState,
  encodeLoginState,
  newStateValue,
  sameState,
  type LoginState,
} from "./login-state.js";
import { noticePage } from "./notice-page.js";
import { authorizeUrl, exchangeCode, fetchLogin, OAuthError, revokeToken } from "./oauth.js";
import { AUDIT_HOME, safeNext } from "./redirect-target.js";
import { redirectTo, type Reply } from "./reply.js";
import { SESSION_COOKIE, SESSION_TTL_MS, decodeSession, encodeSession, type Session } from "./session.js";

/**
 * Signing in and out: `/audit/login` sends the person to GitHub, `/audit/callback` turns GitHub's answer into
 * a session cookie, `/audit/logout` ends it. Each returns a {@link Reply}; the router writes it.
 */

/** The cookies' scope: the audit pages only, so the rest of the app (webhooks) never receives them. */
export const SESSION_PATH = "/audit";
export const LOGIN_PATH = "/audit/login";
export const CALLBACK_PATH = "/audit/callback";
export const LOGOUT_PATH = "/audit/logout";

/** Everything signing in needs, fixed when the router is created. */
export interface SignInSettings {
  clientId: string;
  clientSecret: string;
  webBase: string;
  apiBase: string;
  /** PUBLIC_URL without a trailing slash: GitHub sends the person back to `<publicUrl>/audit/callback`. */
  publicUrl: string;
  sessionKey: Buffer;
  loginStateKey: Buffer;
  /** Cookies get `Secure` when the public address is https. */
  secure: boolean;
  now: () => number;
  fetch?: Fetch;
  log: WebLog;
  /** Signed-out sessions: recorded by sign-out, asked on every request that carries a session cookie. */
  revokedSessions: RevokedSessions;
}

function sessionCookie(settings: SignInSettings, value: string, maxAgeMs: number): string {
  return serializeCookie(SESSION_COOKIE, value, { path: SESSION_PATH, maxAge: maxAgeMs / 1000, secure: settings.secure });
}

/** The `Set-Cookie` that removes the session. */
export function clearSessionCookie(settings: SignInSettings): string {
  return sessionCookie(settings, "", 0);
}

function clearLoginStateCookie(settings: SignInSettings): string {
  return serializeCookie(LOGIN_STATE_COOKIE, "", { path: LOGIN_STATE_PATH, maxAge: 0, secure: settings.secure });
}

/** What the request's cookies say about the session. */
export interface SessionLookup {
  session?: Session;
  /** A session cookie was sent but none was valid (tampered, expired, old key, signed out): it should be removed. */
  stale: boolean;
}

/**
 * The first valid session among the request's `csg_session` cookies that was not signed out. When the
 * database cannot say, this throws: the request fails rather than letting a possibly signed-out session in.
 */
export async function readSession(settings: SignInSettings, cookieHeader: string | undefined): Promise<SessionLookup> {
  const values = cookieValues(cookieHeader, SESSION_COOKIE);
  for (const value of values) {
    const session = decodeSession(settings.sessionKey, value, settings.now());
    if (session && !(await settings.revokedSessions.isRevoked(session.id))) return { session, stale: false };
  }
  return { stale: values.some((v) => v !== "") };
}

/** Where an unauthenticated request for a page is sent: sign-in, coming back to the page afterwards. */
export function signInRedirect(path: string, cookies: string[] = []): Reply {
  return redirectTo(`${LOGIN_PATH}?${new URLSearchParams({ next: safeNext(path) }).toString()}`, cookies);
}

/**
 * Where to sign in afresh before signing (`?fresh=1`): GitHub is asked to show its account picker, and the
 * session that results is dated now. Then back to `next`.
 */
export function freshSignInPath(next: string): string {
  return `${LOGIN_PATH}?${new URLSearchParams({ next: safeNext(next), fresh: "1" }).toString()}`;
}

/**
 * `/audit/login`: a fresh state in a sealed cookie, and off to GitHub's authorize page — with GitHub's
 * account picker forced for `?fresh=1` (signing in again before a signature).
 */
export function startSignIn(settings: SignInSettings, url: URL): Reply {
  const state = newStateValue();
  const next = safeNext(url.searchParams.get("next"));
  const cookie = serializeCookie(LOGIN_STATE_COOKIE, encodeLoginState(settings.loginStateKey, state, next, settings.now()), {
    path: LOGIN_STATE_PATH,
    maxAge: LOGIN_STATE_TTL_MS / 1000,
    secure: settings.secure,
  });
  const location = authorizeUrl({
    webBase: settings.webBase,
    clientId: settings.clientId,
    redirectUri: `${settings.publicUrl}${CALLBACK_PATH}`,
    state,
    ...(url.searchParams.get("fresh") === "1" ? { prompt: "select_account" as const } : {}),
  });
  return redirectTo(location, [cookie]);
}

function signInAgain(next: string): { kind: "link"; href: string; label: string } {
  return { kind: "link", href: `${LOGIN_PATH}?${new URLSearchParams({ next }).toString()}`, label: "Sign in again" };
}

/** The sign-in this browser started, if its cookie is intact and recent. */
function pendingSignIn(settings: SignInSettings, cookieHeader: string | undefined): LoginState[] {
  return cookieValues(cookieHeader, LOGIN_STATE_COOKIE)
    .map((value) => decodeLoginState(settings.loginStateKey, value, settings.now()))
    .filter((s): s is LoginState => s !== undefined);
}

/**
 * `/audit/callback?code&state`: checks the state against this browser's cookie, exchanges the code, asks
 * GitHub who the token belongs to, and starts the session.
 */
export async function finishSignIn(settings: SignInSettings, url: URL, cookieHeader: string | undefined): Promise<Reply> {
  const clear = clearLoginStateCookie(settings);
  const received = url.searchParams.get("state");
  const pending = pendingSignIn(settings, cookieHeader).find((p) => sameState(p.state, received));
  const next = pending?.next ?? AUDIT_HOME;
  const fail = (status: number, title: string, why: string, reason: string): Reply => {
    settings.log.warn({ reason }, "audit sign-in failed");
    return { ...noticePage({ status, title, paragraphs: [why], action: signInAgain(next) }), cookies: [clear] };
  };

  if (!pending) {
    return fail(
      400,
      "Sign-in could not be completed",
      "This sign-in was not started from this browser, or it took longer than ten minutes. Please sign in again.",
      "state mismatch",
    );
  }
  if (url.searchParams.has("error")) {
    return fail(403, "Sign-in cancelled", "GitHub did not authorize the sign-in, so you are not signed in.", "authorization denied");
  }
  const code = url.searchParams.get("code");
  if (!code) return fail(400, "Sign-in could not be completed", "GitHub sent no authorization code. Please sign in again.", "no code");

  let token: string;
  let login: string;
  try {
    token = await exchangeCode({
      webBase: settings.webBase,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      code,
      redirectUri: `${settings.publicUrl}${CALLBACK_PATH}`,
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
    });
    login = await fetchLogin({ apiBase: settings.apiBase, token, ...(settings.fetch ? { fetch: settings.fetch } : {}) });
  } catch (thrown) {
    // A refusal by GitHub (used or expired code) is the person's to retry; anything else is GitHub unreachable.
    const refused = thrown instanceof OAuthError && !/^(http_|no_)/.test(thrown.code);
    const reason = thrown instanceof OAuthError ? thrown.code : thrown instanceof Error ? thrown.name : "unknown";
    return refused
      ? fail(400, "Sign-in could not be completed", "GitHub did not accept the sign-in. Please sign in again.", reason)
      : fail(
          502,
          "GitHub could not be reached",
          "The sign-in could not be completed because GitHub did not answer as expected. Please try again shortly.",
          reason,
        );
  }

  settings.log.info({ login }, "audit sign-in");
  const session = encodeSession(settings.sessionKey, { login, token }, settings.now());
  return redirectTo(safeNext(next), [clear, sessionCookie(settings, session, SESSION_TTL_MS)]);
}

/**
 * `/audit/logout`. A GET only asks (a link or a prefetch must not sign anyone out); the POST from its button
 * ends the session for good: its id is recorded as revoked (a copy of the cookie is refused from then on),
 * the person's token is revoked at GitHub, and the cookie is removed. A failure at GitHub is logged and does
 * not stop the sign-out here. Signing out does not sign the person out of GitHub itself, and the page says so.
 */
export async function signOut(settings: SignInSettings, method: string, session: Session | undefined): Promise<Reply> {
  if (method === "POST") {
    const cookies = [clearSessionCookie(settings)];
    if (session) {
      // Recorded first: if the database cannot record it, the person is told, not shown "Signed out".
      try {
        await settings.revokedSessions.revoke(session.id, new Date(session.expiresAt), new Date(settings.now()));
      } catch (thrown) {
        settings.log.error(
          { login: session.login, err: { message: thrown instanceof Error ? thrown.message : String(thrown) } },
          "audit sign-out could not be recorded",
        );
        return {
          ...noticePage({
            status: 503,
            title: "Sign-out could not be completed",
            paragraphs: ["Your sign-out could not be recorded, so a copy of this browser's session could still be used. Please try again."],
            action: { kind: "form", action: LOGOUT_PATH, label: "Sign out" },
          }),
          cookies,
        };
      }
      try {
        await revokeToken({
          apiBase: settings.apiBase,
          clientId: settings.clientId,
          clientSecret: settings.clientSecret,
          token: session.token,
          ...(settings.fetch ? { fetch: settings.fetch } : {}),
        });
      } catch (thrown) {
        const reason = thrown instanceof OAuthError ? thrown.code : thrown instanceof Error ? thrown.name : "unknown";
        settings.log.warn({ login: session.login, reason }, "audit sign-out: the GitHub token could not be revoked");
      }
      settings.log.info({ login: session.login }, "audit sign-out");
    }
    return {
      ...noticePage({
        status: 200,
        title: "Signed out",
        paragraphs: ["You are signed out of the audit pages. You may still be signed in to GitHub itself."],
        action: { kind: "link", href: LOGIN_PATH, label: "Sign in again" },
      }),
      cookies,
    };
  }
  if (!session) {
    return noticePage({
      status: 200,
      title: "Signed out",
      paragraphs: ["You are not signed in to the audit pages."],
      action: { kind: "link", href: LOGIN_PATH, label: "Sign in" },
    });
  }
  return noticePage({
    status: 200,
    title: "Sign out?",
    paragraphs: [`You are signed in to the audit pages as @${session.login}.`],
    action: { kind: "form", action: LOGOUT_PATH, label: "Sign out" },
  });
}
