/**
 * The errors that stop the gate from evaluating: each message, and each problem located in its file as
 * `file:line path: message`, so the person fixing it can go straight to the spot.
 */
import type { GateError, Problem } from "../core/types.js";
import type { RenderContext } from "./options.js";
import { capped, code, plural, safe } from "./text.js";

/** What kind of error, in words a developer understands. */
export const ERROR_TITLES: Readonly<Record<GateError["code"], string>> = Object.freeze({
  config: "Configuration invalid",
  "config-missing": "Configuration missing",
  "hazard-log": "Hazard log invalid",
  api: "GitHub API error",
  internal: "Internal error",
});

/** One problem: `` `file:12` `rules[0].requires[1]`: message ``. */
export function describeProblem(p: Problem, ctx: RenderContext): string {
  const where = code(p.line !== undefined ? `${p.file}:${p.line}` : p.file, ctx.caps.text);
  const path = p.path ? ` ${code(p.path, ctx.caps.text)}` : "";
  return `${where}${path}: ${safe(p.message, ctx.caps.text)}`;
}

function renderError(error: GateError, ctx: RenderContext): string {
  const problems = error.problems ?? [];
  const title = ERROR_TITLES[error.code];
  // A message that already opens with its title ("Configuration invalid: 2 problems") is not repeated.
  const message = error.message.startsWith(title) ? error.message.slice(title.length).replace(/^[:\s]+/, "") : error.message;
  const head = message ? `- **${title}**: ${safe(message, ctx.caps.text)}` : `- **${title}**`;
  const items = capped(
    problems,
    ctx.caps.items,
    (p) => `  - ${describeProblem(p, ctx)}`,
    (n) => `  - …and ${plural(n, "more problem")}`,
  );
  return [head, ...items].join("\n");
}

/** The section's Markdown lines, or none when there is no error. */
export function renderErrors(errors: readonly GateError[], ctx: RenderContext): string[] {
  if (errors.length === 0) return [];
  return [
    "### What stops the gate",
    "",
    ...capped(
      errors,
      ctx.caps.items,
      (e) => renderError(e, ctx),
      (n) => `- …and ${plural(n, "more error")}`,
    ),
  ];
}
