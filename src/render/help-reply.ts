/**
 * The reply to `/safety help`: every command with what it does, and what the asker can do on this PR — the
 * roles they hold (as GitHub answers now) and the roles the PR still needs — so nobody has to find the docs
 * to learn whether their sign-off would count.
 */
import { COMMANDS } from "../core/commands.js";
import type { RoleDefinition } from "../core/types.js";
import { inlineCode } from "./escape.js";

export interface HelpContext {
  actor: string;
  /** The roles the asker holds, by live membership. */
  held: readonly string[];
  /** The configuration's roles; absent when the configuration cannot be read. */
  roles?: Readonly<Record<string, RoleDefinition>>;
  /** Roles whose sign-off the PR still needs at its head. */
  missing: readonly string[];
  /** Why the gate cannot take commands now (a broken configuration, an unprotected base), if it cannot. */
  blocked?: string;
}

function holders(def: RoleDefinition): string {
  const who = [...def.teams.map((t) => `team ${inlineCode(t)}`), ...def.users.map((u) => inlineCode(`@${u}`))];
  return who.length > 0 ? who.join(", ") : "nobody yet";
}

/** The help text; `mention` starts it with the asker (off when it follows a refusal that already does). */
export function renderHelp(h: HelpContext, mention = true): string {
  const lines: string[] = [];
  if (mention) lines.push(`@${h.actor}`);
  lines.push(
    "The clinical safety gate's commands, each at the start of a line of a comment or a review on this pull request:",
    "",
    "| command | what it does |",
    "| --- | --- |",
    ...COMMANDS.map((c) => `| ${inlineCode(c.usage, { inTable: true })} | ${c.does} |`),
    "",
  );
  if (h.blocked !== undefined) {
    lines.push(`Right now the gate takes no commands on this pull request: ${h.blocked}.`);
    return lines.join("\n");
  }
  const roles = h.roles ?? {};
  if (h.held.length > 0) {
    lines.push(`**Your roles here:** ${h.held.map((r) => `${inlineCode(r)}${roles[r] ? ` (${holders(roles[r])})` : ""}`).join("; ")}.`);
  } else {
    const all = Object.entries(roles).map(([id, def]) => `${inlineCode(id)}: ${holders(def)}`);
    lines.push(
      `**You hold none of this repository's clinical safety roles**${all.length > 0 ? ` (${all.join("; ")})` : ""}: ` +
        "you can answer the checklist and link hazards, but not sign off, object or clear a PR.",
    );
  }
  if (h.missing.length > 0) {
    const mine = h.missing.filter((r) => h.held.includes(r));
    lines.push(
      `**This pull request still needs sign-off by:** ${h.missing.map((r) => inlineCode(r)).join(", ")}` +
        (mine.length > 0 ? ` — you can give ${mine.map((r) => inlineCode(r)).join(", ")} with \`/safety sign-off\`.` : "."),
    );
  }
  return lines.join("\n");
}
