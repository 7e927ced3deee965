/**
 * The reply to an accepted sign-off: what exactly was signed (the commit, the role, the meaning of the
 * signature, the UTC time, the signer's printed name and login, 21 CFR 11.50) and what still stands between
 * the PR and a passing gate. Pure; every untrusted part (a name from a GitHub profile or the configuration, a
 * configured meaning) is escaped.
 */
import type { AcceptedSignOff, Evaluation } from "../core/types.js";
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

/**
 * `actor`'s accepted sign-offs and the evaluation they left: what was signed, then either the steps still
 * needed or that nothing blocks the gate any more.
 */
export function renderSignOffReply(actor: string, signed: readonly AcceptedSignOff[], e: Evaluation, options: RenderOptions = {}): string {
  const lines = [`@${actor} — your sign-off is recorded in the audit trail.`, "", ...signed.map(signedLine), ""];
  if (e.state === "pass") {
    lines.push("Nothing else blocks the gate: the clinical safety check passes on this commit.");
  } else {
    const steps = whatHappensNext(e, renderContext(options, CAP_LEVELS[1] ?? { items: 10, files: 5, text: 200 }));
    lines.push(`Still blocking the gate (${safe(e.headline, 200)}):`, ...steps.map((step) => `- ${step}`));
  }
  return lines.join("\n");
}
