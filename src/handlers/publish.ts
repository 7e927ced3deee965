import { DEFAULT_CHECK_NAME } from "../config/schema.js";
import type { GateError } from "../core/types.js";
import type { PrRef } from "../github/octokit.js";

/** The check's name when the configuration could not be read (the default of `check.name`). */
export { DEFAULT_CHECK_NAME };

export interface PublishOptions {
  /** Base address of the audit pages (PUBLIC_URL), for links from the check and the comment. */
  publicUrl?: string;
}

/** The PR's page in the audit pages, when PUBLIC_URL is known. */
export function auditUrl(ref: PrRef, opts: PublishOptions): string | undefined {
  return opts.publicUrl ? `${opts.publicUrl.replace(/\/$/, "")}/audit/${ref.owner}/${ref.repo}/pull/${ref.number}` : undefined;
}

/** Words for an error thrown while talking to GitHub, without anything secret (no headers, no tokens). */
export function describeFailure(error: unknown): GateError {
  const status = typeof error === "object" && error !== null ? (error as { status?: unknown }).status : undefined;
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  if (typeof status === "number") {
    return { code: "api", message: `GitHub API error (HTTP ${status}) while evaluating: ${message}` };
  }
  return { code: "internal", message: `The gate could not evaluate this PR: ${message}` };
}
