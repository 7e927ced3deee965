/**
 * The footer of the sticky comment: the commands reference (collapsed), the configuration the evaluation
 * was made under, and the link to the audit trail.
 */
import type { Evaluation } from "../core/types.js";
import { inlineCode } from "./escape.js";
import { auditHref } from "./options.js";
import { shortSha } from "./text.js";

/** Every command, with what it does, in the words of PRODUCT.md. */
export const COMMANDS: readonly { command: string; does: string }[] = [
  {
    command: "/safety answer <question-id> yes|no [because …]",
    does: "answer a checklist question (for anyone who cannot tick the boxes); `because …` keeps your reason with the answer",
  },
  { command: "/safety link <hazard-id>", does: "link a hazard of the hazard log (or write its id in the PR description)" },
  { command: "/safety unlink <hazard-id>", does: "remove a link made by `/safety link`" },
  { command: "/safety sign-off [role]", does: "sign off the current commit for a role you hold" },
  { command: "/safety revoke", does: "withdraw your sign-off" },
  { command: "/safety object <reason>", does: "block the merge until you withdraw the objection (role members only)" },
  { command: "/safety withdraw-objection", does: "withdraw your objection" },
  { command: "/safety recheck", does: "evaluate the PR again" },
  { command: "/safety not-relevant <reason>", does: "clear the relevance a removed label left behind (role members only)" },
];

/** The collapsed commands reference. */
export function renderCommands(): string[] {
  return [
    "<details><summary>Commands</summary>",
    "",
    "Write a command on a line of its own, in a comment on this PR or in a review.",
    "",
    ...COMMANDS.map((c) => `- ${inlineCode(c.command)} — ${c.does}`),
    "",
    "</details>",
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
