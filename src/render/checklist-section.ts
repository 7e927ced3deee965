/**
 * The hazard-impact checklist as tickable task lists: the open questions shown, the answered ones folded
 * (render/comment.ts), every question always there to tick. The layout is a contract with
 * `core/checklist-boxes.ts`, which reads the ticks back: a header line carrying the question's hidden
 * marker, then exactly two task lines of its own, `- [ ] Yes` and `- [ ] No`, with nothing else on them.
 */
import { questionMarker } from "../core/checklist-boxes.js";
import type { ChecklistItem } from "../core/types.js";
import { inlineCode, person } from "./escape.js";
import type { RenderContext } from "./options.js";
import { clip, code, formatTime, safe } from "./text.js";

function box(ticked: boolean, label: "Yes" | "No"): string {
  return `- [${ticked ? "x" : " "}] ${label}`;
}

function renderQuestion(item: ChecklistItem, index: number, ctx: RenderContext): string {
  const { question } = item;
  const why = question.why?.trim() ? ` · _${safe(question.why.trim(), ctx.caps.text)}_` : "";
  const lines = [
    `**${index + 1}. ${safe(question.question.trim(), ctx.caps.text)}** ${questionMarker(question.id)}`,
    `${code(question.id, ctx.caps.text)}${why}`,
    "",
    // A blank line before and after: the task list must be its own block, and the "answered by" line
    // must not be swallowed into the `No` item as a lazy continuation.
    box(item.answer === "yes", "Yes"),
    box(item.answer === "no", "No"),
  ];
  if (item.answer) {
    const by = item.answeredBy ? ` by ${person(item.answeredBy)}` : "";
    const at = item.answeredAt ? `, ${formatTime(item.answeredAt)}` : "";
    // The reason is untrusted text: one line, clipped and escaped.
    const because = item.reason ? ` because ${safe(item.reason, ctx.caps.text)}` : "";
    lines.push("", `<sub>answered ${item.answer === "yes" ? "Yes" : "No"}${by}${at}${because}</sub>`);
  }
  return lines.join("\n");
}

/** One line on answering: what a Yes needs, and the command for people who cannot tick. */
export function howToAnswer(items: readonly ChecklistItem[], ctx: RenderContext): string {
  const example = inlineCode(`/safety answer ${clip(items[0]?.question.id ?? "<id>", ctx.caps.text)} no because …`);
  return (
    `Tick **Yes** or **No** under each question; a **Yes** needs at least one linked hazard. Can't tick (no write access)? ` +
    `Comment ${inlineCode("/safety answer <id> yes|no")} instead; ${inlineCode("because …")} keeps your reason with the answer, e.g. ${example}.`
  );
}

/** `shown`, numbered by their place in the whole checklist (`all`), as the steps refer to them. */
function renderQuestions(shown: readonly ChecklistItem[], all: readonly ChecklistItem[], ctx: RenderContext): string {
  return shown.map((item) => renderQuestion(item, all.indexOf(item), ctx)).join("\n\n");
}

/**
 * The questions still open, each with its two boxes: what the comment shows unfolded (how to answer is in
 * the steps, and in full with {@link howToAnswer}). None when every question is answered.
 */
export function renderOpenQuestions(items: readonly ChecklistItem[], ctx: RenderContext): string[] {
  const open = items.filter((item) => !item.answer);
  if (open.length === 0) return [];
  return ["### Hazard-impact checklist", "", renderQuestions(open, items, ctx)];
}

/**
 * The questions answered, each with its two boxes (one ticked) and who answered: folded in the comment, and
 * still tickable there, so an answer can be changed by a click as well as by a command.
 */
export function renderAnsweredQuestions(items: readonly ChecklistItem[], ctx: RenderContext): string[] {
  const answered = items.filter((item) => item.answer);
  if (answered.length === 0) return [];
  return [`#### Answered questions (${answered.length} of ${items.length})`, "", renderQuestions(answered, items, ctx)];
}
