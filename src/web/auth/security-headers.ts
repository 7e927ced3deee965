/**
 * Headers on every response under `/audit`. The pages show text that people typed (PR titles, hazard
 * descriptions, comments); escaping is the first defence, and these are the second: no script runs even if
 * something slipped through, nothing loads from outside the app (it must work air-gapped anyway), and no
 * other site can frame the pages to trick a click.
 */

/** The policy: own resources only, inline styles allowed (server-rendered pages), no script at all. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** Header name (lower case) → value. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
};

/**
 * A page's headers with the security headers on top (a page cannot weaken them), and `no-store` unless the
 * page chose its own caching: the pages show what one person may read, so no shared cache may keep them.
 */
export function withSecurityHeaders(headers: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) merged[name.toLowerCase()] = value;
  merged["cache-control"] ??= "no-store";
  return { ...merged, ...SECURITY_HEADERS };
}
