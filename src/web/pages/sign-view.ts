/**
 * What the two signing pages (a strong sign-off, a release approval) show alike: who signs and how recent
 * their GitHub sign-in is, the way to sign in again, the rationale field, and the notices. Every value from
 * outside goes through the `html` template, which escapes it.
 */
import { RATIONALE_MAX } from "../../core/strong-signing.js";
import { CSRF_FIELD } from "../auth/csrf.js";
import { freshSignInPath } from "../auth/sign-in.js";
import { html, trustedHtml, type Html } from "../html.js";
import { timeElement } from "./format.js";

/** The signing pages' own few styles (the layout's sheet has no text area and no signing panel). */
export const SIGN_STYLE = trustedHtml(
  "<style>" +
    "textarea{font:inherit;width:100%;max-width:48rem;padding:.35rem .5rem;border:1px solid var(--muted);border-radius:.25rem}" +
    "form.sign{background:var(--soft);border:1px solid var(--line);padding:1rem;margin:1rem 0;max-width:52rem}" +
    "form.sign .statement{font-size:1.05rem}" +
    "a.button{display:inline-block;background:var(--accent);color:#fff;padding:.35rem .75rem;border-radius:.25rem;font-weight:600;text-decoration:none}" +
    "</style>",
);

/** The person's GitHub sign-in: when, and whether it is recent enough to sign. */
export function signInFacts(signedInAt: number | undefined, now: number, maxAgeMs: number): Html {
  const minutes = Math.round(maxAgeMs / 60_000);
  if (signedInAt === undefined) return html`unknown (signed in before sign-in times were kept)`;
  const ago = Math.max(0, Math.floor((now - signedInAt) / 60_000));
  return html`${timeElement(new Date(signedInAt).toISOString())} (${ago} ${ago === 1 ? "minute" : "minutes"} ago; a signature needs one within the last ${minutes} ${minutes === 1 ? "minute" : "minutes"})`;
}

/**
 * The notice for a session whose GitHub sign-in is too old to sign: nothing is recorded, and "Sign in again"
 * goes through GitHub's account picker and comes back to `back`.
 */
export function staleNotice(why: string, back: string): Html {
  // The reason is written to follow a colon in a reply ("refused: you signed in…"); here it opens a sentence.
  const sentence = why.charAt(0).toUpperCase() + why.slice(1);
  return html`<div class="notice warn" role="alert"><p><strong>Sign in again to sign.</strong> ${sentence}. Nothing has been recorded.</p>
<p><a class="button" href="${freshSignInPath(back)}">Sign in again with GitHub</a></p></div>`;
}

/** A refusal: why, and that nothing was recorded. */
export function refusalNotice(title: string, why: string): Html {
  return html`<div class="notice warn" role="alert"><p><strong>${title}</strong> ${codeSpans(capitalise(why))}. Nothing has been recorded.</p></div>`;
}

/**
 * The core's reasons are written for a PR comment, with `code` in backticks: shown here as `<code>`, every
 * part still escaped.
 */
export function codeSpans(text: string): Html {
  const parts = text.split("`");
  // An odd number of backticks leaves the last one unpaired: it is shown as it is.
  if (parts.length % 2 === 0) return html`${text}`;
  return html`${parts.map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part))}`;
}

/** The hidden fields every signing form carries. */
export function hiddenFields(csrf: string, fields: Readonly<Record<string, string>>): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${csrf}">${Object.entries(fields).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  )}`;
}

/** The optional rationale, at most {@link RATIONALE_MAX} characters. */
export function rationaleField(value = ""): Html {
  return html`<p><label for="rationale">Rationale (optional, kept with the signature)</label>
<textarea id="rationale" name="rationale" rows="4" maxlength="${RATIONALE_MAX}" aria-describedby="rationale-help">${value}</textarea>
<span id="rationale-help" class="muted">Why you sign, in your own words; at most ${RATIONALE_MAX} characters.</span></p>`;
}

function capitalise(text: string): string {
  return text.length === 0 ? text : `${text[0]?.toUpperCase() ?? ""}${text.slice(1)}`;
}
