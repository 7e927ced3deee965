/**
 * The issue the app opens when clinically relevant code reached the default branch without a passing gate:
 * it calls the CSO role by name (their teams and users) and links the evidence. Pure.
 */
import type { RoleDefinition } from "../core/types.js";
import { escapeMarkdown, inlineCode, mention } from "./escape.js";

export interface BypassReport {
  repo: { owner: string; repo: string };
  /** The merged PR, or undefined for a direct push. */
  pr?: { number: number; title: string; mergedBy: string; headSha: string };
  /** `branch`: the protected branch pushed to, when it is not the default branch. */
  push?: { pusher: string; before: string; after: string; branch?: string };
  /** What was missing at the merged head, or why the push is relevant. */
  detail: string;
  files: string[];
  rules: string[];
  cso: RoleDefinition | undefined;
  /** Link to the PR's audit page, when PUBLIC_URL is known. */
  auditUrl?: string;
}

/** Who to call: the CSO role's teams (`@org/team`) and users. */
function csoMentions(report: BypassReport): string {
  const cso = report.cso;
  if (!cso) return "the Clinical Safety Officer";
  const teams = cso.teams.map((t) => mention(t.includes("/") ? t : `${report.repo.owner}/${t}`));
  const users = cso.users.map((u) => mention(u));
  const all = [...teams, ...users];
  return all.length > 0 ? all.join(", ") : "the Clinical Safety Officer";
}

export function bypassIssueTitle(report: BypassReport): string {
  return report.pr
    ? `Clinical safety bypass: #${report.pr.number} merged without a passing gate`
    : `Clinical safety bypass: direct push to ${report.push?.branch ?? "the default branch"} (${report.push?.after.slice(0, 7) ?? "unknown"})`;
}

export function bypassIssueBody(report: BypassReport): string {
  const where = report.push?.branch === undefined ? "the default branch" : `the protected branch ${inlineCode(report.push.branch)}`;
  const lines = [`${csoMentions(report)} — clinically relevant code reached ${where} without clinical safety sign-off.`, ""];
  if (report.pr) {
    lines.push(
      `- Pull request: #${report.pr.number} — ${escapeMarkdown(report.pr.title)}`,
      `- Merged by: ${escapeMarkdown(`@${report.pr.mergedBy}`)}`,
      `- Merged head: ${inlineCode(report.pr.headSha)}`,
    );
  }
  if (report.push) {
    lines.push(
      `- Pushed by: ${escapeMarkdown(`@${report.push.pusher}`)}`,
      `- Commits: ${inlineCode(report.push.before.slice(0, 7))}…${inlineCode(report.push.after.slice(0, 7))}`,
    );
  }
  lines.push(`- What was missing: ${escapeMarkdown(report.detail)}`);
  if (report.rules.length > 0) lines.push(`- Rules: ${report.rules.map((r) => inlineCode(r)).join(", ")}`);
  if (report.files.length > 0) {
    const shown = report.files.slice(0, 20).map((f) => inlineCode(f));
    lines.push(`- Files: ${shown.join(", ")}${report.files.length > 20 ? ` and ${report.files.length - 20} more` : ""}`);
  }
  if (report.auditUrl) lines.push(`- Evidence: ${report.auditUrl}`);
  lines.push(
    "",
    "The change must now be assessed after the fact: answer the hazard-impact checklist, update the hazard log if risk changed, " +
      "and record the CSO's decision here. The audit trail keeps this bypass (`clinical-safety audit export`).",
  );
  return lines.join("\n");
}

/** The hidden marker of the issue reporting one bypass: the merged PR, or the pushed commit. */
export function bypassMarker(report: BypassReport): string {
  const what = report.pr ? `pr ${report.pr.number}` : `push ${report.push?.after ?? "unknown"}`;
  return `<!-- clinical-safety-gate:bypass ${report.repo.owner}/${report.repo.repo} ${what} -->`;
}
