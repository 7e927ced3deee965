import { generateKeyPairSync, randomBytes } from "node:crypto";
import { error, json, notFound, type SimResponse } from "../http.js";
import { WEB, userShape } from "../shapes.js";
import type { GitHubState } from "../state.js";
import { route, stringField, type Route, type RouteContext } from "./define.js";

/**
 * Registering a GitHub App from a manifest
 * (https://docs.github.com/apps/sharing-github-apps/registering-a-github-app-from-a-manifest):
 *
 * 1. The browser posts a form with a `manifest` field (JSON) to `/settings/apps/new?state=…` on the web host,
 *    or `/organizations/{org}/settings/apps/new?state=…` for an organization.
 * 2. GitHub shows the app to the person, who creates it; GitHub redirects to the manifest's `redirect_url`
 *    with `?code=…&state=…`. The simulator skips the confirmation page: a valid manifest redirects at once,
 *    an invalid one gets an error page (GitHub does not redirect then either).
 * 3. The app exchanges the code, without credentials, with `POST /app-manifests/{code}/conversions` on the
 *    API: `201` with the new app and its secrets (`pem`, `webhook_secret`, `client_id`, `client_secret`).
 *    A code works once, for an hour; any other is `404`.
 *
 * The app registered last becomes the app the simulator plays (`state.app`, `state.oauthClient`), so the
 * credentials the flow hands out are the ones the rest of the simulator accepts. What was registered is kept
 * in {@link manifestFlow}`(state)` for tests to compare with what the app wrote down.
 */

/** One registration: the manifest GitHub received, and the conversion's whole answer (secrets included). */
export interface ManifestRegistration {
  owner: string;
  manifest: Record<string, unknown>;
  /** The `state` the form carried, echoed to the redirect. */
  state: string | undefined;
  code: string;
  /** Wall-clock expiry of the code, like the simulator's OAuth codes: moving the simulated clock must not void it. */
  expiresAtMs: number;
  /** Set once the code is exchanged. */
  conversion?: Record<string, unknown> & { id: number; pem: string; webhook_secret: string; client_id: string; client_secret: string };
}

export interface ManifestFlow {
  /** Who "is signed in" in the browser that posts the form: the owner of an app registered for a personal account. */
  signedInAs: string;
  registrations: ManifestRegistration[];
}

const flows = new WeakMap<GitHubState, ManifestFlow>();

/** The manifest flow's records for one simulated GitHub (kept beside the state, which it does not need to know of). */
export function manifestFlow(state: GitHubState): ManifestFlow {
  let flow = flows.get(state);
  if (!flow) {
    flow = { signedInAs: "platform-admin", registrations: [] };
    flows.set(state, flow);
  }
  return flow;
}

const CODE_TTL_MS = 60 * 60_000;

/**
 * The events the simulator knows, each with the permissions that let an app subscribe to it (GitHub refuses a
 * manifest whose default events its permissions do not cover).
 */
const EVENT_PERMISSIONS: Readonly<Record<string, readonly string[]>> = {
  pull_request: ["pull_requests"],
  pull_request_review: ["pull_requests"],
  issue_comment: ["issues", "pull_requests"],
  issues: ["issues"],
  check_run: ["checks"],
  check_suite: ["checks"],
  push: ["contents"],
  merge_group: ["merge_queues"],
  membership: ["members"],
};

const isHttpUrl = (value: unknown): value is string => typeof value === "string" && /^https?:\/\//.test(value) && URL.canParse(value);

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function errorPage(status: number, problems: string[]): SimResponse {
  const items = problems.map((p) => `<li>${escapeHtml(p)}</li>`).join("");
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Invalid GitHub App manifest</title></head><body><main><h1>Invalid GitHub App manifest</h1><ul>${items}</ul></main></body></html>`,
  };
}

/** What GitHub would refuse in a manifest, as sentences; empty when it is acceptable. */
export function manifestProblems(manifest: unknown): string[] {
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) return ["the manifest must be a JSON object"];
  const m = manifest as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof m.name !== "string" || m.name.trim() === "" || m.name.length > 34) problems.push("name must be 1 to 34 characters");
  if (!isHttpUrl(m.url)) problems.push("url (the app's homepage) is required and must be an http(s) URL");
  const hook = m.hook_attributes as Record<string, unknown> | undefined;
  if (typeof hook !== "object" || hook === null || !isHttpUrl(hook.url)) problems.push("hook_attributes.url is required and must be an http(s) URL");
  if (!isHttpUrl(m.redirect_url)) problems.push("redirect_url must be an http(s) URL");
  if (m.callback_urls !== undefined) {
    if (!Array.isArray(m.callback_urls) || m.callback_urls.length > 10 || !m.callback_urls.every(isHttpUrl)) {
      problems.push("callback_urls must be at most 10 http(s) URLs");
    }
  }
  if (m.public !== undefined && typeof m.public !== "boolean") problems.push("public must be true or false");
  const permissions = m.default_permissions ?? {};
  if (typeof permissions !== "object" || permissions === null || Array.isArray(permissions)) {
    problems.push("default_permissions must be an object");
  } else {
    for (const [name, level] of Object.entries(permissions)) {
      if (level !== "read" && level !== "write") problems.push(`default_permissions.${name} must be read or write`);
    }
  }
  const granted = typeof permissions === "object" && permissions !== null ? Object.keys(permissions) : [];
  const events = m.default_events ?? [];
  if (!Array.isArray(events)) problems.push("default_events must be a list");
  else {
    for (const event of events) {
      const needs = typeof event === "string" ? EVENT_PERMISSIONS[event] : undefined;
      if (!needs) problems.push(`default_events: ${String(event)} is not an event the simulator knows`);
      else if (!needs.some((p) => granted.includes(p))) problems.push(`default_events: ${event} needs the ${needs.join(" or ")} permission`);
    }
  }
  return problems;
}

/** Step 1-2: the form's submission. */
function newApp(ctx: RouteContext): SimResponse {
  const text = stringField(ctx.body, "manifest");
  if (text === undefined) return errorPage(422, ["the form has no manifest field"]);
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    return errorPage(422, ["the manifest is not JSON"]);
  }
  const problems = manifestProblems(manifest);
  if (problems.length > 0) return errorPage(422, problems);
  const m = manifest as Record<string, unknown> & { redirect_url: string };
  const flow = manifestFlow(ctx.state);
  const state = ctx.query.get("state") ?? undefined;
  const registration: ManifestRegistration = {
    owner: ctx.params.org ?? flow.signedInAs,
    manifest: m,
    state,
    code: `simmanifest${ctx.state.nextId()}${randomBytes(8).toString("hex")}`,
    expiresAtMs: Date.now() + CODE_TTL_MS,
  };
  flow.registrations.push(registration);
  const location = new URL(m.redirect_url);
  location.searchParams.set("code", registration.code);
  if (state !== undefined) location.searchParams.set("state", state);
  return { status: 302, headers: { location: location.toString(), "cache-control": "no-store" }, body: "" };
}

/** Step 3: the code for the app and its credentials. */
function conversion(ctx: RouteContext): SimResponse {
  const flow = manifestFlow(ctx.state);
  const registration = flow.registrations.find((r) => r.code === ctx.params.code);
  if (!registration || registration.conversion || registration.expiresAtMs <= Date.now()) return notFound();
  const m = registration.manifest as Record<string, unknown> & { name: string; hook_attributes: { url: string } };
  const slug = m.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  if (slug === "") return error(422, "Validation Failed", { errors: [{ resource: "Integration", field: "name", code: "invalid" }] });
  // On github.com an app lives at /apps/{slug}; on Enterprise Server (any other host) at /github-apps/{slug}.
  const web = ctx.url.hostname === "api.github.com" ? `${WEB}/apps` : `${ctx.url.origin}/github-apps`;
  const id = ctx.state.nextId();
  const now = ctx.state.now();
  const answer = {
    id,
    slug,
    node_id: Buffer.from(`Integration${id}`).toString("base64"),
    owner: userShape(ctx.state, registration.owner),
    name: m.name,
    description: typeof m.description === "string" ? m.description : null,
    external_url: m.url,
    html_url: `${web}/${slug}`,
    created_at: now,
    updated_at: now,
    permissions: { ...(m.default_permissions as Record<string, string> | undefined), metadata: "read" },
    events: m.default_events ?? [],
    installations_count: 0,
    client_id: `Iv23li${randomBytes(7).toString("hex")}`,
    client_secret: randomBytes(20).toString("hex"),
    webhook_secret: randomBytes(20).toString("hex"),
    // A real key: the app signs its JWTs with it (the simulator does not verify them, but Probot must sign).
    pem: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
  };
  registration.conversion = answer;
  ctx.state.app = { id, slug, name: m.name, owner: registration.owner };
  ctx.state.oauthClient = { clientId: answer.client_id, clientSecret: answer.client_secret };
  return json(201, answer);
}

export const appManifestRoutes: Route[] = [
  route("POST", "/settings/apps/new", newApp, "none"),
  route("POST", "/organizations/:org/settings/apps/new", newApp, "none"),
  route("POST", "/app-manifests/:code/conversions", conversion, "none"),
];
