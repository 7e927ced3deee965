/**
 * "Sign-offs": each required role with who signed it, on which commit, when and what the signature means
 * (the 21 CFR 11.50-style record DOMAIN.md asks for); the sign-offs that no longer count and why; and the
 * open objections with how they are withdrawn.
 */
import type { Evaluation, InvalidSignOff, OpenObjection, RequiredRole } from "../core/types.js";
import { inlineCode, person } from "./escape.js";
import type { RenderContext } from "./options.js";
import { capped, clip, formatTime, plural, safe, shortSha } from "./text.js";

function cellCode(text: string): string {
  return inlineCode(clip(text, 100), { inTable: true });
}

function roleRow(r: RequiredRole, ctx: RenderContext): string {
  const rules = r.rules.slice(0, 5).map(cellCode).join(", ") + (r.rules.length > 5 ? ` and ${r.rules.length - 5} more` : "");
  const s = r.signedBy;
  if (!s) return `| ${cellCode(r.role)} | ${rules || "—"} | ⏳ waiting | — | — | — | — |`;
  return (
    `| ${cellCode(r.role)} | ${rules || "—"} | ✅ signed | ${person(s.actor)} | ${shortSha(s.headSha)} ` +
    `| ${formatTime(s.at)} | ${safe(s.meaning, ctx.caps.text)} |`
  );
}

function invalidLine(s: InvalidSignOff, ctx: RenderContext): string {
  return `- ${person(s.actor)} (${inlineCode(s.role)}) at ${shortSha(s.headSha)}, ${formatTime(s.at)}: ${safe(s.detail, ctx.caps.text)}.`;
}

function objectionLine(o: OpenObjection, ctx: RenderContext): string {
  return (
    `- ⛔ ${person(o.actor)} (${inlineCode(o.role)}), ${formatTime(o.at)}: “${safe(o.reason, ctx.caps.text)}” — ` +
    `when it is resolved, ${person(o.actor)} comments ${inlineCode("/safety withdraw-objection")}.`
  );
}

/** The section's Markdown lines. */
export function renderSignOffs(e: Evaluation, ctx: RenderContext): string[] {
  const lines = ["### Sign-offs", ""];
  if (e.requiredRoles.length === 0) {
    lines.push("No sign-off is required by the rules this PR matched.");
  } else {
    lines.push(
      "| Role | Required by | Status | Signed by | Commit | When | Meaning |",
      "| --- | --- | --- | --- | --- | --- | --- |",
      ...capped(
        e.requiredRoles,
        ctx.caps.items,
        (r) => roleRow(r, ctx),
        (n) => `| …and ${plural(n, "more role")} | | | | | | |`,
      ),
    );
  }
  if (e.signOffs.invalid.length > 0) {
    lines.push(
      "",
      "Sign-offs that no longer count:",
      "",
      ...capped(
        e.signOffs.invalid,
        ctx.caps.items,
        (s) => invalidLine(s, ctx),
        (n) => `- …and ${plural(n, "more")}.`,
      ),
    );
  }
  if (e.objections.length > 0) {
    lines.push(
      "",
      `Open ${e.objections.length === 1 ? "objection" : "objections"} (the gate stays closed until withdrawn):`,
      "",
      ...capped(
        e.objections,
        ctx.caps.items,
        (o) => objectionLine(o, ctx),
        (n) => `- …and ${plural(n, "more objection")}.`,
      ),
    );
  }
  return lines;
}
