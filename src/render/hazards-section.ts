/**
 * "Hazards": the hazard-log entries this PR is linked to with their risk, the ids that are not in the log,
 * the hazards whose code the PR touches but that are not linked, and Yes answers still without a hazard.
 */
import type { Evaluation } from "../core/types.js";
import { inlineCode } from "./escape.js";
import type { RenderContext } from "./options.js";
import { describeRatingChange } from "./rating.js";
import { capped, clip, code, codeList, plural, safe } from "./text.js";

type Linked = Evaluation["hazards"]["linked"][number];

function linkedRow(h: Linked, ctx: RenderContext): string {
  const sources = h.sources.length > 0 ? safe(h.sources.join(", "), ctx.caps.text) : "—";
  return (
    `| ${inlineCode(clip(h.id, 100), { inTable: true })} | ${safe(h.title, ctx.caps.text)} | ${safe(h.status, 40)} ` +
    `| ${describeRatingChange(h.initialRating, h.residualRating, ctx.meaning)} | ${sources} |`
  );
}

function logNote(e: Evaluation, ctx: RenderContext): string[] {
  const path = inlineCode(ctx.hazardLogPath);
  if (e.hazards.logState === "absent") return [`- There is no hazard log at ${path} yet, so hazard ids cannot be checked.`];
  if (e.hazards.logState === "invalid")
    return [`- The hazard log ${path} is invalid (see the problems listed above), so hazard ids cannot be checked.`];
  return [];
}

/**
 * What in the hazards blocks the gate, one line each: the log missing or invalid, ids that are not in the
 * log (with how to fix or unlink them), and Yes answers still without a hazard. The comment shows these
 * unfolded, whatever else it folds.
 */
export function hazardBlockingNotes(e: Evaluation, ctx: RenderContext): string[] {
  const { unknown } = e.hazards;
  return [
    ...logNote(e, ctx),
    ...capped(
      unknown,
      ctx.caps.items,
      (m) =>
        `- ⚠️ ${code(m.id, 100)} (${safe(m.source, ctx.caps.text)}) is not in ${inlineCode(ctx.hazardLogPath)}: ` +
        ((e.hazards.byCommand ?? []).includes(m.id)
          ? `fix the id, or remove the link with ${inlineCode(`/safety unlink ${clip(m.id, 100)}`)}.`
          : "fix the id in the PR description, or add the hazard to the log."),
      (n) => `- …and ${plural(n, "more unknown id")}.`,
    ),
    ...e.blockers.flatMap((b) =>
      b.kind === "yes-without-hazard"
        ? [
            `- ⚠️ ${b.questionIds.length === 1 ? "A **Yes** answer" : "**Yes** answers"} (${codeList(b.questionIds)}) ${b.questionIds.length === 1 ? "needs" : "need"} at least one linked hazard.`,
          ]
        : [],
    ),
  ];
}

/** The hazards that neither block nor link: ids only mentioned, and hazards whose code the PR touches. */
function suggestions(e: Evaluation, ctx: RenderContext): string[] {
  return [
    ...capped(
      e.hazards.mentioned ?? [],
      ctx.caps.items,
      (m) =>
        `- 💬 ${code(m.id, 100)}${m.title ? ` (${safe(m.title, ctx.caps.text)})` : ""} is mentioned in a ${safe(m.source, ctx.caps.text)}, ` +
        `not linked${m.known ? "" : ` (and it is not in ${inlineCode(ctx.hazardLogPath)})`}: if it applies, comment ` +
        `${inlineCode(`/safety link ${clip(m.id, 100)}`)} or write it in the PR description.`,
      (n) => `- …and ${plural(n, "more mentioned id")}.`,
    ),
    ...capped(
      e.hazards.proposed,
      ctx.caps.items,
      (p) =>
        `- This PR touches code associated with ${code(p.hazard.id, 100)} (${safe(p.hazard.title, ctx.caps.text)}): ` +
        `${capped(
          p.files,
          ctx.caps.files,
          (f) => code(f, ctx.caps.text),
          (n) => `and ${plural(n, "more file")}`,
        ).join(", ")}` +
        ` — link it if it applies.`,
      (n) => `- …and ${plural(n, "more hazard")} whose code this PR touches.`,
    ),
  ];
}

/**
 * The section's Markdown lines. `blocking: false` leaves out {@link hazardBlockingNotes}, for a view that
 * shows them elsewhere (the comment, unfolded).
 */
export function renderHazards(e: Evaluation, ctx: RenderContext, opts: { blocking?: boolean } = {}): string[] {
  const { linked } = e.hazards;
  const lines = ["### Hazards", ""];
  if (linked.length > 0) {
    lines.push(
      "| Hazard | Title | Status | Risk rating: initial → residual | Linked from |",
      "| --- | --- | --- | --- | --- |",
      ...capped(
        linked,
        ctx.caps.items,
        (h) => linkedRow(h, ctx),
        (n) => `| …and ${plural(n, "more hazard")} | | | | |`,
      ),
      "",
    );
  } else {
    lines.push(
      `No hazards linked yet. To link one, write its id (such as ${inlineCode("HAZ-012")}) in the PR description, or comment ${inlineCode("/safety link HAZ-012")}.`,
      "",
    );
  }
  const notes = [...(opts.blocking === false ? [] : hazardBlockingNotes(e, ctx)), ...suggestions(e, ctx)];
  return notes.length > 0 ? [...lines, ...notes] : lines.slice(0, -1);
}
