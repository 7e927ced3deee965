/**
 * What people did on a PR, read back from its audit records: the trail is the one store of facts. A fact
 * exists only as a chained record, so a row written into a table by hand is either in the chain (and
 * `audit verify` fails) or it is nothing. Pure.
 *
 * Decoding fails closed: a record that would approve (an answer, a sign-off) and cannot be read whole is
 * left out, so it approves nothing; one that blocks (an objection) counts even with a field missing.
 */
import type { Fact } from "../core/types.js";
import type { AuditRecord } from "./record.js";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The facts of one PR's records (in chain order), in the order they were recorded. */
export function factsOf(records: readonly AuditRecord[]): Fact[] {
  const facts: Fact[] = [];
  for (const r of records) {
    const fact = factOf(r);
    if (fact) facts.push(fact);
  }
  return facts;
}

function factOf(r: AuditRecord): Fact | undefined {
  if (r.headSha === null) return undefined;
  const source = str(r.data.source);
  const base = { actor: r.actor, at: r.at, headSha: r.headSha, ...(source === undefined ? {} : { source }) };
  switch (r.kind) {
    case "answer": {
      const questionId = str(r.data.questionId);
      const answer = r.data.answer;
      const via = r.data.via;
      if (questionId === undefined || (answer !== "yes" && answer !== "no" && answer !== null) || (via !== "checkbox" && via !== "command"))
        return undefined;
      const reason = str(r.data.reason);
      return { kind: "answer", questionId, answer, via, ...(reason ? { reason } : {}), ...base };
    }
    case "sign-off": {
      const role = str(r.data.role);
      // The meaning and the name it was signed with stay its own, whatever the configuration says later.
      const meaning = str(r.data.meaning);
      const name = str(r.data.name);
      return role ? { kind: "sign-off", role, ...(meaning ? { meaning } : {}), ...(name ? { name } : {}), ...base } : undefined;
    }
    case "hazard-link": {
      // The gate's own records of what the description links are not facts; `/safety link|unlink` are.
      const command = r.data.command;
      const hazardId = str(r.data.hazardId);
      if ((command !== "link" && command !== "unlink") || !hazardId) return undefined;
      return { kind: command, hazardId, ...base };
    }
    case "revocation":
      return { kind: "revoke", ...base };
    case "objection":
      return { kind: "objection", role: str(r.data.role) ?? "", reason: str(r.data.reason) ?? "", ...base };
    case "objection-withdrawn":
      return { kind: "withdraw-objection", ...base };
    case "not-relevant": {
      const role = str(r.data.role);
      // It takes a relevance away: it counts only whole, with the role and the reason that allow it.
      const reason = str(r.data.reason);
      return role && reason ? { kind: "not-relevant", role, reason, ...base } : undefined;
    }
    default:
      return undefined;
  }
}
