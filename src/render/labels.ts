/**
 * The labels the app manages on a PR, as a plan (what to add, what to remove) derived from an evaluation
 * and the PR's current labels.
 */
import type { Evaluation, GateState } from "../core/types.js";

/** Labels the app manages (PRODUCT.md "Names that are fixed"). */
export const MANAGED_LABELS = Object.freeze({
  signOffRequired: "clinical-safety: sign-off required",
  signedOff: "clinical-safety: signed off",
  bypassed: "clinical-safety: bypassed",
} as const);

/** The managed label names, as a list. */
export const MANAGED_LABEL_NAMES: readonly string[] = Object.freeze(Object.values(MANAGED_LABELS));

/** The label each state wants; `not-relevant` wants neither of the state labels. */
const STATE_LABEL: Readonly<Record<GateState, string | undefined>> = {
  waiting: MANAGED_LABELS.signOffRequired,
  // An error blocks the merge just as waiting does: fail closed in the labels too.
  error: MANAGED_LABELS.signOffRequired,
  pass: MANAGED_LABELS.signedOff,
  "not-relevant": undefined,
};

/** Labels this plan may remove. `bypassed` is a record of a past merge, set only by the merge handler. */
const STATE_LABELS = [MANAGED_LABELS.signOffRequired, MANAGED_LABELS.signedOff];

/**
 * What to add and remove so the PR carries the label of its state. GitHub compares label names without
 * regard to case, so this does too, and removes a label under the spelling the PR actually has. Never
 * touches `clinical-safety: bypassed` or any label the app does not manage.
 */
export function labelPlan(e: Evaluation, current: string[]): { add: string[]; remove: string[] } {
  const wanted = STATE_LABEL[e.state];
  const has = (label: string) => current.some((c) => c.toLowerCase() === label.toLowerCase());
  const add = wanted && !has(wanted) ? [wanted] : [];
  const remove = current.filter((c) => {
    const lower = c.toLowerCase();
    return STATE_LABELS.some((l) => l.toLowerCase() === lower) && lower !== wanted?.toLowerCase();
  });
  return { add, remove };
}
