/**
 * What the service's logger must redact. Probot's HTTP logger (pino-http) writes every request's headers
 * into its JSON log lines, `Cookie` included, so the audit pages' session cookie (the person's GitHub token,
 * encrypted) would be logged on every page view. Give these paths to the root pino logger's `redact` option
 * (`pino({ redact: { paths: LOG_REDACT_PATHS, censor: "[redacted]" } }, …)`) and pass that logger to Probot.
 *
 * The request line is never logged whole: the service logs each request by its path alone
 * (src/intake/request-log.ts), since the query string can hold the OAuth `code` and `state` of
 * `/audit/callback` and whatever people type into the filters.
 */
export const LOG_REDACT_PATHS: readonly string[] = ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'];
