/**
 * The service's one log line per HTTP request: method, path, status and duration, at info. The path only,
 * never the query string: a query can hold secrets (the OAuth `code` and `state` of `/audit/callback`) and
 * whatever people type into the audit pages' filters. Never a header either (cookies, signatures).
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** What the request log needs of a logger (pino's `(fields, message)` form). */
export interface RequestLog {
  info(fields: Record<string, unknown>, message: string): void;
}

/** The request target's path: everything before the first `?` or `#`. */
export function requestPath(target: string | undefined): string {
  const text = target ?? "";
  const end = text.search(/[?#]/);
  return end < 0 ? text : text.slice(0, end);
}

/** Logs the request once its response has been sent (or the connection closed before that). */
export function logRequest(log: RequestLog, req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  const method = req.method ?? "";
  const path = requestPath(req.url);
  res.once("close", () => {
    const fields = { method, path, status: res.statusCode, ms: Math.round(performance.now() - started) };
    log.info(res.writableFinished ? fields : { ...fields, aborted: true }, "request");
  });
}
