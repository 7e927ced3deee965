/**
 * The hazard-impact checklist as tickable task lists. The layout is a contract with
 * `core/checklist-boxes.ts`, which reads the ticks back: a header line carrying the question's hidden
 * marker, then exactly two task lines of its own, `- [ ] Yes` and `- [ ] No`, with nothing else on them.
 */
import { questionMarker } from "../core/checklist-boxes.js";
import type { ChecklistItem } from "../core/types.js";
import { inlineCode, person } from "./escape.js";
import type { RenderContext } from "./options.js";
import { code, formatTime, safe } from "./text.js";

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

/** The section's Markdown lines. Every question is shown: a question left out could never be answered. */
export function renderChecklist(items: readonly ChecklistItem[], ctx: RenderContext): string[] {
  const heading = ["### Hazard-impact checklist", ""];
  if (items.length === 0) return [...heading, "No checklist questions apply to the rules this PR matched."];
  const example = inlineCode(`/safety answer ${items[0]?.question.id ?? "<id>"} no`);
  return [
    ...heading,
    `Tick **Yes** or **No** under each question. A **Yes** needs at least one linked hazard. ` +
      `Can't tick the boxes (no write access)? Comment ${inlineCode("/safety answer <id> yes|no")} instead, e.g. ${example}. ` +
      `Add ${inlineCode("because …")} to keep your reason with the answer (after ticking a box too).`,
    "",
    items.map((item, i) => renderQuestion(item, i, ctx)).join("\n\n"),
  ];
}
