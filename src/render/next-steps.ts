/**
 * "What happens next": the blockers and errors of an evaluation turned into a short list of steps in
 * plain words. The sticky comment and the check run both show it; this is its one implementation.
 */
import type { RoleContacts } from "../core/reviewers.js";
import type { Blocker, Evaluation, GateError } from "../core/types.js";
import { inlineCode, person } from "./escape.js";
import type { RenderContext } from "./options.js";
import { codeList, plural, safe } from "./text.js";

/** The order steps are worth doing in: answers first (sign-offs are refused while the checklist is open). */
const BLOCKER_ORDER: readonly Blocker["kind"][] = [
  "hazard-deleted",
  "checklist-incomplete",
  "yes-without-hazard",
  "unknown-hazards",
  "objection",
  "sign-off-missing",
];

const ANSWER_COMMAND = inlineCode("/safety answer <id> yes|no");

function questionRefs(e: Evaluation, ids: readonly string[]): string {
  const numbered = ids.map((id) => {
    const index = e.checklist.findIndex((item) => item.question.id === id);
    return index >= 0 ? `${index + 1} (${inlineCode(id)})` : inlineCode(id);
  });
  if (numbered.length > 10) return `${numbered.slice(0, 10).join(", ")} and ${numbered.length - 10} more`;
  return numbered.length > 1 ? `${numbered.slice(0, -1).join(", ")} and ${numbered.at(-1)}` : (numbered[0] ?? "");
}

function blockerStep(e: Evaluation, blocker: Blocker, ctx: RenderContext, checklistOpen: boolean): string {
  switch (blocker.kind) {
    case "hazard-deleted":
      return (
        `Restore ${codeList(blocker.ids)} in ${inlineCode(ctx.hazardLogPath)}: hazards are never deleted. ` +
        `To retire ${blocker.ids.length === 1 ? "it" : "them"}, set ${inlineCode("status: closed")} with a ${inlineCode("justification")}.`
      );
    case "checklist-incomplete":
      return (
        `Answer ${blocker.questionIds.length === 1 ? "question" : "questions"} ${questionRefs(e, blocker.questionIds)} ` +
        `of the hazard-impact checklist: tick **Yes** or **No** under ${blocker.questionIds.length === 1 ? "it" : "each one"} in the clinical safety comment, ` +
        `or comment ${ANSWER_COMMAND}.`
      );
    case "yes-without-hazard":
      return (
        `Link a hazard for the **Yes** ${blocker.questionIds.length === 1 ? "answer" : "answers"} ` +
        `(${codeList(blocker.questionIds)}): write the hazard's id, such as ${inlineCode(exampleHazardId(e))}, in the ` +
        `PR description or a comment. If no hazard in ${inlineCode(ctx.hazardLogPath)} fits, ask your Clinical Safety ` +
        `Officer to add one, or answer **No** if the change does not affect that area after all.`
      );
    case "unknown-hazards":
      return (
        `Fix the unknown hazard ${blocker.ids.length === 1 ? "id" : "ids"} ${codeList(blocker.ids)}: ` +
        `${blocker.ids.length === 1 ? "it is" : "they are"} not in ${inlineCode(ctx.hazardLogPath)}. ` +
        `Correct the id where it was written, or add the hazard to the log.`
      );
    case "objection": {
      // The reason is what the author must answer, and the sign-offs' details are folded: it is shown here.
      const objection = e.objections.find((o) => o.actor === blocker.actor && o.role === blocker.role);
      const reason = objection ? `: “${safe(objection.reason, ctx.caps.text)}”` : "";
      return (
        `Resolve the objection of ${person(blocker.actor)} (${inlineCode(blocker.role)})${reason} — talk it through; ` +
        `when resolved, ${person(blocker.actor)} comments ${inlineCode("/safety withdraw-objection")}.`
      );
    }
    case "sign-off-missing": {
      const rules = e.requiredRoles.find((r) => r.role === blocker.role)?.rules ?? [];
      const why = rules.length > 0 ? ` (required by ${rules.length === 1 ? "rule" : "rules"} ${codeList(rules)})` : "";
      const when = checklistOpen ? ", once the checklist is complete" : "";
      const ask = whoToAsk(ctx.contacts[blocker.role]);
      return `Sign-off: a member of the ${inlineCode(blocker.role)} role comments ${inlineCode(`/safety sign-off ${blocker.role}`)}${why}${when}.${ask}`;
    }
  }
}

/**
 * " Ask team @acme/clinical-safety (@cleo, @dana and 2 more) or @dr-cso." — the role's teams, with their
 * people when the app could read them, and its users; named without notifying anyone (the review request
 * does that, once). Empty when the role names nobody.
 */
function whoToAsk(contacts: RoleContacts | undefined): string {
  if (!contacts) return "";
  const teams = contacts.teams.map((t) => {
    const more = t.more === true ? " and more" : t.more ? ` and ${t.more} more` : "";
    const people = t.people && t.people.length > 0 ? ` (${t.people.map(person).join(", ")}${more})` : "";
    return `team ${person(t.name)}${people}`;
  });
  const who = [...teams, ...contacts.users.map(person)];
  if (who.length === 0) return "";
  return ` Ask ${who.length > 1 ? `${who.slice(0, -1).join(", ")} or ${who.at(-1)}` : who[0]}.`;
}

/** An id people recognise for the example: one the PR already touches, else the documented example. */
function exampleHazardId(e: Evaluation): string {
  return e.hazards.proposed[0]?.hazard.id ?? e.hazards.linked[0]?.id ?? "HAZ-012";
}

function errorStep(error: GateError, ctx: RenderContext): string {
  switch (error.code) {
    case "config":
      return (
        `Fix the configuration problems listed above in ${inlineCode(error.problems?.[0]?.file ?? ".github/clinical-safety.yml")} ` +
        `on the default branch (a PR never changes its own gate), then comment ${inlineCode("/safety recheck")}. ` +
        `${inlineCode("clinical-safety config check")} shows the same problems locally.`
      );
    case "config-missing":
      return `Add ${inlineCode(".github/clinical-safety.yml")} to the default branch, then comment ${inlineCode("/safety recheck")}.`;
    case "hazard-log":
      return (
        `Fix the hazard log problems listed above in ${inlineCode(error.problems?.[0]?.file ?? ctx.hazardLogPath)} ` +
        `by pushing a commit to this PR. ${inlineCode("clinical-safety hazards check")} shows the same problems locally.`
      );
    case "api":
      return `GitHub did not answer as expected; this is usually temporary. Comment ${inlineCode("/safety recheck")} to try again, and tell your platform admin if it keeps failing.`;
    case "internal":
      return `The gate hit an internal error. Comment ${inlineCode("/safety recheck")} to try again, and tell your platform admin if it keeps failing.`;
  }
}

/**
 * The steps that stand between the PR and a passing gate, as Markdown list items (without the list
 * marker), in the order worth doing them. Empty when nothing is left to do.
 */
export function whatHappensNext(e: Evaluation, ctx: RenderContext): string[] {
  if (e.state === "error") {
    const seen = new Set<GateError["code"]>();
    const steps: string[] = [];
    for (const error of e.errors) {
      if (seen.has(error.code)) continue;
      seen.add(error.code);
      steps.push(errorStep(error, ctx));
    }
    return steps.length > 0 ? steps : [`Comment ${inlineCode("/safety recheck")} to evaluate the PR again.`];
  }
  if (e.state !== "waiting") return [];
  const checklistOpen = e.blockers.some((b) => b.kind === "checklist-incomplete");
  const ordered = BLOCKER_ORDER.flatMap((kind) => e.blockers.filter((b) => b.kind === kind));
  const steps = ordered.slice(0, ctx.caps.items).map((b) => blockerStep(e, b, ctx, checklistOpen));
  if (ordered.length > ctx.caps.items) steps.push(`…and ${plural(ordered.length - ctx.caps.items, "more step")}.`);
  if (steps.length === 0) steps.push(`Comment ${inlineCode("/safety recheck")} to evaluate the PR again.`);
  return steps;
}

/** The steps as a numbered Markdown list. */
export function numberedSteps(steps: readonly string[]): string {
  return steps.map((step, i) => `${i + 1}. ${step}`).join("\n");
}
