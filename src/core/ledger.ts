import { signOffMeaning } from "./requirements.js";
import type { AcceptedSignOff, Answer, Fact, GateConfig, InvalidSignOff, OpenObjection } from "./types.js";

/** The latest answer to one question, with who gave it and when. */
export interface CurrentAnswer {
  answer: Answer | null;
  actor: string;
  at: string;
  /** Position of the fact in the ledger: later answers supersede earlier ones. */
  seq: number;
  /** The `because …` given with it, if any. */
  reason?: string;
}

/** What the ledger of facts adds up to, before the PR's current state is applied. */
export interface LedgerState {
  answers: Map<string, CurrentAnswer>;
  /** Sign-offs not revoked, in the order they were given, with their ledger position. */
  signOffs: (AcceptedSignOff & { seq: number })[];
  revoked: InvalidSignOff[];
  objections: OpenObjection[];
}

/** Replays the facts in order. Pure: the same facts always give the same state. */
export function foldLedger(facts: readonly Fact[]): LedgerState {
  const answers = new Map<string, CurrentAnswer>();
  let signOffs: LedgerState["signOffs"] = [];
  const revoked: InvalidSignOff[] = [];
  let objections: OpenObjection[] = [];
  facts.forEach((fact, seq) => {
    switch (fact.kind) {
      case "answer":
        answers.set(fact.questionId, { answer: fact.answer, actor: fact.actor, at: fact.at, seq, ...(fact.reason ? { reason: fact.reason } : {}) });
        break;
      case "sign-off":
        signOffs.push({
          role: fact.role,
          actor: fact.actor,
          at: fact.at,
          headSha: fact.headSha,
          // The meaning it was signed with (recorded with it); a fact without one: the default.
          meaning: fact.meaning ?? signOffMeaning(fact.role),
          ...(fact.name === undefined ? {} : { name: fact.name }),
          seq,
        });
        break;
      case "revoke":
        for (const s of signOffs.filter((s) => s.actor === fact.actor)) {
          const { seq: _seq, ...signOff } = s;
          revoked.push({ ...signOff, reason: "revoked", detail: `revoked by @${fact.actor} on ${fact.at}` });
        }
        signOffs = signOffs.filter((s) => s.actor !== fact.actor);
        break;
      case "objection":
        objections.push({ actor: fact.actor, role: fact.role, reason: fact.reason, at: fact.at });
        break;
      case "withdraw-objection":
        objections = objections.filter((o) => o.actor !== fact.actor);
        break;
      case "not-relevant":
        // Clears remembered labels (match.ts), read from the trail; nothing of the ledger's.
        break;
    }
  });
  return { answers, signOffs, revoked, objections };
}

/** What the sign-off checks need to know about the PR right now. */
export interface SignOffContext {
  config: GateConfig;
  author: string;
  headSha: string;
  /** Roles this PR needs. */
  required: readonly string[];
  /** The roles a person holds now (live membership). */
  rolesOf: (login: string) => readonly string[];
}

const short = (sha: string) => sha.slice(0, 7);

/**
 * Which sign-offs still count at the PR's current state, and why the others do not. A sign-off counts when it
 * was given at the current head (or `dismiss_on_push` is off), no answer changed after it, its signer still
 * holds the role and is not the author (unless allowed), the role is still required, and, with
 * `distinct_signers`, the signer has not already filled another role.
 */
export function judgeSignOffs(state: LedgerState, ctx: SignOffContext): { valid: AcceptedSignOff[]; invalid: InvalidSignOff[] } {
  const valid: AcceptedSignOff[] = [];
  const invalid: InvalidSignOff[] = [...state.revoked];
  const lastAnswerSeq = Math.max(-1, ...[...state.answers.values()].map((a) => a.seq));
  const filledBy = new Map<string, string>(); // actor → role already filled
  for (const { seq, ...s } of state.signOffs) {
    const reject = (reason: InvalidSignOff["reason"], detail: string) => invalid.push({ ...s, reason, detail });
    if (ctx.config.sign_off.dismiss_on_push && s.headSha !== ctx.headSha) {
      reject("voided-by-push", `given on ${short(s.headSha)}; voided by push of ${short(ctx.headSha)}`);
    } else if (seq < lastAnswerSeq) {
      reject("answers-changed", "the checklist answers changed after this sign-off");
    } else if (!ctx.required.includes(s.role)) {
      reject("role-not-required", `${s.role} is no longer required for this PR`);
    } else if (!ctx.rolesOf(s.actor).includes(s.role)) {
      reject("no-longer-member", `@${s.actor} is no longer a member of ${s.role}`);
    } else if (s.actor.toLowerCase() === ctx.author.toLowerCase() && !ctx.config.sign_off.author_may_sign) {
      reject("author", `@${s.actor} opened this PR and may not sign it off`);
    } else if (ctx.config.sign_off.distinct_signers && filledBy.has(s.actor) && filledBy.get(s.actor) !== s.role) {
      reject("duplicate-signer", `@${s.actor} already signed as ${filledBy.get(s.actor)}; distinct signers are required`);
    } else {
      filledBy.set(s.actor, s.role);
      valid.push(s);
    }
  }
  return { valid, invalid };
}
