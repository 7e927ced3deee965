/**
 * Reading the `Cookie` header and writing `Set-Cookie`, for the two cookies the audit pages use. Small on
 * purpose: names and values here are our own (base64url and fixed names), so no general cookie grammar.
 */

/**
 * Every value sent under `name`, in header order. A browser may send several cookies of the same name
 * (different paths or domains), so the caller tries each rather than trusting the first.
 */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    values.push(value);
  }
  return values;
}

/** The attributes of a cookie the audit pages set. */
export interface CookieAttributes {
  path: string;
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
  /** Only sent over https: set when the service's public address is https. */
  secure: boolean;
}

/**
 * A `Set-Cookie` value: always HttpOnly (no script may read it) and SameSite=Lax (sent on the top-level
 * navigation back from GitHub's sign-in, not on cross-site subrequests or form posts).
 */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  const parts = [`${name}=${value}`, `Path=${attributes.path}`, `Max-Age=${Math.max(0, Math.floor(attributes.maxAge))}`, "HttpOnly", "SameSite=Lax"];
  if (attributes.secure) parts.push("Secure");
  return parts.join("; ");
}
