/**
 * Escaping of untrusted text for GitHub-flavoured Markdown.
 *
 * Anything a person typed (PR titles, hazard titles, reasons of objections, file paths, labels, logins)
 * can reach the sticky comment and the check run. Rendered raw it could inject HTML, forge structure
 * (a fake task list or heading that the checkbox reader would trust), ping whole teams, or hide text with
 * bidirectional overrides. These helpers make such text inert and keep it on one line.
 */

/** Line breaks of every flavour, collapsed because every field we render is a one-line field. */
const LINE_BREAKS = /[\r\n\u0085\u2028\u2029]+/g;

/**
 * C0/C1 control characters other than tab and line breaks, and the bidirectional/invisible formatting
 * characters used in "Trojan Source" tricks: they can make a reviewer read something other than what is
 * there, which matters in a safety sign-off.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Punctuation that changes Markdown structure anywhere in a line (backslash first, so escapes stay single). */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]()#|~!$]/g;

/** Zero-width space: breaks `@login` mentions and `#123` references without changing what people read. */
const ZWSP = "\u200b";

/** A GitHub login, or an `org/team` slug, as GitHub spells them. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]{1,100})?$/;

/** Collapses line breaks to single spaces, removes invisible characters and turns tabs into spaces. */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAKS, " ").replace(INVISIBLE, "").replace(/\t/g, " ");
}

/**
 * Makes untrusted text safe to place anywhere inside a line of GitHub Markdown, including a table cell:
 * HTML is neutralised, structural Markdown punctuation is backslash-escaped, mentions cannot ping, and
 * line breaks are collapsed. A leading `-`, `+`, `=` or `1.` is escaped too, in case the caller places the
 * text at the start of a line where it would begin a list item or a heading underline.
 */
export function escapeMarkdown(text: string): string {
  const escaped = oneLine(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    .replace(/@/g, `@${ZWSP}`);
  return escaped.replace(/^(\s*)([-+=])/, "$1\\$2").replace(/^(\s*\d+)\./, "$1\\.");
}

/** Options of {@link inlineCode}. */
export interface InlineCodeOptions {
  /** The code span sits in a GFM table cell, where a `|` must be escaped even inside code. */
  inTable?: boolean;
}

/**
 * Renders untrusted text (a path, a glob, a label) as an inline code span. The fence is one backtick longer
 * than the longest run of backticks inside, so the text cannot close the span early; inside a code span
 * HTML, emphasis and mentions are already inert.
 */
export function inlineCode(text: string, options: InlineCodeOptions = {}): string {
  let body = oneLine(text);
  if (options.inTable) body = body.replace(/\|/g, "\\|");
  if (body.length === 0) return "` `";
  const longestRun = Math.max(0, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
  const fence = "`".repeat(longestRun + 1);
  // CommonMark strips one space from each side when both are present, and a backtick touching the fence
  // would merge with it: pad in both cases so the text reads exactly as given.
  const pad = body.startsWith("`") || body.endsWith("`") || (body.startsWith(" ") && body.endsWith(" ")) ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * A person named in rendered text, without notifying them: re-rendering the sticky comment must not ping
 * everyone who ever answered or signed.
 */
export function person(login: string): string {
  return escapeMarkdown(`@${login}`);
}

/**
 * A deliberate mention that does notify (`@alice`, `@org/clinical-safety`), for the few places where the
 * app chooses to call someone. Anything that is not a well-formed login or team slug is rendered inert.
 */
export function mention(loginOrTeam: string): string {
  return LOGIN.test(loginOrTeam) ? `@${loginOrTeam}` : person(loginOrTeam);
}
