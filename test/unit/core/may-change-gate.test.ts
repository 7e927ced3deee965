import { describe, expect, it } from "@jest/globals";
import { mayChangeGate, type GateEvent, type RepoKnowledge } from "../../../src/core/may-change-gate.js";

const REPO: RepoKnowledge = { idPattern: "HAZ-\\d{3,}" };
const comment = (body: string, extra: Partial<Extract<GateEvent, { kind: "comment" }>> = {}): GateEvent => ({
  kind: "comment",
  action: "created",
  onPullRequest: true,
  isSticky: false,
  body,
  ...extra,
});

describe("mayChangeGate: events that cannot change the outcome cost nothing; doubt means evaluate", () => {
  it.each<[string, GateEvent, boolean, RepoKnowledge | undefined, boolean]>([
    ["the app's own event", { kind: "pull_request", action: "labeled", label: "clinical-safety: signed off" }, true, REPO, false],
    ["a push to the PR", { kind: "pull_request", action: "synchronize" }, false, REPO, true],
    ["an unrelated label (the rules may have just changed elsewhere)", { kind: "pull_request", action: "labeled", label: "bug" }, false, REPO, true],
    ["an unrelated label removed", { kind: "pull_request", action: "unlabeled", label: "bug" }, false, REPO, true],
    ["a rule's label (any case)", { kind: "pull_request", action: "labeled", label: "Clinical-Impact" }, false, REPO, true],
    ["a rule's label removed", { kind: "pull_request", action: "unlabeled", label: "clinical-impact" }, false, REPO, true],
    [
      "a managed label touched by a person",
      { kind: "pull_request", action: "unlabeled", label: "clinical-safety: sign-off required" },
      false,
      REPO,
      true,
    ],
    ["any label while the configuration is unknown", { kind: "pull_request", action: "labeled", label: "bug" }, false, undefined, true],
    ["a plain comment", comment("Looks good to me"), false, REPO, false],
    ["a comment with a command", comment("/safety recheck"), false, REPO, true],
    ["a comment with a hazard id", comment("This touches HAZ-002"), false, REPO, true],
    // A mention no longer links, but the app's comment shows it as a suggestion: still evaluated.
    ["a comment that mentions an unknown id", comment("Also touches HAZ-999 I think"), false, REPO, true],
    ["a review that mentions a hazard id", { kind: "review", body: "Looks like HAZ-004" }, false, REPO, true],
    ["/safety link", comment("/safety link HAZ-007"), false, REPO, true],
    ["/safety unlink", comment("/safety unlink HAZ-007"), false, REPO, true],
    ["a comment with a command in a code block", comment("```\n/safety sign-off\n```"), false, REPO, false],
    ["a plain comment while the configuration is unknown", comment("Looks good"), false, undefined, true],
    ["a comment on an issue", comment("/safety sign-off", { onPullRequest: false }), false, REPO, false],
    ["a person edits the app's comment (boxes)", comment("…", { isSticky: true, action: "edited" }), false, REPO, true],
    ["an edit that removed a hazard id", comment("fixed", { action: "edited", previousBody: "about HAZ-002" }), false, REPO, true],
    ["an edit of plain text", comment("typo fixed", { action: "edited", previousBody: "typo fxied" }), false, REPO, false],
    ["a review with a command", { kind: "review", body: "/safety sign-off cso" }, false, REPO, true],
    ["a review without one", { kind: "review", body: "LGTM" }, false, REPO, false],
    ["any other event", { kind: "other" }, false, REPO, true],
  ])("%s → evaluate: %s", (_name, event, fromApp, repo, expected) => {
    expect(mayChangeGate(event, fromApp, repo).evaluate).toBe(expected);
  });
});
