/**
 * The reply to an accepted sign-off: what exactly was signed (the commit, the role, the meaning of the
 * signature, the UTC time, the signer's printed name and login, 21 CFR 11.50) and what still stands between
 * the PR and a passing gate. Pure; every untrusted part (a name from a GitHub profile or the configuration, a
 * configured meaning) is escaped.
 */
import type { AcceptedSignOff, Evaluation, SignOffMethod } from "../core/types.js";
import { inlineCode, person } from "./escape.js";
import { whatHappensNext } from "./next-steps.js";
import { CAP_LEVELS, renderContext, type RenderOptions } from "./options.js";
import { formatTime, safe } from "./text.js";

/** One signature, as the reply states it. */
function signedLine(s: AcceptedSignOff): string {
  const who = s.name === undefined ? person(s.actor) : `${safe(s.name, 200)} (${person(s.actor)})`;
  return (
    `- Signed: commit ${inlineCode(s.headSha)}, role ${inlineCode(s.role)}, meaning “${safe(s.meaning, 500)}”, ` +
    `at ${formatTime(s.at)}, by ${who}.`
  );
}

/** How the signatures of a reply were made, when not by command: on the audit page, after a sign-in at `signedInAt`. */
export interface SignedWith {
  method: SignOffMethod;
  signedInAt?: string;
}

/**
 * `actor`'s accepted sign-offs and the evaluation they left: what was signed (and, for a signature made on
 * the audit page, that it was, after a GitHub sign-in at which time), then either the steps still needed or
 * that nothing blocks the gate any more.
 */
export function renderSignOffReply(
  actor: string,
  signed: readonly AcceptedSignOff[],
  e: Evaluation,
  options: RenderOptions = {},
  how?: SignedWith,
): string {
  const page =
    how?.method === "audit-page"
      ? [`- Signed on the audit page after a fresh GitHub sign-in${how.signedInAt ? ` at ${formatTime(how.signedInAt)}` : ""}.`]
      : [];
  const lines = [`@${actor} — your sign-off is recorded in the audit trail.`, "", ...signed.map(signedLine), ...page, ""];
  if (e.state === "pass") {
    lines.push("Nothing else blocks the gate: the clinical safety check passes on this commit.");
  } else {
    const steps = whatHappensNext(e, renderContext(options, CAP_LEVELS[1] ?? { items: 10, files: 5, text: 200 }));
    lines.push(`Still blocking the gate (${safe(e.headline, 200)}):`, ...steps.map((step) => `- ${step}`));
  }
  return lines.join("\n");
}

/** A role the person must sign on the audit page, what that signature means, and the page (absent: no PUBLIC_URL). */
export interface SigningPage {
  role: string;
  meaning: string;
  url?: string;
}

/**
 * The answer to `/safety sign-off` for a role with strong signing (`sign_off.reauthenticate`): nothing was
 * recorded; the signature is made on the audit page, after a fresh GitHub sign-in, where the commit, the
 * changed files and the meaning are shown. Without the page's address (PUBLIC_URL unset) it says so.
 */
export function renderSignOnPageReply(actor: string, pages: readonly SigningPage[], headSha: string): string {
  const lines = [
    `@${actor} — nothing was recorded yet: ${pages.length === 1 ? "this role signs" : "these roles sign"} on the audit page, after a fresh sign-in with GitHub (\`sign_off.reauthenticate\`).`,
    "",
  ];
  for (const p of pages) {
    const what = `role ${inlineCode(p.role)} (“${safe(p.meaning, 500)}”) on commit ${inlineCode(headSha)}`;
    lines.push(
      p.url === undefined || !/^https?:\/\//.test(p.url)
        ? `- Sign ${what}: the audit pages have no address (PUBLIC_URL is not set); ask whoever runs the app.`
        : `- [Sign ${what} on the audit page](${p.url}).`,
    );
  }
  return lines.join("\n");
}
