/**
 * Where a person may be sent after signing in. The `next` parameter comes from a URL anyone can craft, so
 * only paths of the audit pages on this same site are accepted: anything else (another host, `//host`,
 * `/\host`, a scheme, a path that climbs out of `/audit` with dot segments) falls back to the audit home.
 * Without this the sign-in would be an open redirect: a link that looks like ours and lands on a phishing page.
 */

/** Where a person lands when `next` is missing or refused. */
export const AUDIT_HOME = "/audit";

/** Paths of the sign-in itself: sending someone back to them after signing in would loop. */
const SIGN_IN_PATHS = new Set(["/audit/login", "/audit/callback", "/audit/logout"]);

/** Longer than any real page address; a bound so a crafted value cannot bloat the state cookie. */
const MAX_LENGTH = 2000;

/** A host no real request comes from, to resolve the path against and see whether it stays on it. */
const PROBE_ORIGIN = "http://audit.invalid";

/**
 * The path-and-query to redirect to after signing in: `next` normalised when it is a same-site path under
 * `/audit`, else {@link AUDIT_HOME}. The fragment is dropped (browsers keep their own).
 */
export function safeNext(next: string | null | undefined): string {
  if (typeof next !== "string" || next.length > MAX_LENGTH) return AUDIT_HOME;
  // Browsers treat `\` as `/` and ignore tabs and newlines in URLs; a value with either is never one of ours.
  // eslint-disable-next-line no-control-regex
  if (!next.startsWith("/") || /[\\\u0000-\u0020\u007f]/.test(next)) return AUDIT_HOME;
  let url: URL;
  try {
    url = new URL(next, PROBE_ORIGIN);
  } catch {
    return AUDIT_HOME;
  }
  if (url.origin !== PROBE_ORIGIN) return AUDIT_HOME;
  const { pathname } = url;
  if (pathname !== AUDIT_HOME && !pathname.startsWith(`${AUDIT_HOME}/`)) return AUDIT_HOME;
  if (SIGN_IN_PATHS.has(pathname.replace(/\/+$/, ""))) return AUDIT_HOME;
  return `${pathname}${url.search}`;
}
