import { decideCommand } from "../core/decide.js";
import type { Command } from "../core/commands.js";
import { evaluateGathered, type Gathered } from "./gather.js";
import type { Octokit } from "../github/octokit.js";
import { reply } from "../github/sticky-comment.js";
import { renderRefusalReply } from "../render/refusal-reply.js";
import type { FactStore } from "../store/port.js";

/**
 * Applies a person's commands in order, each against the evaluation after the one before (so "answer, then
 * sign off" in one comment works). Accepted commands become facts; refused ones get a reply saying why.
 * Each fact names its delivery and command (`source`): a command whose fact is already stored (the event
 * is replayed, or GitHub redelivered it) is not applied again, and the reply is posted once.
 * Returns true when any fact was added.
 */
export async function applyCommands(
  octokit: Octokit,
  store: FactStore,
  g: Gathered,
  commands: readonly Command[],
  actor: string,
  at: string,
  deliveryId: string,
  headSeenAt?: string,
): Promise<boolean> {
  if (g.config.state !== "ok") {
    if (commands.some((c) => c.kind !== "recheck") && (await store.claimDelivery(deliveryId))) {
      await reply(octokit, g.ref, `@${actor} the clinical safety gate cannot accept commands while its configuration is ${g.config.state}; see the failing check for the problems.`);
    }
    return false;
  }
  const config = g.config.config;
  const key = { repo: `${g.ref.owner}/${g.ref.repo}`, number: g.ref.number };
  const refusals: string[] = [];
  let changed = false;
  for (const [index, command] of commands.entries()) {
    const source = `${deliveryId}#${index}`;
    if (g.facts.some((f) => f.source === source || f.source?.startsWith(`${source}.`))) continue;
    const evaluation = evaluateGathered(g);
    const decision = decideCommand(command, {
      config,
      evaluation,
      rolesOf: (login) => g.roles.get(login.toLowerCase()) ?? [],
      actor,
      at,
      ...(headSeenAt === undefined ? {} : { headSeenAt }),
    });
    if ("refuse" in decision) {
      refusals.push(`\`${describe(command)}\` was refused: ${decision.refuse}.`);
      continue;
    }
    if (decision.accept.length > 0) {
      const facts = decision.accept.map((f, i) => ({ ...f, source: i === 0 ? source : `${source}.${i}` }));
      await store.append(key, facts);
      g.facts = [...g.facts, ...facts];
      changed = true;
    }
  }
  if (refusals.length > 0 && (await store.claimDelivery(deliveryId))) {
    await reply(octokit, g.ref, renderRefusalReply(actor, refusals));
  }
  return changed;
}

function describe(command: Command): string {
  switch (command.kind) {
    case "sign-off":
      return command.role ? `/safety sign-off ${command.role}` : "/safety sign-off";
    case "answer":
      return `/safety answer ${command.questionId} ${command.answer}`;
    case "object":
      // Shown inside inline code, where Markdown and HTML do not render; only backticks could break out.
      return `/safety object ${command.reason}`.replace(/`/g, "'");
    case "invalid":
      return command.text.replace(/`/g, "'");
    default:
      return `/safety ${command.kind}`;
  }
}
