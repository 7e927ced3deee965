/**
 * The logger the web side writes to: pino's `(fields, message)` form, so the app's Probot logger fits as is.
 * Fields are chosen by hand at each call: never a token, a cookie, an OAuth code or a request's headers.
 */
export interface WebLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** A logger that drops everything (the default when none is given). */
export const SILENT_LOG: WebLog = { info: () => {}, warn: () => {}, error: () => {} };
