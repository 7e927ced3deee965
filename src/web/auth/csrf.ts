import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The token a signing form carries (`csrf`), bound to the session that was shown the form: an HMAC of the
 * session's id under a key of its own. A form posted from another site cannot carry it (the router refuses a
 * cross-site `Origin` as well, and SameSite=Lax keeps the cookie off cross-site posts); a form shown to an
 * earlier session (before signing in again, or to someone else) no longer matches. Nothing is stored.
 */

/** The form field that carries the token. */
export const CSRF_FIELD = "csrf";

/** The token for the session with id `sessionId`. */
export function csrfToken(key: Buffer, sessionId: string): string {
  return createHmac("sha256", key).update(`csrf ${sessionId}`).digest("base64url");
}

/** Whether `token` is the session's, compared in constant time. */
export function validCsrf(key: Buffer, sessionId: string, token: string | null | undefined): boolean {
  if (typeof token !== "string" || token === "") return false;
  const expected = Buffer.from(csrfToken(key, sessionId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
