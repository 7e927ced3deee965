import { error, etagOf, header, ifNoneMatchHits, notModified, type SimRequest, type SimResponse } from "./http.js";
import { appManifestRoutes } from "./routes/app-manifests.js";
import { appRoutes } from "./routes/app.js";
import { checkRoutes } from "./routes/checks.js";
import { compareRoutes } from "./routes/compare.js";
import type { Caller, Route } from "./routes/define.js";
import { issueRoutes } from "./routes/issues.js";
import { labelRoutes } from "./routes/labels.js";
import { oauthRoutes } from "./routes/oauth.js";
import { orgRoutes } from "./routes/orgs.js";
import { pullRoutes } from "./routes/pulls.js";
import { repoRoutes } from "./routes/repos.js";
import { userRoutes } from "./routes/users.js";
import type { GitHubState, RecordedRequest } from "./state.js";

/**
 * The one router: every transport (msw in-process, the node:http server) hands requests to
 * {@link handleRequest}. Order of checks: record → route (501 if none) → credentials (401) → injected fault
 * → handler. A handler that throws is a simulator bug: it answers 500 and is recorded as unhandled, so
 * `assertNoUnhandled()` catches it instead of the app's fail-closed path hiding it. A successful GET carries a
 * strong `ETag`; sent back as `If-None-Match` while the resource is unchanged, it gets `304` with no body
 * (recorded with `status: 304`), as GitHub answers conditional requests.
 */

export type { SimRequest, SimResponse } from "./http.js";

/** GitHub Enterprise's API prefix; routes match with or without it. */
export const API_PREFIX = "/api/v3";

/** Every route the simulator implements. */
export const ROUTES: readonly Route[] = [
  ...appRoutes,
  ...repoRoutes,
  ...pullRoutes,
  ...issueRoutes,
  ...labelRoutes,
  ...checkRoutes,
  ...orgRoutes,
  ...compareRoutes,
  ...userRoutes,
  ...oauthRoutes,
  ...appManifestRoutes,
];

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The path without the `/api/v3` prefix and without a trailing slash, still URL-encoded. */
export function routePath(pathname: string): string {
  let path = pathname;
  if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) path = path.slice(API_PREFIX.length) || "/";
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  return path;
}

/**
 * Who the `authorization` header says is calling: a three-part token is the app's JWT (not verified);
 * a token the simulator knows acts as its grant; any other token acts as the app's installation.
 * Undefined when the header is missing or malformed.
 */
export function parseCaller(state: GitHubState, authorization: string | undefined): Caller | undefined {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization?.trim() ?? "");
  const credential = match?.[1];
  if (!credential) return undefined;
  if (credential.split(".").length === 3) return { kind: "app" };
  const grant = state.tokens[credential];
  if (grant?.kind === "user") return { kind: "user", login: grant.login };
  if (grant?.kind === "installation") return { kind: "installation", installationId: grant.installationId };
  return { kind: "installation" };
}

/** Whether the request carries a user token that was revoked (GitHub answers 401 "Bad credentials"). */
function isRevokedToken(state: GitHubState, authorization: string | undefined): boolean {
  const credential = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization?.trim() ?? "")?.[1];
  return credential !== undefined && state.revokedTokens.has(credential);
}

type ParsedBody = { ok: true; value: unknown } | { ok: false };

/** The body as JSON, or as form fields when it says it is a form (the OAuth endpoints accept forms). */
function parseBody(body: unknown, contentType: string | undefined): ParsedBody {
  const text = body instanceof Uint8Array ? Buffer.from(body).toString("utf8") : body;
  if (typeof text !== "string") return { ok: true, value: text };
  if (text.trim() === "") return { ok: true, value: undefined };
  if (contentType?.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    return { ok: true, value: Object.fromEntries(new URLSearchParams(text)) };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function findRoute(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.regex.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    route.paramNames.forEach((name, i) => {
      params[name] = safeDecode(match[i + 1] ?? "");
    });
    return { route, params };
  }
  return undefined;
}

/**
 * GitHub's conditional GET: a 200 answer gets its `ETag`, and becomes `304 Not Modified` (no body) when the
 * request's `If-None-Match` names that ETag. Only after routing, credentials and faults, so a 304 is never
 * given to a caller who could not read the resource.
 */
function conditional(method: string, headers: SimRequest["headers"], response: SimResponse): SimResponse {
  if (method !== "GET" || response.status !== 200) return response;
  const etag = etagOf(response);
  if (ifNoneMatchHits(header(headers, "if-none-match"), etag)) return notModified(etag);
  return { ...response, headers: { ...response.headers, etag } };
}

/** Handles one request against the state, recording it. Never throws. */
export function handleRequest(state: GitHubState, req: SimRequest): SimResponse {
  const url = new URL(req.url, "https://api.github.com");
  const method = req.method.toUpperCase();
  const path = routePath(url.pathname);
  const parsed = parseBody(req.body, header(req.headers, "content-type"));
  const record: RecordedRequest = {
    method,
    path: safeDecode(path),
    query: Object.fromEntries(url.searchParams),
    body: parsed.ok ? parsed.value : req.body,
  };
  state.requests.push(record);
  const answer = (response: SimResponse): SimResponse => {
    record.status = response.status;
    return response;
  };

  const found = findRoute(method, path);
  if (!found) {
    state.unhandled.push(record);
    return answer(error(501, `The GitHub simulator has no route for ${method} ${record.path}`));
  }
  if (!parsed.ok) return answer(error(400, "Problems parsing JSON"));

  if (isRevokedToken(state, header(req.headers, "authorization"))) return answer(error(401, "Bad credentials"));
  const caller: Caller | undefined =
    parseCaller(state, header(req.headers, "authorization")) ?? (found.route.auth === "none" ? { kind: "anonymous" } : undefined);
  if (!caller) return answer(error(401, "Requires authentication"));
  if (found.route.auth === "jwt" && caller.kind !== "app") {
    return answer(error(401, "A JSON web token could not be decoded"));
  }
  if (found.route.auth === "token" && caller.kind === "app") {
    return answer(error(401, "This endpoint needs an installation or user token, not the app's JWT"));
  }

  const fault = state.takeFault(method, record.path);
  if (fault) return answer(error(fault.status, `Simulated failure (${fault.status}) injected by failNext`));

  const value = parsed.value;
  const body = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  try {
    return answer(
      conditional(
        method,
        req.headers,
        found.route.handle({ state, params: found.params, url, query: url.searchParams, body, rawBody: value, headers: req.headers, caller }),
      ),
    );
  } catch (thrown) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    state.unhandled.push({ ...record, body: { request: record.body, simulatorError: message } });
    return answer(error(500, `GitHub simulator error: ${message}`));
  }
}

/** A request handler bound to one state: `createRouter(state)(req)`. */
export function createRouter(state: GitHubState): (req: SimRequest) => SimResponse {
  return (req) => handleRequest(state, req);
}
