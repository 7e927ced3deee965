/**
 * What the service's logger must redact. Probot's HTTP logger (pino-http) writes every request's headers
 * into its JSON log lines, `Cookie` included, so the audit pages' session cookie (the person's GitHub token,
 * encrypted) would be logged on every page view. Give these paths to the root pino logger's `redact` option
 * (`pino({ redact: { paths: LOG_REDACT_PATHS, censor: "[redacted]" } }, …)`) and pass that logger to Probot.
 *
 * Not covered: the request line, which pino-http also logs. The only secret it can hold is the OAuth `code`
 * of `/audit/callback`, which is single-use, spent within the same second, and useless without the client
 * secret.
 */
export const LOG_REDACT_PATHS: readonly string[] = [
  "req.headers.cookie",
  "req.headers.authorization",
  'res.headers["set-cookie"]',
];
