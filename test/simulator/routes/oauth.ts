import { error, header, noContent, type SimResponse } from "../http.js";
import { route, stringField, type Route, type RouteContext } from "./define.js";

/**
 * GitHub's OAuth web flow, on the web host (`https://github.com/login/oauth/…`, or the Enterprise host):
 * the authorize page where a person approves the app, and the code-for-token exchange. The authorize page
 * here is a one-field form that lets a test (or a browser) sign in as any login, so sign-in can be tested
 * end to end; the token it leads to is a real user token of the simulator, whose repository visibility
 * follows `setPermission` and repository privacy. The app may revoke that token (`DELETE
 * /applications/{client_id}/token`), after which it is refused with 401.
 */

const ERROR_DOCS = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors";

/** A GitHub login: letters, digits and single hyphens, not at the start, at most 39 characters. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function html(status: number, title: string, body: string): SimResponse {
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
  };
}

function redirect(location: string): SimResponse {
  return { status: 302, headers: { location, "cache-control": "no-store" }, body: "" };
}

/** Parameters may come in the query string or the body (form or JSON), as GitHub accepts either. */
function param(ctx: RouteContext, name: string): string | undefined {
  return stringField(ctx.body, name) ?? ctx.query.get(name) ?? undefined;
}

/** The callback URL with the given parameters added (keeping any it already had). */
function callback(redirectUri: string, params: Record<string, string>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/**
 * What is wrong with the authorize request, or undefined. GitHub shows an error page (and does not redirect)
 * for an unknown client or a redirect URI it cannot use: redirecting there would leak the code.
 */
function authorizeProblem(ctx: RouteContext, clientId: string | undefined, redirectUri: string | undefined): SimResponse | undefined {
  if (clientId !== ctx.state.oauthClient.clientId) return html(404, "Not Found", "<p>No application with this client id.</p>");
  if (redirectUri === undefined || !/^https?:\/\//.test(redirectUri) || !URL.canParse(redirectUri)) {
    return html(400, "Redirect URI mismatch", "<p>The redirect_uri is missing or is not an http(s) URL.</p>");
  }
  return undefined;
}

/** The authorize page: "Sign in to the GitHub simulator as: [login] [Authorize]". */
function authorizePage(ctx: RouteContext): SimResponse {
  const clientId = param(ctx, "client_id");
  const redirectUri = param(ctx, "redirect_uri");
  const problem = authorizeProblem(ctx, clientId, redirectUri);
  if (problem) return problem;
  const hidden = (name: string, value: string | undefined) =>
    value === undefined ? "" : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  return html(
    200,
    "Authorize application",
    `<form method="post" action="/login/oauth/authorize">` +
      hidden("client_id", clientId) +
      hidden("redirect_uri", redirectUri) +
      hidden("state", param(ctx, "state")) +
      `<p><label for="login">Sign in to the GitHub simulator as:</label> ` +
      `<input id="login" name="login" autocomplete="username" required></p>` +
      `<p><button type="submit" name="decision" value="authorize">Authorize</button> ` +
      `<button type="submit" name="decision" value="cancel">Cancel</button></p>` +
      `</form>`,
  );
}

/** The form's submission: back to the app with a code bound to the login and client, or with `access_denied`. */
function authorizeDecision(ctx: RouteContext): SimResponse {
  const clientId = param(ctx, "client_id");
  const redirectUri = param(ctx, "redirect_uri");
  const problem = authorizeProblem(ctx, clientId, redirectUri);
  if (problem || clientId === undefined || redirectUri === undefined) return problem ?? html(400, "Bad request", "");
  const state = param(ctx, "state");
  const echo: Record<string, string> = state === undefined ? {} : { state };
  if (param(ctx, "decision") === "cancel") {
    return redirect(
      callback(redirectUri, {
        error: "access_denied",
        error_description: "The user has denied your application access.",
        error_uri: `${ERROR_DOCS}#access-denied`,
        ...echo,
      }),
    );
  }
  const login = param(ctx, "login")?.trim() ?? "";
  if (!LOGIN.test(login)) return html(422, "Not a GitHub login", `<p>${escapeHtml(login)} is not a valid login.</p>`);
  const account = ctx.state.user(login);
  const code = ctx.state.issueOAuthCode(account.login, clientId, redirectUri);
  return redirect(callback(redirectUri, { code, ...echo }));
}

/**
 * The exchange. GitHub answers 200 even for a refused exchange, with `error` in the body, and sends JSON only
 * when asked (`Accept: application/json`); otherwise a form-encoded body.
 */
function accessToken(ctx: RouteContext): SimResponse {
  const wantsJson = header(ctx.headers, "accept")?.includes("json") ?? false;
  const answer = (fields: Record<string, string>): SimResponse =>
    wantsJson
      ? { status: 200, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(fields) }
      : {
          status: 200,
          headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
          body: new URLSearchParams(fields).toString(),
        };
  const refuse = (error: string, description: string) =>
    answer({ error, error_description: description, error_uri: `${ERROR_DOCS}#${error.replace(/_/g, "-")}` });

  const { clientId, clientSecret } = ctx.state.oauthClient;
  if (param(ctx, "client_id") !== clientId || param(ctx, "client_secret") !== clientSecret) {
    return refuse("incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect.");
  }
  const grant = ctx.state.redeemOAuthCode(param(ctx, "code") ?? "");
  if (!grant || grant.clientId !== clientId) {
    return refuse("bad_verification_code", "The code passed is incorrect or expired.");
  }
  const redirectUri = param(ctx, "redirect_uri");
  if (redirectUri !== undefined && redirectUri !== grant.redirectUri) {
    return refuse("redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL for this application.");
  }
  return answer({ access_token: ctx.state.issueUserToken(grant.login), token_type: "bearer", scope: "" });
}

/** The app's client id and secret from HTTP basic auth, or undefined. */
function basicAuth(ctx: RouteContext): { id: string; secret: string } | undefined {
  const match = /^basic\s+(\S+)$/i.exec(header(ctx.headers, "authorization")?.trim() ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/**
 * `DELETE /applications/{client_id}/token` (on the API host): the app revokes one of its user tokens, with
 * basic auth as its client id and secret. 204 when revoked; from then on the token gets 401 everywhere.
 */
function deleteAppToken(ctx: RouteContext): SimResponse {
  const { clientId, clientSecret } = ctx.state.oauthClient;
  const credentials = basicAuth(ctx);
  if (!credentials) return error(401, "Requires authentication");
  if (credentials.id !== clientId || credentials.secret !== clientSecret || ctx.params.client_id !== clientId) return error(404, "Not Found");
  const token = stringField(ctx.body, "access_token");
  if (!token) return error(422, "Invalid request.", { errors: [{ field: "access_token", code: "missing_field" }] });
  return ctx.state.revokeUserToken(token) ? noContent() : error(404, "Not Found");
}

export const oauthRoutes: Route[] = [
  route("GET", "/login/oauth/authorize", authorizePage, "none"),
  route("POST", "/login/oauth/authorize", authorizeDecision, "none"),
  route("POST", "/login/oauth/access_token", accessToken, "none"),
  route("DELETE", "/applications/:client_id/token", deleteAppToken, "none"),
];
