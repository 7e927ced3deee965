import { createHash } from "node:crypto";

/**
 * The simulator's transport-neutral request and response. msw and the node:http server both translate to and
 * from these, so the routes are written (and tested) once.
 */

/** A request as the router sees it. `url` may be absolute or a bare path (then api.github.com is assumed). */
export interface SimRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or the raw text (parsed here; invalid JSON is a 400 like GitHub's). */
  body?: unknown;
}

/** A response: `body` is the serialised text ("" for 204). */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const DOCS = "https://docs.github.com/rest";

/** GitHub's rate-limit headers, so clients that read them (the throttling plugin) see a healthy budget. */
const BASE_HEADERS: Record<string, string> = {
  "x-ratelimit-limit": "5000",
  "x-ratelimit-remaining": "4999",
  "x-ratelimit-used": "1",
  "x-ratelimit-resource": "core",
  "x-github-media-type": "github.v3; format=json",
};

/** A JSON response. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { ...BASE_HEADERS, "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(value),
  };
}

/** A raw text response, as the contents API gives for `Accept: application/vnd.github.raw`. */
export function rawText(text: string): SimResponse {
  // octokit reads `…charset=utf-8` bodies as text; the config plugin treats a JSON content type as "directory".
  return { status: 200, headers: { ...BASE_HEADERS, "content-type": "text/plain; charset=utf-8" }, body: text };
}

/** 304 Not Modified: no body, the validator repeated (GitHub does not count these against the rate limit). */
export function notModified(etag: string): SimResponse {
  return { status: 304, headers: { ...BASE_HEADERS, etag }, body: "" };
}

/** 204 No Content. */
export function noContent(): SimResponse {
  return { status: 204, headers: { ...BASE_HEADERS }, body: "" };
}

/** An error in GitHub's shape: `{ message, documentation_url, status }`. */
export function error(status: number, message: string, extra: Record<string, unknown> = {}): SimResponse {
  return json(status, { message, documentation_url: DOCS, status: String(status), ...extra });
}

/** 404 `Not Found`, GitHub's answer for absent and for inaccessible resources alike. */
export function notFound(message = "Not Found"): SimResponse {
  return error(404, message);
}

/** 422 with GitHub's "Invalid request" wording, naming what is wrong. */
export function invalid(detail: string): SimResponse {
  return error(422, `Invalid request.\n\n${detail}`);
}

/** 422 "Validation Failed" with one error entry, as GitHub reports semantic validation. */
export function validationFailed(resource: string, field: string, code: string, message?: string): SimResponse {
  const entry: Record<string, string> = { resource, field, code };
  if (message !== undefined) entry.message = message;
  return error(422, "Validation Failed", { errors: [entry] });
}

/**
 * A strong ETag for a response: a SHA-256 of what a client would cache — the body and the headers that
 * describe it (`Content-Type`, and `Link`, which changes when the number of pages does while a page does not).
 * Deterministic, so two requests for an unchanged resource get the same validator, as on GitHub.
 */
export function etagOf(response: SimResponse): string {
  const hash = createHash("sha256");
  for (const part of [response.headers["content-type"] ?? "", response.headers.link ?? "", response.body]) {
    hash.update(part).update("\0");
  }
  return `"${hash.digest("hex")}"`;
}

/**
 * Whether an `If-None-Match` value matches `etag`: `*`, or one of a comma-separated list, compared weakly
 * (a `W/` prefix ignored) as RFC 9110 prescribes for this header.
 */
export function ifNoneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const strip = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || strip(tag) === strip(etag));
}

/** The lower-cased value of a header (first one when repeated). */
export function header(headers: SimRequest["headers"], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
