import type { Answer } from "./types.js";

/** A `/safety …` command as written in a comment or review body. */
export type Command =
  | { kind: "sign-off"; role?: string }
  /** `reason`: the `because …` part, untrusted text capped at {@link REASON_MAX} characters. */
  | { kind: "answer"; questionId: string; answer: Answer; reason?: string }
  | { kind: "link"; hazardId: string }
  | { kind: "unlink"; hazardId: string }
  | { kind: "revoke" }
  | { kind: "object"; reason: string }
  | { kind: "withdraw-objection" }
  | { kind: "recheck" }
  | { kind: "not-relevant"; reason: string }
  /** The CSO's retrospective decision on a bypass (handlers/review-bypass.ts, core/bypass-review.ts). */
  | { kind: "review-bypass"; decision: "accept" | "revert"; reason: string }
  | { kind: "help" }
  | { kind: "invalid"; text: string; message: string };

/** Every command, with what it does: `/safety help` lists them, an unknown one names them. */
export const COMMANDS: readonly { usage: string; does: string }[] = [
  {
    usage: "/safety answer <question-id> yes|no [because …]",
    does: "answers a checklist question (or tick its box in the gate's comment), with the reason kept beside the answer; restating a ticked answer with `because …` adds the reason",
  },
  { usage: "/safety link <hazard-id>", does: "links a hazard of the hazard log to this PR (an id in the PR description links too)" },
  { usage: "/safety unlink <hazard-id>", does: "removes a link made by `/safety link` (an id in the description is unlinked by editing it)" },
  { usage: "/safety sign-off [role]", does: "signs off this commit for a role you hold (the role can be left out when you hold one)" },
  { usage: "/safety revoke", does: "withdraws your sign-off" },
  { usage: "/safety object <reason>", does: "blocks the merge until you withdraw it (role members)" },
  { usage: "/safety withdraw-objection", does: "withdraws your objection" },
  { usage: "/safety not-relevant <reason>", does: "clears a PR kept relevant only by a removed label (role members other than the author)" },
  {
    usage: "/safety review-bypass accept|revert <reason>",
    does: "records the CSO's retrospective decision on a bypass, on the merged PR or on the bypass issue (CSO role)",
  },
  { usage: "/safety recheck", does: "evaluates the PR again, asking GitHub afresh who holds which role" },
  { usage: "/safety help", does: "this list, with the roles you hold" },
];

/** The longest reason kept with an answer; a longer one is cut there, with an ellipsis. */
export const REASON_MAX = 500;

function capReason(reason: string): string {
  const chars = [...reason.replace(/\s+/g, " ").trim()];
  return chars.length > REASON_MAX ? `${chars.slice(0, REASON_MAX - 1).join("")}…` : chars.join("");
}

export const COMMAND_HELP = COMMANDS.map((c) => `\`${c.usage}\``).join(", ");

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
      const answer = value?.toLowerCase().replace(/,$/, "");
      const because = extra[0]?.replace(/[:,]$/, "").toLowerCase() === "because";
      if (!questionId || (answer !== "yes" && answer !== "no") || (extra.length > 0 && !because)) {
        return invalid("write `/safety answer <question-id> yes` or `/safety answer <question-id> no`, optionally followed by `because <reason>`");
      }
      if (!because) return { kind: "answer", questionId: questionId.toLowerCase(), answer };
      const reason = capReason(/^\S+\s+\S+\s+(?:yes|no),?\s+because[:,]?(.*)$/i.exec(rest)?.[1] ?? "");
      if (!reason) return invalid("write the reason after `because`: `/safety answer <question-id> yes|no because <reason>`");
      return { kind: "answer", questionId: questionId.toLowerCase(), answer, reason };
    }
    case "link":
    case "unlink": {
      const kind = verb.toLowerCase() as "link" | "unlink";
      if (args.length !== 1) return invalid(`write one hazard id: \`/safety ${kind} HAZ-007\``);
      return { kind, hazardId: args[0] as string };
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
    case "help":
      return { kind: "help" };
    case "not-relevant": {
      const reason = rest.slice(verb.length).trim();
      if (!reason) return invalid("clearing a PR needs a reason: `/safety not-relevant <reason>`");
      return { kind: "not-relevant", reason };
    }
    case "review-bypass": {
      const decision = args[0]?.toLowerCase();
      const reason = rest.replace(/^\S+\s+\S+/, "").trim();
      if ((decision !== "accept" && decision !== "revert") || args.length < 2 || !reason) {
        return invalid("write `/safety review-bypass accept <reason>` or `/safety review-bypass revert <reason>`");
      }
      return { kind: "review-bypass", decision, reason };
    }
    default:
      return invalid(verb ? `unknown command \`${verb}\`; commands are ${COMMAND_HELP}` : `commands are ${COMMAND_HELP}`);
  }
}

/**
 * The lines of a comment or review body that GitHub renders as ordinary text at the start of a line, with
 * their leading spaces removed: what a person reads as a command. Left out, following CommonMark: lines of
 * fenced code blocks (``` or ~~~, with or without an info string such as ```js), indented code (four or more
 * spaces, or a tab, before the text), HTML comments (`<!-- … -->`, invisible on GitHub, over several lines
 * too), and quoted lines (`> /safety sign-off` in a reply quotes a command, it does not give one).
 */
export function commandLines(body: string | null | undefined): string[] {
  const lines: string[] = [];
  let fence: { char: string; length: number } | undefined;
  let inComment = false;
  for (const raw of (body ?? "").split(/\r?\n/)) {
    if (fence !== undefined) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(raw);
      if (close && (close[1] as string)[0] === fence.char && (close[1] as string).length >= fence.length) fence = undefined;
      continue;
    }
    // Text hidden in HTML comments is dropped; what is left of the line around them still counts.
    let line = raw;
    if (inComment) {
      const end = line.indexOf("-->");
      if (end < 0) continue;
      line = line.slice(end + 3);
      inComment = false;
      // After a comment closes mid-line, the rest is not at the start of a rendered line.
      if (line.trim() !== "") continue;
    }
    const open = line.indexOf("<!--");
    if (open >= 0) {
      const close = line.indexOf("-->", open + 4);
      if (close < 0) inComment = true;
      line = close < 0 ? line.slice(0, open) : line.slice(0, open) + line.slice(close + 3);
    }
    const fenceOpen = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    // A backtick fence's info string cannot hold a backtick (that is inline code instead).
    if (fenceOpen && !((fenceOpen[1] as string)[0] === "`" && (fenceOpen[2] as string).includes("`"))) {
      fence = { char: (fenceOpen[1] as string)[0] as string, length: (fenceOpen[1] as string).length };
      continue;
    }
    if (/^( {4,}|\t| {0,3}\t)/.test(line)) continue; // indented code
    const text = line.trimStart();
    if (text === "" || text.startsWith(">")) continue;
    lines.push(text.trimEnd());
  }
  return lines;
}

/** The commands in a comment or review body, in order: `/safety …` at the start of a {@link commandLines} line. */
export function parseCommands(body: string | null | undefined): Command[] {
  const commands: Command[] = [];
  for (const line of commandLines(body)) {
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
