import type { Command } from "../core/commands.js";
import { clip } from "./text.js";

/**
 * The reply to a person whose `/safety` commands were refused. Anyone can comment on a public repository,
 * and one comment can hold thousands of bogus command lines: listing every refusal would make a reply
 * GitHub refuses (over 65,536 characters), and the person would learn nothing at all.
 */

/** Refusals listed one by one; the rest are counted. A person fixes the first few before the others. */
export const MAX_LISTED_REFUSALS = 10;

/**
 * The longest refusal line quoted as is. A line quotes the command (a `/safety object` reason can fill a
 * whole comment) and the reason (which may repeat a question id or role as written): a longer one is named
 * but not quoted, as cutting it could leave an inline code span open and let the rest render as Markdown.
 * Ten lines this long and the rest stay well inside GitHub's limit.
 */
export const MAX_REFUSAL_LINE = 6_000;

function line(refusal: string): string {
  if (refusal.length <= MAX_REFUSAL_LINE) return `- ${refusal}`;
  return `- A command was refused, but what it said is too long to quote here (${refusal.length} characters).`;
}

/**
 * Renders the reply: a mention of `actor`, then each refusal as a list item, at most
 * {@link MAX_LISTED_REFUSALS} of them, then how many more were refused. `refusals` are single lines whose
 * untrusted parts are already escaped; they are placed as they are.
 */
export function renderRefusalReply(actor: string, refusals: readonly string[]): string {
  const lines = [`@${actor}`, ...refusals.slice(0, MAX_LISTED_REFUSALS).map(line)];
  const more = refusals.length - MAX_LISTED_REFUSALS;
  if (more > 0) {
    lines.push(
      `- …and ${more} more refused ${more === 1 ? "command" : "commands"}, not listed here to keep this reply within ` +
        `GitHub's size limit; ${more === 1 ? "it changed nothing" : "none of them changed anything"}.`,
    );
  }
  return lines.join("\n");
}

/**
 * A command as the person wrote it, for the reply. It is shown inside inline code, where Markdown and HTML
 * do not render: only a backtick (in a reason, a role or a question id as written) could break out.
 */
export function describeCommand(command: Command): string {
  return commandText(command).replace(/`/g, "'");
}

function commandText(command: Command): string {
  switch (command.kind) {
    case "sign-off":
      return command.role ? `/safety sign-off ${command.role}` : "/safety sign-off";
    case "answer":
      return `/safety answer ${command.questionId} ${command.answer}${command.reason ? ` because ${clip(command.reason, 80)}` : ""}`;
    case "link":
    case "unlink":
      return `/safety ${command.kind} ${clip(command.hazardId, 100)}`;
    case "object":
      return `/safety object ${command.reason}`;
    case "not-relevant":
      return `/safety not-relevant ${command.reason}`;
    case "invalid":
      return command.text;
    default:
      return `/safety ${command.kind}`;
  }
}
