/**
 * The check run: the view of an {@link Evaluation} that branch protection enforces. Fail closed: only
 * `not-relevant` and `pass` are ever `success`; waiting is `action_required`, an error is `failure`.
 */
import type { Blocker, Evaluation, GateState } from "../core/types.js";
import { inlineCode, person } from "./escape.js";
import { ERROR_TITLES, renderErrors } from "./errors-section.js";
import { fitWithin } from "./fit.js";
import { renderProvenance } from "./footer.js";
import { renderHazardLogChanges } from "./hazard-log-changes-section.js";
import { renderHazards } from "./hazards-section.js";
import { numberedSteps, whatHappensNext } from "./next-steps.js";
import { renderContext, type Caps, type RenderContext, type RenderOptions } from "./options.js";
import { renderSignOffs } from "./sign-offs-section.js";
import { clip, formatTime, plural, safe, shortSha } from "./text.js";
import { describeChecked, renderWhyFlagged } from "./why-flagged.js";

/** What GitHub shows for the check. */
export interface CheckRunOutput {
  conclusion: "success" | "action_required" | "failure";
  title: string;
  summary: string;
  text?: string;
}

/**
 * GitHub's limit for a check run's summary and for its text: 65,535 bytes of UTF-8, not characters. Over
 * it GitHub refuses the whole check run (422), so the PR would have no check at all.
 */
export const CHECK_TEXT_LIMIT = 65_535;

/** Titles are shown on one line in the checks list; keep them short. */
const TITLE_MAX = 140;

/** The conclusion of each state; nothing but a finished, clean evaluation is ever `success`. */
export const CONCLUSIONS: Readonly<Record<GateState, CheckRunOutput["conclusion"]>> = Object.freeze({
  "not-relevant": "success",
  pass: "success",
  waiting: "action_required",
  error: "failure",
});

/**
 * A plain-text title (the check title is not Markdown) naming what is missing, most pressing first:
 * "Objection by @x; checklist incomplete: 3 questions unanswered; waiting for sign-off: cso, cpm".
 */
function waitingTitle(e: Evaluation): string {
  const of = <K extends Blocker["kind"]>(kind: K) => e.blockers.filter((b): b is Extract<Blocker, { kind: K }> => b.kind === kind);
  const parts: string[] = [];
  const deleted = of("hazard-deleted").flatMap((b) => b.ids);
  if (deleted.length > 0) parts.push(`Hazard deleted from the log: ${deleted.join(", ")}`);
  const objections = of("objection");
  if (objections.length > 0) parts.push(`Objection by ${objections.map((o) => `@${o.actor}`).join(", ")}`);
  const unanswered = of("checklist-incomplete").flatMap((b) => b.questionIds);
  if (unanswered.length > 0) parts.push(`Checklist incomplete: ${plural(unanswered.length, "question")} unanswered`);
  const unknown = of("unknown-hazards").flatMap((b) => b.ids);
  if (unknown.length > 0) parts.push(`Unknown hazard ${unknown.length === 1 ? "id" : "ids"}: ${unknown.join(", ")}`);
  const yesWithout = of("yes-without-hazard").flatMap((b) => b.questionIds);
  if (yesWithout.length > 0) parts.push(`Hazard link needed for ${plural(yesWithout.length, "Yes answer")}`);
  const roles = of("sign-off-missing").map((b) => b.role);
  if (roles.length > 0) parts.push(`Waiting for sign-off: ${roles.join(", ")}`);
  if (parts.length === 0) return e.headline;
  // Two things fit on the checks list; the summary lists every step.
  const shown = parts.slice(0, 2).map((p, i) => (i === 0 ? p : p.charAt(0).toLowerCase() + p.slice(1)));
  return `${shown.join("; ")}${parts.length > 2 ? ` (+${parts.length - 2} more)` : ""}`;
}

function errorTitle(e: Evaluation): string {
  const parts = e.errors.map((error) => {
    const count = error.problems?.length ?? 0;
    return count > 0 && error.code !== "hazard-log" ? `${ERROR_TITLES[error.code]}: ${plural(count, "problem")}` : ERROR_TITLES[error.code];
  });
  return parts.length > 0 ? [...new Set(parts)].join("; ") : "Cannot evaluate";
}

function title(e: Evaluation): string {
  switch (e.state) {
    case "not-relevant":
      return "No clinical impact detected";
    case "pass":
      return "Clinical safety signed off";
    case "waiting":
      return waitingTitle(e);
    case "error":
      return errorTitle(e);
  }
}

function stepsBlock(e: Evaluation, ctx: RenderContext): string[] {
  const steps = whatHappensNext(e, ctx);
  return steps.length > 0 ? ["### What happens next", "", numberedSteps(steps)] : [];
}

function summaryLines(e: Evaluation, ctx: RenderContext, auditUrl: string | undefined): string[][] {
  const provenance = [renderProvenance(e, auditUrl)];
  switch (e.state) {
    case "not-relevant": {
      const checked = e.classification ? describeChecked(e.classification.checked, ctx) : "nothing (no classification)";
      return [
        ["No rule of the clinical safety configuration matches this PR, so no clinical sign-off is needed.", "", `Checked: ${checked}.`],
        provenance,
      ];
    }
    case "pass": {
      const signed = e.requiredRoles.flatMap((r) =>
        r.signedBy
          ? [
              `- ${inlineCode(r.role)}: ${person(r.signedBy.actor)} at ${shortSha(r.signedBy.headSha)}, ${formatTime(r.signedBy.at)} (${safe(r.signedBy.meaning, ctx.caps.text)})`,
            ]
          : [],
      );
      const head = signed.length > 0 ? ["Signed off:", "", ...signed] : ["The checklist is complete and no sign-off was required."];
      return [head, provenance];
    }
    case "waiting":
      return [[`**${safe(e.headline, ctx.caps.text)}**`], stepsBlock(e, ctx), provenance];
    case "error":
      return [
        ["The gate could not evaluate this PR, so this check fails until the problem is fixed: it never passes on an error."],
        renderErrors(e.errors, ctx),
        stepsBlock(e, ctx),
        provenance,
      ];
  }
}

function join(blocks: string[][]): string {
  return blocks
    .filter((b) => b.length > 0)
    .map((b) => b.join("\n"))
    .join("\n\n");
}

function details(e: Evaluation, caps: Caps, options: RenderOptions): string {
  const ctx = renderContext(options, caps);
  return join([
    renderWhyFlagged(e.classification?.matches ?? [], ctx),
    renderHazards(e, ctx),
    renderHazardLogChanges(e, ctx),
    renderSignOffs(e, ctx),
  ]);
}

/**
 * Renders the check run for an evaluation: the conclusion, a title naming what is missing or wrong, a
 * summary saying in plain words what to do next (the same steps as the comment), and for a relevant PR a
 * text with the reasons, hazards and sign-offs. Summary and text each stay within {@link CHECK_TEXT_LIMIT}
 * bytes.
 */
export function renderCheckRun(e: Evaluation, opts: RenderOptions = {}): CheckRunOutput {
  const summary = fitWithin(CHECK_TEXT_LIMIT, (caps) => join(summaryLines(e, renderContext(opts, caps), opts.auditUrl)), "bytes");
  const output: CheckRunOutput = { conclusion: CONCLUSIONS[e.state], title: clip(title(e), TITLE_MAX), summary };
  if (e.state === "waiting" || e.state === "pass") output.text = fitWithin(CHECK_TEXT_LIMIT, (caps) => details(e, caps, opts), "bytes");
  return output;
}
