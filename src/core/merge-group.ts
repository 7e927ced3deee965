/**
 * The merge queue: GitHub builds a merge group (the base branch plus the queued PRs) on a temporary branch and
 * asks for the required checks on the group's commit. The gate passes a group only when every PR in it passed
 * the gate at the head that was queued, the hazard entries it links to are the same in the hazard log the
 * group would merge, and every file the group changes belongs to one of its PRs. Pure: the handler reads
 * (handlers/merge-group.ts), this judges.
 */
import type { GateState } from "./types.js";

/** What a merge queue's branch name says: `gh-readonly-queue/<base>/pr-<N>-<head sha>`. */
export interface QueueRef {
  base: string;
  /** The last PR of the group (the one this group was built for). */
  pr: number;
  /** That PR's head when it was queued. */
  headSha: string;
}

/** The queue's temporary branch, parsed; undefined when the ref is not one (the gate then cannot tell the PRs). */
export function parseQueueRef(ref: string): QueueRef | undefined {
  const m = /^(?:refs\/heads\/)?gh-readonly-queue\/(.+)\/pr-(\d+)-([0-9a-f]{40})$/.exec(ref);
  if (!m) return undefined;
  return { base: m[1] as string, pr: Number(m[2]), headSha: m[3] as string };
}

/**
 * PR numbers the group's commits name on their first line, as the queue writes them: "Merge pull request #N
 * from …" (merge) or "Title (#N)" (squash). Only candidates: the handler keeps those that are open PRs into
 * the group's base, so a number written in a commit message can add a PR to check, never take one away.
 */
export function prNumbersInMessages(messages: readonly string[]): number[] {
  const found = new Set<number>();
  for (const message of messages) {
    const first = message.split("\n", 1)[0] ?? "";
    const m = /^Merge pull request #(\d+) from /.exec(first) ?? /\(#(\d+)\)\s*$/.exec(first);
    if (m) found.add(Number(m[1]));
  }
  return [...found];
}

/** One PR of the group, as read. */
export interface QueuedPr {
  number: number;
  title: string;
  /** The head the queue took: from the group's ref for its last PR, the PR's head for the others. */
  queuedHead: string;
  /** The gate's evaluation now, or why there is none. */
  evaluation?: { state: GateState; headSha: string; headline: string };
  error?: string;
  /** Hazards the PR links whose entry differs between the log it was judged with and the group's. */
  changedHazards: readonly string[];
}

export interface MergeGroupInput {
  /** The group's base branch is one the gate protects. */
  protectedBase: boolean;
  baseRef: string;
  protectedBranches: readonly string[];
  /** Why the configuration cannot be used, when it cannot. */
  configProblem?: string;
  queueRef?: QueueRef;
  prs: readonly QueuedPr[];
  /** Files the group changes that no PR of it changes. */
  unaccountedFiles: readonly string[];
  /** Why the group cannot be checked in full (more commits or files than GitHub lists), if so. */
  incomplete?: string;
}

export interface MergeGroupVerdict {
  conclusion: "success" | "failure" | "neutral";
  title: string;
  /** Markdown: one line per PR, then what else failed. */
  summary: string;
  prs: { number: number; passed: boolean; reason?: string }[];
}

const short = (sha: string) => sha.slice(0, 7);

/** Why one PR keeps the group from merging, or undefined when it may merge. */
function prProblem(pr: QueuedPr): string | undefined {
  if (pr.error !== undefined) return `could not be evaluated: ${pr.error}`;
  const e = pr.evaluation;
  if (!e) return "could not be evaluated";
  if (e.headSha !== pr.queuedHead) return `its head moved from ${short(pr.queuedHead)} to ${short(e.headSha)} after it was queued`;
  if (e.state !== "pass" && e.state !== "not-relevant") return `it has not passed the gate at ${short(pr.queuedHead)}: ${e.headline}`;
  if (pr.changedHazards.length > 0) {
    return (
      `${pr.changedHazards.join(", ")} changed in the hazard log after it was judged; ` +
      "update its branch so the sign-off sees the hazard log that will merge"
    );
  }
  return undefined;
}

/** Backticks would end the inline code a PR title or file name is shown in; they are replaced. */
const code = (text: string) => `\`${text.replace(/`/g, "'").replace(/[\r\n]+/g, " ")}\``;

export function judgeMergeGroup(input: MergeGroupInput): MergeGroupVerdict {
  if (!input.protectedBase) {
    return {
      conclusion: "neutral",
      title: `Not checked: ${input.baseRef} is not a protected base branch`,
      summary: `This merge group is into ${code(input.baseRef)}, which the clinical safety gate does not protect (it protects ${input.protectedBranches.map(code).join(", ")}).`,
      prs: [],
    };
  }
  const fail = (title: string, lines: string[], prs: MergeGroupVerdict["prs"] = []): MergeGroupVerdict => ({
    conclusion: "failure",
    title,
    summary: lines.join("\n"),
    prs,
  });
  if (input.configProblem !== undefined) {
    return fail("Merge group blocked: the clinical safety configuration cannot be used", [
      `The gate cannot judge this merge group: ${input.configProblem}.`,
    ]);
  }
  if (!input.queueRef) {
    return fail("Merge group blocked: its pull requests cannot be told", [
      "The group's branch is not named as GitHub's merge queue names it (`gh-readonly-queue/<base>/pr-<N>-<sha>`), so the gate cannot tell which pull requests it holds.",
    ]);
  }
  if (input.incomplete !== undefined) return fail("Merge group blocked: too large to check", [`${input.incomplete}.`]);
  const verdicts = input.prs.map((pr) => {
    const reason = prProblem(pr);
    return { number: pr.number, passed: reason === undefined, ...(reason === undefined ? {} : { reason }) };
  });
  const lines = input.prs.map((pr, i) => {
    const v = verdicts[i] as (typeof verdicts)[number];
    return v.passed ? `- ✅ #${pr.number} ${code(pr.title)} passed at ${short(pr.queuedHead)}` : `- ❌ #${pr.number} ${code(pr.title)}: ${v.reason}`;
  });
  if (input.unaccountedFiles.length > 0) {
    const shown = input.unaccountedFiles.slice(0, 20).map(code).join(", ");
    const more = input.unaccountedFiles.length > 20 ? ` and ${input.unaccountedFiles.length - 20} more` : "";
    lines.push(`- ❌ The group changes files that none of its pull requests changes: ${shown}${more}.`);
  }
  const failed = verdicts.filter((v) => !v.passed);
  if (failed.length > 0) {
    const first = failed[0] as (typeof failed)[number];
    const others = failed.length > 1 ? ` (and ${failed.length - 1} more)` : "";
    return fail(`Merge group blocked: #${first.number} has not passed the clinical safety gate${others}`, lines, verdicts);
  }
  if (input.unaccountedFiles.length > 0) return fail("Merge group blocked: it changes files no pull request of it changes", lines, verdicts);
  if (input.prs.length === 0) return fail("Merge group blocked: it holds no pull request the gate can find", lines, verdicts);
  const n = input.prs.length;
  return {
    conclusion: "success",
    title: `All ${n} pull request${n === 1 ? "" : "s"} in the merge group passed the clinical safety gate`,
    summary: lines.join("\n"),
    prs: verdicts,
  };
}
