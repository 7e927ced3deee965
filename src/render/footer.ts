/**
 * The footer of the sticky comment: the commands reference (in its folded details), the configuration the
 * evaluation was made under, and the link to the audit trail.
 */
import { COMMANDS } from "../core/commands.js";
import type { Evaluation } from "../core/types.js";
import { inlineCode } from "./escape.js";
import { auditHref } from "./options.js";
import { shortSha } from "./text.js";

/** The commands reference, a section of the comment's folded details (`heading: false` when it is all they hold). */
export function renderCommands(opts: { heading?: boolean } = {}): string[] {
  return [
    ...(opts.heading === false ? [] : ["### Commands", ""]),
    "Write a command on a line of its own, in a comment on this PR or in a review.",
    "",
    // One list for the comment, `/safety help` and the unknown-command message, so they cannot disagree.
    ...COMMANDS.map((c) => `- ${inlineCode(c.usage)} — ${c.does}`),
  ];
}

/**
 * "Clinical Safety Gate · configuration `abcdef0` · Audit trail". Not the head commit: the comment would
 * then change (a write, a notification) on every push, even when nothing the reader acts on did; each
 * commit's result is on its own check run, and a push that voids a sign-off says so in the sign-offs.
 */
export function renderProvenance(e: Evaluation, auditUrl: string | undefined): string {
  const parts = ["Clinical Safety Gate"];
  if (e.configSha) parts.push(`configuration ${shortSha(e.configSha)}`);
  const href = auditHref(auditUrl);
  if (href) parts.push(`[Audit trail](${href})`);
  return `<sub>${parts.join(" · ")}</sub>`;
}
