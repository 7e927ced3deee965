/**
 * Whether an event can change the gate's outcome, decided before any GitHub read: GitHub is the scarce
 * resource (writes are throttled to about one a second per installation), so an event that cannot change
 * anything must cost nothing. Pure. When in doubt — nothing known yet of the repository's configuration —
 * the answer is "evaluate": skipping is only ever an optimisation, never a way to miss a change.
 */
import { findHazardIds } from "../hazards/link.js";
import { isBypassReviewCommand } from "./bypass-review.js";
import { parseCommands } from "./commands.js";

/** What an event is, as far as this decision needs. */
export type GateEvent =
  | { kind: "pull_request"; action: string; label?: string }
  | {
      kind: "comment";
      action: "created" | "edited";
      /** On a PR (not an issue). */
      onPullRequest: boolean;
      /** The app's own sticky comment (edited by a person: boxes ticked, or text to be put back). */
      isSticky: boolean;
      body: string;
      /** An edit's body before it. */
      previousBody?: string;
    }
  | { kind: "review"; body: string }
  | { kind: "other" };

/** What the gate last learned of a repository's configuration (from an evaluation). */
export interface RepoKnowledge {
  idPattern: string;
}

export type GateDecision = { evaluate: true } | { evaluate: false; why: string };

const EVALUATE: GateDecision = { evaluate: true };

/** Whether `text` says anything the gate reads: a command or a hazard id. */
function counts(text: string, repo: RepoKnowledge): boolean {
  return parseCommands(text).length > 0 || findHazardIds(text, repo.idPattern).length > 0;
}

/**
 * @param event the event, summarised
 * @param fromApp the app itself sent it (its comment edits, its labels): never a reason to evaluate
 * @param repo what is known of the repository's configuration, or undefined when nothing is
 */
export function mayChangeGate(event: GateEvent, fromApp: boolean, repo: RepoKnowledge | undefined): GateDecision {
  if (fromApp) return { evaluate: false, why: "the app's own event" };
  switch (event.kind) {
    case "pull_request":
      // Every label change is evaluated, even of a label no rule names as far as this replica knows: the
      // rules may have just changed through another replica, and a label that makes a PR relevant must never
      // be skipped. It costs reads answered 304 and no write when nothing changed (write-plan.ts).
      return EVALUATE;
    case "comment": {
      // On an issue, only `/safety review-bypass` counts (on the bypass issue the app opened).
      if (!event.onPullRequest) {
        if (parseCommands(event.body).some(isBypassReviewCommand)) return EVALUATE;
        return { evaluate: false, why: "a comment on an issue, not a pull request" };
      }
      if (event.isSticky) return event.action === "edited" ? EVALUATE : { evaluate: false, why: "the app's comment was created" };
      if (repo === undefined) return EVALUATE;
      if (counts(event.body, repo)) return EVALUATE;
      // An edit that removed a hazard id takes a mention away; one that removed a command changes nothing
      // (a command counts when written), but is evaluated all the same: cheap, and never wrong.
      if (event.action === "edited" && event.previousBody !== undefined && counts(event.previousBody, repo)) return EVALUATE;
      return { evaluate: false, why: "a comment with no command and no hazard id" };
    }
    case "review":
      if (repo === undefined || counts(event.body, repo)) return EVALUATE;
      return { evaluate: false, why: "a review with no command and no hazard id" };
    case "other":
      return EVALUATE;
  }
}
