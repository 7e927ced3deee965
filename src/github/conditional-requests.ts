import { createHash } from "node:crypto";
import type { Octokit as CoreOctokit, OctokitOptions } from "@octokit/core";
import type { OctokitResponse } from "@octokit/types";

/**
 * Conditional requests: every evaluation re-reads the same things (the config file and hazard log, the PR's
 * files, its comments and reviews, team memberships), and most of the time nothing has changed. GitHub answers
 * a GET with an `ETag`; sent back as `If-None-Match`, an unchanged resource comes back as `304 Not Modified`,
 * which does not count against the installation's 5,000 requests an hour. This Octokit plugin remembers the
 * last `{ etag, response }` of each GET and answers a 304 with that response, so callers see an ordinary 200.
 *
 * - Keyed by the final URL (route parameters expanded, query included), the `Accept` header (raw and JSON
 *   forms of a file are different representations) and a SHA-256 of the `Authorization` header — so one
 *   installation is never handed another's cached data. The token itself is never stored, logged or used in
 *   clear. Installation tokens are renewed hourly, so entries under an old token simply age out.
 * - The cache is module-level by default and shared by every Octokit the class creates (Probot makes a new one
 *   per event); pass `conditionalRequests: { cache }` in the Octokit options for a separate one.
 * - Bounded: least recently used entries are dropped beyond `maxEntries` (2,000) or `maxChars` of cached
 *   bodies (64 Mi characters of JSON); a body too large for the budget alone is not cached.
 * - Only GETs of JSON or text that answer 200 with an `ETag` are cached; other requests pass through untouched,
 *   and so does a GET whose caller set `If-None-Match` itself.
 */

/** A cached answer: the validator, and the response with its body kept as text (so no caller can mutate it). */
export interface CachedResponse {
  etag: string;
  status: number;
  url: string;
  headers: Record<string, string | number | undefined>;
  /** `JSON.stringify` of the response's `data`. */
  body: string;
}

export const DEFAULT_MAX_ENTRIES = 2_000;
export const DEFAULT_MAX_CHARS = 64 * 1024 * 1024;

/** A least-recently-used map of cache key → {@link CachedResponse}, bounded by entries and by body size. */
export class EtagCache {
  private readonly entries = new Map<string, CachedResponse>();
  private chars = 0;

  constructor(
    readonly maxEntries = DEFAULT_MAX_ENTRIES,
    readonly maxChars = DEFAULT_MAX_CHARS,
  ) {
    if (!(maxEntries >= 1 && maxChars >= 1)) throw new Error("EtagCache bounds must be at least 1");
  }

  get size(): number {
    return this.entries.size;
  }

  /** Total length of the cached bodies. */
  get bodyChars(): number {
    return this.chars;
  }

  /** The keys, least recently used first (hashes: they hold no URL or credential in clear). */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** The entry, marked as most recently used. */
  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CachedResponse): void {
    this.delete(key);
    if (entry.body.length > this.maxChars) return;
    this.entries.set(key, entry);
    this.chars += entry.body.length;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= old.body.length;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.chars -= entry.body.length;
  }

  clear(): void {
    this.entries.clear();
    this.chars = 0;
  }
}

/** The cache every Octokit with this plugin shares unless given its own. */
export const sharedEtagCache = new EtagCache();

/** The plugin's Octokit options. */
export interface ConditionalRequestsOptions {
  conditionalRequests?: { cache?: EtagCache };
}

/**
 * The cache key of a GET: URL, `Accept`, and the SHA-256 of the `Authorization` value (or "-" when there is
 * none), hashed together so the key holds nothing secret.
 */
export function cacheKey(url: string, headers: Headers): string {
  const authorization = headers.get("authorization");
  const credential = authorization === null ? "-" : createHash("sha256").update(authorization).digest("hex");
  return createHash("sha256")
    .update(JSON.stringify(["GET", url, headers.get("accept") ?? "", credential]))
    .digest("hex");
}

/** Response headers whose fresh values a 304 carries and the cached copy must not keep stale. */
const FRESH_FROM_304 = /^(date|etag|x-ratelimit-.*|x-github-request-id)$/i;

function statusOf(error: unknown): unknown {
  return typeof error === "object" && error !== null ? (error as { status?: unknown }).status : undefined;
}

/** Adds conditional GETs to an Octokit class: `ProbotOctokit.plugin(conditionalRequests)`. */
export function conditionalRequests(octokit: CoreOctokit, options: OctokitOptions & ConditionalRequestsOptions): void {
  const cache = options.conditionalRequests?.cache ?? sharedEtagCache;

  octokit.hook.wrap("request", async (request, requestOptions) => {
    const callerHeaders = new Headers(requestOptions.headers as Record<string, string>);
    if (requestOptions.method !== "GET" || callerHeaders.has("if-none-match") || requestOptions.request?.parseSuccessResponseBody === false) {
      return request(requestOptions);
    }

    // The Authorization header is added by the auth hook, which runs inside this one, and the URL is only
    // final once the route is expanded: so the key is taken where the request leaves, in fetch.
    // The entry whose ETag was sent is kept here, so a 304 is answered from it even if the shared cache
    // dropped it meanwhile.
    let key: string | undefined;
    let sent: CachedResponse | undefined;
    const send = (requestOptions.request?.fetch as typeof fetch | undefined) ?? globalThis.fetch;
    const conditionalFetch: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      key = cacheKey(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, headers);
      sent = cache.get(key);
      if (sent) headers.set("if-none-match", sent.etag);
      return send(input, { ...init, headers });
    };

    let response: OctokitResponse<unknown>;
    try {
      // before-after-hook hands every inner hook the options object it was called with, not the argument
      // passed on, so the fetch is set on that object (a fresh one per request; its nested `request` object may
      // be the client's shared defaults, hence replaced, not mutated).
      requestOptions.request = { ...requestOptions.request, fetch: conditionalFetch };
      response = await request(requestOptions);
    } catch (error) {
      const cached = statusOf(error) === 304 ? sent : undefined;
      if (!cached) throw error;
      const fresh = (error as { response?: { headers?: Record<string, string | number | undefined> } }).response?.headers ?? {};
      const headers = { ...cached.headers };
      for (const [name, value] of Object.entries(fresh)) if (FRESH_FROM_304.test(name) && value !== undefined) headers[name] = value;
      return { status: cached.status, url: cached.url, headers, data: JSON.parse(cached.body) as unknown } as OctokitResponse<unknown>;
    }

    if (key !== undefined) {
      const etag = response.headers.etag;
      const cacheable = response.status === 200 && typeof etag === "string" && (typeof response.data === "string" || isJsonValue(response.data));
      if (cacheable) {
        cache.set(key, { etag, status: 200, url: response.url, headers: { ...response.headers }, body: JSON.stringify(response.data) });
      } else {
        cache.delete(key);
      }
    }
    return response;
  });
}

/** Plain objects and arrays (parsed JSON), not binary bodies or streams. */
function isJsonValue(data: unknown): boolean {
  if (Array.isArray(data)) return true;
  if (typeof data !== "object" || data === null) return false;
  const proto = Object.getPrototypeOf(data) as unknown;
  return proto === Object.prototype || proto === null;
}
