import type { ServerResponse } from "node:http";
import { withSecurityHeaders } from "./security-headers.js";

/**
 * What the router answers: a page's response plus the cookies to set. Kept apart from `PageResponse` because
 * the pages never set cookies (the session is the router's alone) and a header record cannot hold two
 * `Set-Cookie` lines.
 */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** A binary body (a page's PDF), sent instead of `body` when present. */
  bytes?: Uint8Array;
  /** `Set-Cookie` values. */
  cookies?: string[];
}

/** A redirect (302: the browser follows with GET, which is what every redirect here wants). */
export function redirectTo(location: string, cookies: string[] = []): Reply {
  return { status: 302, headers: { location, "cache-control": "no-store" }, body: "", cookies };
}

/**
 * Writes a reply with the security headers; a HEAD request gets the headers only. Headers go out through
 * `writeHead` alone, never `setHeader`: Probot's HTTP logger logs `res.getHeaders()`, which then stays empty,
 * so a `Set-Cookie` carrying a session never reaches a log line whatever the logger's configuration.
 */
export function sendReply(res: ServerResponse, method: string, reply: Reply): void {
  const headers: Record<string, string | string[]> = withSecurityHeaders(reply.headers);
  if (reply.cookies && reply.cookies.length > 0) headers["set-cookie"] = reply.cookies;
  res.writeHead(reply.status, headers);
  res.end(method === "HEAD" ? undefined : (reply.bytes ?? reply.body));
}
