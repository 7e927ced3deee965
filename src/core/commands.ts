import type { Answer } from "./types.js";

/** A `/safety …` command as written in a comment or review body. */
export type Command =
  | { kind: "sign-off"; role?: string }
  | { kind: "answer"; questionId: string; answer: Answer }
  | { kind: "revoke" }
  | { kind: "object"; reason: string }
  | { kind: "withdraw-objection" }
  | { kind: "recheck" }
  | { kind: "invalid"; text: string; message: string };

export const COMMAND_HELP = [
  "`/safety sign-off [role]`",
  "`/safety answer <question-id> yes|no`",
  "`/safety revoke`",
  "`/safety object <reason>`",
  "`/safety withdraw-objection`",
  "`/safety recheck`",
].join(", ");

function parseLine(line: string): Command | undefined {
  const m = /^\/safety(?:\s+(.*))?$/i.exec(line);
  if (!m) return undefined;
  const rest = (m[1] ?? "").trim();
  const [verb = "", ...args] = rest.split(/\s+/).filter(Boolean);
  const invalid = (message: string): Command => ({ kind: "invalid", text: line, message });
  switch (verb.toLowerCase()) {
    case "sign-off":
    case "signoff":
      if (args.length > 1) return invalid("`/safety sign-off` takes at most one role, e.g. `/safety sign-off cso`");
      return args[0] ? { kind: "sign-off", role: args[0].toLowerCase() } : { kind: "sign-off" };
    case "answer": {
      const [questionId, value, ...extra] = args;
      const answer = value?.toLowerCase();
      if (!questionId || (answer !== "yes" && answer !== "no") || extra.length > 0) {
        return invalid("write `/safety answer <question-id> yes` or `/safety answer <question-id> no`");
      }
      return { kind: "answer", questionId: questionId.toLowerCase(), answer };
    }
    case "revoke":
      return { kind: "revoke" };
    case "object": {
      const reason = rest.slice(verb.length).trim();
      if (!reason) return invalid("an objection needs a reason: `/safety object <reason>`");
      return { kind: "object", reason };
    }
    case "withdraw-objection":
      return { kind: "withdraw-objection" };
    case "recheck":
      return { kind: "recheck" };
    default:
      return invalid(verb ? `unknown command \`${verb}\`; commands are ${COMMAND_HELP}` : `commands are ${COMMAND_HELP}`);
  }
}

/**
 * The commands in a comment or review body, in order. Only lines that start with `/safety` count; lines
 * inside fenced code blocks and quoted lines (`> /safety sign-off` in a reply) are someone showing or quoting
 * a command, not giving one.
 */
export function parseCommands(body: string | null | undefined): Command[] {
  const commands: Command[] = [];
  let fence: string | undefined;
  for (const raw of (body ?? "").split(/\r?\n/)) {
    const line = raw.trim();
    const fenceMatch = /^(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1] as string;
      if (fence === undefined) fence = marker;
      else if (marker.startsWith(fence[0] as string) && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (fence !== undefined || line.startsWith(">")) continue;
    const command = parseLine(line);
    if (command) commands.push(command);
  }
  return commands;
}

/**
 * Commands newly written by an edit: a line already present before the edit was handled when it was first
 * written, so re-saving a comment must not sign off twice.
 */
export function newCommands(before: string | null | undefined, after: string | null | undefined): Command[] {
  const seen = new Map<string, number>();
  for (const c of parseCommands(before)) seen.set(JSON.stringify(c), (seen.get(JSON.stringify(c)) ?? 0) + 1);
  return parseCommands(after).filter((c) => {
    const key = JSON.stringify(c);
    const n = seen.get(key) ?? 0;
    if (n > 0) {
      seen.set(key, n - 1);
      return false;
    }
    return true;
  });
}
