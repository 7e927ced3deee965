/**
 * Reading the hazard-impact checklist back out of the sticky comment.
 *
 * The comment is a view, never the source of truth: the only thing read from it is which Yes/No boxes are
 * ticked under which question. Each question carries a hidden marker with its id, followed by exactly two
 * task-list lines of its own (`- [ ] Yes`, `- [ ] No`). Ticking a box on GitHub edits the comment, so the
 * answer a person gave is the difference between the body before and after that edit.
 */
import type { Answer } from "./types.js";

/** Ticked state of the two boxes of one question. */
export interface BoxState {
  yes: boolean;
  no: boolean;
}

/** One answer a person gave (or cleared, `null`) by ticking boxes in the comment. */
export interface AnswerChange {
  questionId: string;
  answer: Answer | null;
}

const MARKER_PREFIX = "<!-- csg:q:";
const MARKER_SUFFIX = " -->";
const MARKER = /<!-- csg:q:([^\s<>]+) -->/;
/** The two lines the renderer writes and GitHub flips; `x` or `X` as GitHub and people write them. */
const TASK_LINE = /^- \[([ xX])\] (Yes|No)[ \t]*\r?$/;

/**
 * The hidden marker that ties a question's boxes to its id. The id is percent-encoded so that no id can
 * close the HTML comment early or smuggle a second marker in.
 */
export function questionMarker(questionId: string): string {
  return `${MARKER_PREFIX}${encodeURIComponent(questionId)}${MARKER_SUFFIX}`;
}

function decodeId(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    // A hand-edited marker that is not valid percent-encoding belongs to no question.
    return undefined;
  }
}

/**
 * Finds every question of the comment by its marker and reads the first `Yes` and the first `No` task line
 * that follow it, before the next marker. A question whose two lines are not both present (someone edited
 * the text) is left out: its boxes cannot be trusted to mean anything.
 */
export function readCheckboxes(body: string): Map<string, BoxState> {
  const result = new Map<string, BoxState>();
  let current: { id: string | undefined; yes?: boolean; no?: boolean } | undefined;
  const close = () => {
    if (current?.id !== undefined && current.yes !== undefined && current.no !== undefined && !result.has(current.id)) {
      result.set(current.id, { yes: current.yes, no: current.no });
    }
  };
  for (const line of body.split("\n")) {
    const marker = MARKER.exec(line);
    if (marker) {
      close();
      current = { id: decodeId(marker[1] ?? "") };
      continue;
    }
    const task = current ? TASK_LINE.exec(line) : null;
    if (!current || !task) continue;
    const ticked = task[1] !== " ";
    if (task[2] === "Yes" && current.yes === undefined) current.yes = ticked;
    if (task[2] === "No" && current.no === undefined) current.no = ticked;
  }
  close();
  return result;
}

/**
 * What a person changed by ticking boxes in one edit of the comment, in the order of the questions.
 *
 * - a box newly ticked → that answer (when the other box is still ticked, the newly ticked one wins);
 * - both boxes newly ticked at once → no change: a click ticks one box, so this was a text edit;
 * - boxes only unticked → `null` when none is left ticked, else the one left ticked;
 * - questions missing from either body, or whose boxes did not change → no change.
 */
export function answerChanges(before: string, after: string): AnswerChange[] {
  const old = readCheckboxes(before);
  const changes: AnswerChange[] = [];
  for (const [questionId, now] of readCheckboxes(after)) {
    const was = old.get(questionId);
    if (!was || (was.yes === now.yes && was.no === now.no)) continue;
    const newlyYes = now.yes && !was.yes;
    const newlyNo = now.no && !was.no;
    if (newlyYes && newlyNo) continue;
    if (newlyYes) changes.push({ questionId, answer: "yes" });
    else if (newlyNo) changes.push({ questionId, answer: "no" });
    else if (!now.yes && !now.no) changes.push({ questionId, answer: null });
    else changes.push({ questionId, answer: now.yes ? "yes" : "no" });
  }
  return changes;
}
