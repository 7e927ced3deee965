/**
 * Strong signing (21 CFR 11.200: two identification components at signing): a role configured with
 * `sign_off.reauthenticate` signs on the audit page, after a GitHub sign-in no older than
 * `sign_off.sign_in_max_age_minutes`, and the command is answered with a link there. The same freshness rule
 * holds for the CSO's release approval. Pure: the web side and the gate ask these questions with the same
 * clock readings and get the same answers.
 */
import type { GateConfig } from "./types.js";

/** How old a sign-in may be when nothing is configured. */
export const DEFAULT_SIGN_IN_MAX_AGE_MINUTES = 5;

/** The longest rationale kept with a signature: a paragraph, not a document. */
export const RATIONALE_MAX = 1000;

/** Whether `role` signs on the audit page rather than by command. */
export function requiresReauthentication(config: GateConfig, role: string): boolean {
  const roles = config.sign_off.reauthenticate;
  return roles === true || (Array.isArray(roles) && roles.includes(role));
}

/** How old (ms) the sign-in behind a signature may be at most. */
export function signInMaxAgeMs(config: Pick<GateConfig, "sign_off"> | undefined): number {
  return (config?.sign_off.sign_in_max_age_minutes ?? DEFAULT_SIGN_IN_MAX_AGE_MINUTES) * 60_000;
}

/**
 * Why a sign-in at `signedInAt` cannot sign at `at`, or undefined when it can. A sign-in of unknown time (a
 * session from before sign-in times were kept) is never fresh; one dated after the signature is not either
 * (a clock that disagrees with itself proves nothing).
 */
export function staleSignIn(signedInAt: string | number | undefined, at: string | number, maxAgeMs: number): string | undefined {
  const minutes = Math.round(maxAgeMs / 60_000);
  const limit = `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
  if (signedInAt === undefined) return `your GitHub sign-in time is unknown; signing needs a GitHub sign-in within the last ${limit}`;
  const signed = typeof signedInAt === "number" ? signedInAt : Date.parse(signedInAt);
  const now = typeof at === "number" ? at : Date.parse(at);
  if (!Number.isFinite(signed) || !Number.isFinite(now) || signed > now) return "your GitHub sign-in time cannot be trusted; sign in again";
  const age = now - signed;
  if (age > maxAgeMs) {
    const ago = Math.floor(age / 60_000);
    return `you signed in with GitHub ${ago} ${ago === 1 ? "minute" : "minutes"} ago; signing needs a GitHub sign-in within the last ${limit}`;
  }
  return undefined;
}

/** The audit page where `role` signs PR `number` of `owner/repo` (a path; PUBLIC_URL goes before it). */
export function signingPath(owner: string, repo: string, number: number, role: string): string {
  return `/audit/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/pull/${number}/sign?${new URLSearchParams({ role }).toString()}`;
}

/**
 * A rationale as kept: whitespace runs made single spaces at the ends only (a paragraph's line breaks stay),
 * undefined when blank. Longer than {@link RATIONALE_MAX} characters is the caller's to refuse, never cut: a
 * signature's reasons are not shortened behind the signer's back.
 */
export function normaliseRationale(text: string | null | undefined): string | undefined {
  const trimmed = (text ?? "").replace(/\r\n?/g, "\n").trim();
  return trimmed === "" ? undefined : trimmed;
}
