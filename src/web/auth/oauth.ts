import { apiHeaders, type Fetch } from "../../github/user-github.js";

/**
 * The three calls of GitHub's OAuth web flow, as the app makes them: the address that asks the person to
 * authorize, the exchange of the returned code for their token, and who that token belongs to.
 */

/** GitHub refused the sign-in, or answered something other than what the flow expects. */
export class OAuthError extends Error {
  /** GitHub's error code (`bad_verification_code`, …) or our own (`no_token`, `http_502`, …). */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "OAuthError";
    this.code = code;
  }
}

/** What the authorize request carries. */
export interface AuthorizeRequest {
  webBase: string;
  clientId: string;
  redirectUri: string;
  state: string;
  /**
   * `select_account`: GitHub shows its account picker even when the person is signed in there, so signing in
   * again is a deliberate act at GitHub, never a silent redirect (used before a signature, core/strong-signing.ts).
   */
  prompt?: "select_account";
}

/**
 * GitHub's authorize page for this app. No `scope`: the app is a GitHub App, whose user tokens can do what
 * the app may do and the person may do, nothing more, and the pages only read.
 */
export function authorizeUrl(request: AuthorizeRequest): string {
  const url = new URL(`${request.webBase}/login/oauth/authorize`);
  url.searchParams.set("client_id", request.clientId);
  url.searchParams.set("redirect_uri", request.redirectUri);
  url.searchParams.set("state", request.state);
  url.searchParams.set("allow_signup", "false");
  if (request.prompt) url.searchParams.set("prompt", request.prompt);
  return url.toString();
}

/** What the code exchange needs. */
export interface CodeExchange {
  webBase: string;
  clientId: string;
  clientSecret: string;
  code: string;
  redirectUri: string;
  fetch?: Fetch;
}

/** How long to wait for GitHub before giving up on a sign-in step. */
const TIMEOUT_MS = 10_000;

/**
 * Exchanges the code for the person's token. GitHub answers 200 with an `error` field when it refuses (a
 * used or expired code, wrong client credentials), so the body decides, not the status.
 */
export async function exchangeCode(exchange: CodeExchange): Promise<string> {
  const doFetch = exchange.fetch ?? fetch;
  const response = await doFetch(`${exchange.webBase}/login/oauth/access_token`, {
    method: "POST",
    headers: {
      accept: "application/json",
      "content-type": "application/x-www-form-urlencoded",
      "user-agent": "clinical-safety-gate",
    },
    body: new URLSearchParams({
      client_id: exchange.clientId,
      client_secret: exchange.clientSecret,
      code: exchange.code,
      redirect_uri: exchange.redirectUri,
    }).toString(),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw new OAuthError(`http_${response.status}`, `GitHub answered ${response.status} to the code exchange`);
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (typeof body.error === "string") {
    const description = typeof body.error_description === "string" ? `: ${body.error_description}` : "";
    throw new OAuthError(body.error, `GitHub refused the code exchange (${body.error}${description})`);
  }
  if (typeof body.access_token !== "string" || body.access_token === "") {
    throw new OAuthError("no_token", "GitHub's answer to the code exchange held no access token");
  }
  return body.access_token;
}

/** The login the token belongs to (`GET /user`). */
export async function fetchLogin(options: { apiBase: string; token: string; fetch?: Fetch }): Promise<string> {
  const doFetch = options.fetch ?? fetch;
  const response = await doFetch(`${options.apiBase}/user`, {
    headers: apiHeaders(options.token),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw new OAuthError(`http_${response.status}`, `GitHub answered ${response.status} to GET /user`);
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (typeof body.login !== "string" || body.login === "") throw new OAuthError("no_login", "GET /user returned no login");
  return body.login;
}

/** What revoking a person's token needs. */
export interface TokenRevocation {
  apiBase: string;
  clientId: string;
  clientSecret: string;
  token: string;
  fetch?: Fetch;
}

/**
 * Revokes the person's token at GitHub (`DELETE /applications/{client_id}/token`, basic auth with the app's
 * client id and secret), so that the token a session cookie carries is useless even to whoever copied the
 * cookie. GitHub answers 204; anything else is an {@link OAuthError} (the token is never in its message).
 */
export async function revokeToken(revocation: TokenRevocation): Promise<void> {
  const doFetch = revocation.fetch ?? fetch;
  const basic = Buffer.from(`${revocation.clientId}:${revocation.clientSecret}`).toString("base64");
  const response = await doFetch(`${revocation.apiBase}/applications/${encodeURIComponent(revocation.clientId)}/token`, {
    method: "DELETE",
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Basic ${basic}`,
      "content-type": "application/json",
      "user-agent": "clinical-safety-gate",
      "x-github-api-version": "2022-11-28",
    },
    body: JSON.stringify({ access_token: revocation.token }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (response.status !== 204) {
    throw new OAuthError(`http_${response.status}`, `GitHub answered ${response.status} to the token revocation`);
  }
}
