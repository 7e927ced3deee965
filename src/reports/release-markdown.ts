/**
 * The release report as Markdown, ready to paste into a Clinical Safety Case Report: the clinically
 * relevant changes between two refs, hazard by hazard, with who signed what. Pure. Every typed text is
 * escaped for Markdown (`src/render/escape.ts`): a PR title must not turn into a heading, a link or HTML
 * in the safety case.
 */
import { escapeMarkdown, inlineCode } from "../render/escape.js";
import { auditUrl } from "./links.js";
import type { ReleaseGroup } from "./read-model.js";
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
    lines.push("| Change | Title | Merged (UTC) | Merge commit | Risk | Sign-offs | Gate |", "| --- | --- | --- | --- | --- | --- | --- |");
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
      ];
      lines.push(`| ${cells.join(" | ")} |`);
    }
    lines.push("");
  }
  return `${lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/\n+$/, "")}\n`;
}
