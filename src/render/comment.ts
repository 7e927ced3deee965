/**
 * The sticky PR comment: the view of an {@link Evaluation} that developers, CPMs and CSOs read and in
 * which developers tick the checklist. Found again by its first-line marker, re-rendered in place on every
 * change; only its checkbox states are ever read back (see `core/checklist-boxes.ts`).
 *
 * Short: the headline, what happens next (naming whom to ask), what blocks and the questions still open are
 * shown; everything else — why the PR was flagged, the answers given, hazards, sign-offs, the commands — is
 * folded in one `<details>`. Nothing that blocks the gate is ever folded.
 */
import type { Evaluation, GateState } from "../core/types.js";
import { howToAnswer, renderAnsweredQuestions, renderOpenQuestions } from "./checklist-section.js";
import { renderErrors } from "./errors-section.js";
import { inlineCode, person } from "./escape.js";
import { fitWithin } from "./fit.js";
import { renderCommands, renderProvenance } from "./footer.js";
import { renderHazardLogChanges } from "./hazard-log-changes-section.js";
import { hazardBlockingNotes, renderHazards } from "./hazards-section.js";
import { numberedSteps, whatHappensNext } from "./next-steps.js";
import { renderContext, type Caps, type RenderContext, type RenderOptions } from "./options.js";
import { renderSignOffs } from "./sign-offs-section.js";
import { formatTime, safe, shortSha } from "./text.js";
import { describeChecked, renderWhyFlagged } from "./why-flagged.js";

/** The hidden first line by which the app finds its own comment (never by bot login). */
export const COMMENT_MARKER = "<!-- clinical-safety-gate:sticky -->";

/**
 * GitHub refuses a comment body over 65,536 characters (not bytes: unlike a check run's text, non-ASCII
 * costs nothing extra here). Counted in UTF-16 code units, never fewer than GitHub's characters; the 536
 * to spare are a margin, not a requirement.
 */
export const COMMENT_LIMIT = 65_000;

/** The heading of each state. */
export const COMMENT_HEADINGS: Readonly<Record<GateState, string>> = Object.freeze({
  waiting: "Clinical safety: sign-off required",
  pass: "Clinical safety: signed off",
  error: "Clinical safety: cannot evaluate",
  "not-relevant": "Clinical safety: no clinical impact detected",
});

/** Why the gate asks all this: told once, in the details, for whoever meets it for the first time. */
const ABOUT =
  "This PR changes code that can affect patient safety, so its effect on clinical risk is assessed here before it " +
  "merges: answer the checklist, link the hazards it touches, and the people who hold clinical safety responsibility sign off.";

/** The headline, and what the state means in a sentence when the headline alone does not say it. */
function intro(e: Evaluation, ctx: RenderContext): string[] {
  switch (e.state) {
    case "waiting":
      return [`**${safe(e.headline, ctx.caps.text)}**${e.pr.draft ? " · checked while a draft, so the review can start early" : ""}`];
    case "pass": {
      const signed = e.requiredRoles.flatMap((r) =>
        r.signedBy ? [`- ${inlineCode(r.role)}: ${person(r.signedBy.actor)} at ${shortSha(r.signedBy.headSha)}, ${formatTime(r.signedBy.at)}`] : [],
      );
      return [
        `**${safe(e.headline, ctx.caps.text)}**`,
        "",
        `Everything the gate needs is in place for commit ${shortSha(e.headSha)}. ` + "A new commit may void the sign-offs and need them again.",
        ...(signed.length > 0 ? ["", ...signed] : []),
      ];
    }
    case "error":
      return ["The gate could not evaluate this PR, so its check fails until this is fixed: it never passes on an error."];
    case "not-relevant": {
      const checked = e.classification ? ` Checked: ${describeChecked(e.classification.checked, ctx)}.` : "";
      return [`No rule of the clinical safety configuration matches this PR any more, so no sign-off is needed.${checked}`];
    }
  }
}

/**
 * What the comment shows unfolded: what stops the gate (errors, and in the hazards what blocks), the steps
 * with whom to ask, and the questions still open with their boxes.
 */
function shown(e: Evaluation, ctx: RenderContext, relevant: boolean): string[][] {
  const steps = whatHappensNext(e, ctx);
  const blocking = relevant ? hazardBlockingNotes(e, ctx) : [];
  return [
    renderErrors(e.errors, ctx),
    steps.length > 0 ? ["### What happens next", "", numberedSteps(steps)] : [],
    blocking,
    renderOpenQuestions(e.checklist, ctx),
  ];
}

/** Everything else, folded: why the PR was flagged, the answers given, hazards, sign-offs and the commands. */
function folded(e: Evaluation, ctx: RenderContext, relevant: boolean): string[] {
  const parts = [
    relevant && e.state !== "pass" ? [ABOUT] : [],
    e.checklist.length > 0 && e.state !== "pass" ? [howToAnswer(e.checklist, ctx)] : [],
    relevant ? renderWhyFlagged(e.classification?.matches ?? [], ctx) : [],
    renderAnsweredQuestions(e.checklist, ctx),
    relevant && e.checklist.length === 0 ? ["No checklist questions apply to the rules this PR matched."] : [],
    relevant ? renderHazards(e, ctx, { blocking: false }) : [],
    renderHazardLogChanges(e, ctx),
    relevant ? renderSignOffs(e, ctx) : [],
    renderCommands({ heading: relevant }),
  ].filter((part) => part.length > 0);
  const summary = relevant ? "Details: why this PR was flagged, answers, hazards, sign-offs, commands" : "Commands";
  // A blank line after the summary and before the end, or GitHub renders the Markdown inside as text.
  return [`<details><summary>${summary}</summary>`, "", parts.map((part) => part.join("\n")).join("\n\n"), "", "</details>"];
}

function render(e: Evaluation, options: RenderOptions, caps: Caps): string {
  const ctx = renderContext(options, caps);
  const relevant = e.state === "waiting" || e.state === "pass" || (e.classification?.relevant ?? false);
  const blocks = [
    [COMMENT_MARKER, `## ${COMMENT_HEADINGS[e.state]}`],
    intro(e, ctx),
    ...shown(e, ctx, relevant),
    folded(e, ctx, relevant),
    [renderProvenance(e, options.auditUrl)],
  ].filter((block) => block.length > 0);
  return `${blocks.map((block) => block.join("\n")).join("\n\n")}\n`;
}

/**
 * Renders the sticky comment for an evaluation. Deterministic (the same evaluation gives the same string,
 * so an unchanged comment need not be rewritten), every untrusted text escaped, and never longer than
 * {@link COMMENT_LIMIT}: long lists end in "and N more".
 */
export function renderComment(e: Evaluation, opts: RenderOptions = {}): string {
  return fitWithin(COMMENT_LIMIT, (caps) => render(e, opts, caps));
}
