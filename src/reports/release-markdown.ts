/**
 * The release report as Markdown, ready to paste into a Clinical Safety Case Report: the clinically
 * relevant changes between two refs, hazard by hazard, with who signed what. Pure. Every typed text is
 * escaped for Markdown (`src/render/escape.ts`): a PR title must not turn into a heading, a link or HTML
 * in the safety case.
 */
import { escapeMarkdown, inlineCode } from "../render/escape.js";
import { auditUrl } from "./links.js";
import { verificationFlags } from "../audit/verification.js";
import { releaseCommitCounts, type ReleaseCommit, type ReleaseGroup } from "./read-model.js";
import { COMMIT_STATUS_TEXT, releaseCommitDetail } from "./release-commits.js";
import { bypassText, formatTime, riskText, shortSha } from "./text.js";

/** What the report covers. */
export interface ReleaseScope {
  repo: string;
  from: string;
  to: string;
  /** How many commits the comparison found. */
  commits: number;
  /** When the report was made, ISO-8601. */
  generatedAt: string;
  publicUrl: string;
  /** Every commit of the release with its state (read-model.ts `releaseCommitList`). */
  commitList: readonly ReleaseCommit[];
}

/** The report. */
export function releaseMarkdown(scope: ReleaseScope, groups: readonly ReleaseGroup[]): string {
  const changes = new Map(groups.flatMap((g) => g.changes.map((c) => [`${c.repo}#${c.pr ?? c.seq}`, c] as const)));
  const bypasses = [...changes.values()].filter((c) => c.bypass !== null).length;
  const lines = [
    `# Clinically relevant changes in ${escapeMarkdown(scope.repo)}: ${inlineCode(scope.from)} → ${inlineCode(scope.to)}`,
    "",
    `From the Clinical Safety Gate audit trail, ${escapeMarkdown(formatTime(scope.generatedAt))}. ` +
      `${changes.size} clinically relevant ${changes.size === 1 ? "change" : "changes"} among ${scope.commits} ${scope.commits === 1 ? "commit" : "commits"}` +
      (bypasses === 0 ? "; every one merged with a passing gate." : `; **${bypasses} reached the branch without a passing gate** (marked below).`),
    "",
    accounted(scope.commitList),
    "",
  ];
  if (groups.length === 0) lines.push("No clinically relevant change was merged between these refs.", "");
  for (const group of groups) {
    const h = group.hazard;
    if (h === null) {
      lines.push("## No hazard linked", "");
    } else {
      lines.push(`## ${escapeMarkdown(h.id)}${h.title ? ` — ${escapeMarkdown(h.title)}` : ""}`, "");
      lines.push(`Residual risk ${escapeMarkdown(riskText(h.residualRating))}${h.status ? ` · status ${escapeMarkdown(h.status)}` : ""}`, "");
    }
    lines.push(
      "| Change | Title | Merged (UTC) | Merge commit | Risk | Sign-offs | Gate | Other checks |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const c of group.changes) {
      const url = auditUrl(c, scope.publicUrl);
      const name = c.pr === null ? "direct push" : escapeMarkdown(`${c.repo}#${c.pr}`);
      const signOffs = c.signOffs
        .map((s) => `${escapeMarkdown(`${s.role}: ${s.actor}`)} @ ${inlineCode(shortSha(s.headSha), { inTable: true })}`)
        .join("; ");
      const cells = [
        url === null ? name : `[${name}](${url})`,
        escapeMarkdown(c.title),
        escapeMarkdown(formatTime(c.mergedAt).replace(" UTC", "")),
        inlineCode(shortSha(c.mergeSha ?? c.headSha), { inTable: true }),
        escapeMarkdown(riskText(c.risk)),
        signOffs || "none",
        c.bypass === null ? "passed" : `**bypass**: ${escapeMarkdown(bypassText(c.bypass))}`,
        checksCell(c.verification),
      ];
      lines.push(`| ${cells.join(" | ")} |`);
    }
    lines.push("");
  }
  lines.push(...commitSection(scope));
  return `${lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/\n+$/, "")}\n`;
}

/** The line that says whether every commit is accounted for, loudly when one is not. */
function accounted(commits: readonly ReleaseCommit[]): string {
  const n = releaseCommitCounts(commits);
  const tally = `${n.assessed} assessed, ${n["not-relevant"]} not relevant, ${n.bypass} bypass, ${n.unassessed} unassessed`;
  if (n.unassessed === 0) return `Every commit is accounted for: ${tally}.`;
  return `> **WARNING: ${n.unassessed} ${n.unassessed === 1 ? "commit is" : "commits are"} UNASSESSED** — no record in the audit trail shows ${n.unassessed === 1 ? "it was" : "they were"} assessed (${tally}). Marked below.`;
}

/** Whether the other checks on a change's merged head passed, in a table cell. */
function checksCell(v: Parameters<typeof verificationFlags>[0]): string {
  if (v === null || v === undefined) return "not recorded";
  const flags = verificationFlags(v);
  if (flags.length > 0) return `**failing or missing**: ${escapeMarkdown(flags.join("; "))}`;
  return v.checks.length === 0 ? "none" : `${v.checks.length} passed`;
}

/** Every commit of the release, with its state: nothing in the range goes unlisted. */
function commitSection(scope: ReleaseScope): string[] {
  if (scope.commitList.length === 0) return [];
  const lines = ["## Every commit in the release", "", "| Commit | State | Change | What the trail says |", "| --- | --- | --- | --- |"];
  for (const c of scope.commitList) {
    const state = c.status === "unassessed" ? "**UNASSESSED**" : escapeMarkdown(COMMIT_STATUS_TEXT[c.status]);
    const change = c.change === null ? "—" : c.change.pr === null ? "direct push" : escapeMarkdown(`#${c.change.pr}`);
    const detail = escapeMarkdown(releaseCommitDetail(c));
    lines.push(
      `| ${inlineCode(shortSha(c.sha), { inTable: true })} | ${state} | ${change} | ${c.status === "unassessed" ? `**${detail}**` : detail} |`,
    );
  }
  lines.push("");
  return lines;
}
