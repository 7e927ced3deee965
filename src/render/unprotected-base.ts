/**
 * The neutral check of a PR into a base branch the gate does not protect (`branches:` in the configuration):
 * it says why the gate is not asking anything, and how to change that, so nobody mistakes silence for a pass.
 */
import { inlineCode } from "./escape.js";

export interface UnprotectedBaseView {
  conclusion: "neutral";
  title: string;
  summary: string;
}

export function renderUnprotectedBase(base: string, protectedBranches: readonly string[]): UnprotectedBaseView {
  const list = protectedBranches.map((b) => inlineCode(b)).join(", ");
  return {
    conclusion: "neutral",
    title: `Not checked: ${base.length > 60 ? `${base.slice(0, 60)}…` : base} is not a protected base branch`,
    summary: [
      `This pull request is into ${inlineCode(base)}, which the clinical safety gate does not protect: it asks no checklist and needs no sign-off here, and a merge into it is not a bypass.`,
      "",
      `The gate protects ${list}. To protect ${inlineCode(base)} as well, list it under \`branches:\` in \`.github/clinical-safety.yml\` on the default branch.`,
    ].join("\n"),
  };
}
