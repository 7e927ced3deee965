/**
 * The release report as Markdown, ready to paste into a Clinical Safety Case Report: whether the risk went
 * up, the CSO's approval, the hazard log's changes, open objections and bypasses, the clinically relevant
 * changes hazard by hazard and each in detail (answers, hazards, signatures), and every commit with its
 * state. Pure. Every typed text is escaped for Markdown (`src/render/escape.ts`): a PR title must not turn
 * into a heading, a link or HTML in the safety case.
 */
import type { SignOffEvidence } from "../audit/evidence.js";
import { verificationFlags } from "../audit/verification.js";
import { escapeMarkdown, inlineCode } from "../render/escape.js";
import { auditUrl } from "./links.js";
import { releaseCommitCounts, type HistoryRow, type ReleaseCommit } from "./read-model.js";
import { COMMIT_STATUS_TEXT, releaseCommitDetail } from "./release-commits.js";
import { approversText, hazardChangeText, RISK_INCREASED, ratingText, type RiskIncrease } from "./release-hazards.js";
import { approvePath } from "./release-approval.js";
import type { ReleaseChange, ReleaseReport } from "./release-report.js";
import { bypassText, formatTime, riskText, shortSha } from "./text.js";

/** The report. */
export function releaseMarkdown(report: ReleaseReport): string {
  const relevant = new Set(report.groups.flatMap((g) => g.changes));
  const bypasses = [...relevant].filter((c) => c.bypass !== null).length;
  const commits = report.commits.length;
  const lines = [
    `# Clinically relevant changes in ${escapeMarkdown(report.repo)}: ${inlineCode(report.from)} → ${inlineCode(report.to)}`,
    "",
    ...riskBanner(report.riskIncreased),
    `From the Clinical Safety Gate audit trail, ${escapeMarkdown(formatTime(report.generatedAt))}. ` +
      `${relevant.size} clinically relevant ${relevant.size === 1 ? "change" : "changes"} among ${commits} ${commits === 1 ? "commit" : "commits"}` +
      (bypasses === 0 ? "; every one merged with a passing gate." : `; **${bypasses} reached the branch without a passing gate** (marked below).`),
    "",
    accounted(report.commitList),
    "",
    `Range: ${inlineCode(report.from)} at ${inlineCode(report.fromSha)} → ${inlineCode(report.to)} at ${inlineCode(report.toSha)}. ` +
      `Audit trail head at the time of this report: record ${report.auditHead.seq}, hash ${inlineCode(report.auditHead.hash)}.`,
    "",
    ...approvalSection(report),
    ...hazardLogSection(report),
    ...objectionsAndBypasses(report),
  ];
  if (report.groups.length === 0) lines.push("No clinically relevant change was merged between these refs.", "");
  for (const group of report.groups) {
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
      const signOffs = c.signOffs
        .map((s) => `${escapeMarkdown(`${s.role}: ${s.actor}`)} @ ${inlineCode(shortSha(s.headSha), { inTable: true })}`)
        .join("; ");
      const cells = [
        changeName(c, report.publicUrl),
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
  lines.push(...detailSection(report));
  lines.push(...commitSection(report.commitList));
  return `${lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/\n+$/, "")}\n`;
}

/** `[acme/eprescribe#7](…/audit/acme/eprescribe/pull/7)`, or `direct push`. */
function changeName(c: Pick<HistoryRow, "repo" | "pr">, publicUrl: string): string {
  const url = auditUrl(c, publicUrl);
  const name = c.pr === null ? "direct push" : escapeMarkdown(`${c.repo}#${c.pr}`);
  return url === null ? name : `[${name}](${url})`;
}

/** The banner, first thing under the title, when a residual rating went up over the release. */
function riskBanner(increases: readonly RiskIncrease[]): string[] {
  if (increases.length === 0) return [];
  const which = increases.map(
    (r) =>
      `${escapeMarkdown(r.id)}${r.title ? ` (${escapeMarkdown(r.title)})` : ""}: residual ${escapeMarkdown(`${ratingText(r.residualBefore)} → ${ratingText(r.residualAfter)}`)}${
        r.prs.length === 0 ? "" : `, by ${r.prs.map((pr) => (pr === null ? "a direct push" : `\\#${pr}`)).join(", ")}`
      }`,
  );
  return [`> **${RISK_INCREASED}.** Residual risk went up in this release for ${which.join("; ")}.`, ""];
}

/** Whether every commit is accounted for, loudly when one is not. */
function accounted(commits: readonly ReleaseCommit[]): string {
  const n = releaseCommitCounts(commits);
  const tally = `${n.assessed} assessed, ${n["not-relevant"]} not relevant, ${n.bypass} bypass, ${n.unassessed} unassessed`;
  if (n.unassessed === 0) return `Every commit is accounted for: ${tally}.`;
  return `> **WARNING: ${n.unassessed} ${n.unassessed === 1 ? "commit is" : "commits are"} UNASSESSED** — no record in the audit trail shows ${n.unassessed === 1 ? "it was" : "they were"} assessed (${tally}). Marked below.`;
}

/** The CSO's approval of exactly this range, or that there is none yet and where to give it. */
function approvalSection(report: ReleaseReport): string[] {
  const a = report.approval;
  if (a === null) {
    const approve = `${report.publicUrl.replace(/\/+$/, "")}${approvePath(report.repo, report.from, report.to)}`;
    return [
      "## Release approval",
      "",
      `**Not approved**: no release approval by the CSO is recorded for this range. Approve it at <${approve}>.`,
      "",
    ];
  }
  const who = a.name === null ? escapeMarkdown(a.by) : `${escapeMarkdown(a.name)} (${escapeMarkdown(a.by)})`;
  return [
    "## Release approval",
    "",
    `**Approved** by ${who} at ${escapeMarkdown(formatTime(a.at))}: ${escapeMarkdown(a.meaning)}.` +
      (a.method ? ` Method: ${escapeMarkdown(a.method)}.` : "") +
      (a.auditHead === null ? "" : ` The audit trail stood at record ${a.auditHead.seq} when it was signed.`),
    ...(a.rationale === undefined ? [] : ["", `Rationale: ${escapeMarkdown(a.rationale)}`]),
    "",
  ];
}

function hazardLogSection(report: ReleaseReport): string[] {
  const lines = ["## Hazard log changes in this release", ""];
  if (report.hazardChanges.length === 0) return [...lines, "No change to the hazard log was merged in this release.", ""];
  lines.push("| Hazard | Change | Change by | Approved by | Merge commit | Log version (blob) |", "| --- | --- | --- | --- | --- | --- |");
  for (const h of report.hazardChanges) {
    const cells = [
      `${escapeMarkdown(h.id)}${h.title ? ` — ${escapeMarkdown(h.title)}` : ""}`,
      escapeMarkdown(hazardChangeText(h)),
      changeName({ repo: report.repo, pr: h.pr }, report.publicUrl),
      h.bypass ? `**${escapeMarkdown(approversText(h))}**` : escapeMarkdown(approversText(h)),
      inlineCode(shortSha(h.mergeSha), { inTable: true }),
      `${inlineCode(shortSha(h.blobBefore), { inTable: true })} → ${inlineCode(shortSha(h.blobAfter), { inTable: true })}`,
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return [...lines, ""];
}

function objectionsAndBypasses(report: ReleaseReport): string[] {
  const lines = ["## Open objections and bypasses", ""];
  if (report.bypasses.length === 0 && report.openObjections.length === 0) return [...lines, "No open objection and no bypass in this release.", ""];
  for (const b of report.bypasses) {
    const flag = b.bypass;
    if (flag === null) continue;
    const review = flag.review
      ? `reviewed by ${escapeMarkdown(flag.review.by)} on ${escapeMarkdown(formatTime(flag.review.at))} (${escapeMarkdown(flag.review.decision)}): ${escapeMarkdown(flag.review.reason)}`
      : "**not reviewed**";
    lines.push(
      `- **Bypass**: ${b.pr === null ? "" : `${changeName(b, report.publicUrl)} `}${inlineCode(shortSha(b.mergeSha ?? b.headSha))}${b.title ? ` ${escapeMarkdown(b.title)}` : ""} — ${escapeMarkdown(bypassText(flag))}${flag.issue === null ? "" : ` (issue \\#${flag.issue})`}; ${review}`,
    );
  }
  for (const o of report.openObjections) {
    lines.push(
      `- **Open objection** on ${changeName(o, report.publicUrl)} by ${escapeMarkdown(o.by)} (${escapeMarkdown(o.role)}) at ${escapeMarkdown(formatTime(o.at))}: ${escapeMarkdown(o.reason)}`,
    );
  }
  return [...lines, ""];
}

/** Each clinically relevant change with its answers, hazards and signatures. */
function detailSection(report: ReleaseReport): string[] {
  if (report.changes.length === 0) return [];
  return ["## Changes in detail", "", ...report.changes.flatMap((c) => changeDetail(c, report.publicUrl))];
}

function changeDetail(change: ReleaseChange, publicUrl: string): string[] {
  const c = change.row;
  const lines = [
    `### ${changeName(c, publicUrl)}${c.title ? ` — ${escapeMarkdown(c.title)}` : ""}`,
    "",
    `${c.pr === null ? "Pushed" : "Merged"} ${escapeMarkdown(formatTime(c.mergedAt))} by ${escapeMarkdown(c.mergedBy)} as ${inlineCode(shortSha(c.mergeSha ?? c.headSha))}` +
      `${c.headSha && c.headSha !== c.mergeSha ? ` (head ${inlineCode(shortSha(c.headSha))})` : ""} · ${c.bypass === null ? "gate passed" : `**bypass**: ${escapeMarkdown(bypassText(c.bypass))}`}` +
      `${c.rules.length ? ` · rules ${escapeMarkdown(c.rules.join(", "))}` : ""}`,
    "",
  ];
  lines.push("Checklist:", "");
  if (change.answers.length === 0) lines.push("- no answer recorded");
  for (const a of change.answers) {
    const answer = a.answer === null ? "unanswered" : `**${a.answer === "yes" ? "Yes" : "No"}**`;
    const by = a.answeredBy ? ` — ${escapeMarkdown(a.answeredBy)}${a.answeredAt ? `, ${escapeMarkdown(formatTime(a.answeredAt))}` : ""}` : "";
    lines.push(
      `- ${escapeMarkdown(a.question || a.questionId)} (${inlineCode(a.questionId)}): ${answer}${by}${a.reason ? `; because ${escapeMarkdown(a.reason)}` : ""}`,
    );
  }
  lines.push("", "Hazards:", "");
  if (c.hazards.length === 0) lines.push("- none linked");
  for (const h of c.hazards) {
    lines.push(
      `- ${escapeMarkdown(h.id)}${h.title ? ` — ${escapeMarkdown(h.title)}` : ""}: initial ${escapeMarkdown(ratingText(h.initialRating))}, residual ${escapeMarkdown(ratingText(h.residualRating))}${h.status ? `, ${escapeMarkdown(h.status)}` : ""}`,
    );
  }
  lines.push("", "Sign-offs:", "");
  if (c.signOffs.length === 0) lines.push("- none");
  else lines.push(...signOffTable(c.signOffs));
  const flags = verificationFlags(c.verification);
  lines.push(
    "",
    `Other checks: ${c.verification === null ? "not recorded" : flags.length > 0 ? `**failing or missing**: ${escapeMarkdown(flags.join("; "))}` : c.verification.checks.length === 0 ? "none" : `${c.verification.checks.length} passed`}`,
  );
  for (const o of change.openObjections) {
    lines.push(
      "",
      `**Open objection** by ${escapeMarkdown(o.by)} (${escapeMarkdown(o.role)}) at ${escapeMarkdown(formatTime(o.at))}: ${escapeMarkdown(o.reason)}`,
    );
  }
  return [...lines, ""];
}

function signOffTable(signOffs: readonly SignOffEvidence[]): string[] {
  return [
    "| Signer (login) | Role | Signed (UTC) | Meaning | Commit |",
    "| --- | --- | --- | --- | --- |",
    ...signOffs.map(
      (s) =>
        `| ${s.name ? `${escapeMarkdown(s.name)} (${escapeMarkdown(s.actor)})` : escapeMarkdown(s.actor)} | ${escapeMarkdown(s.role)} | ${escapeMarkdown(formatTime(s.at).replace(" UTC", ""))} | ${escapeMarkdown(s.meaning)} | ${inlineCode(s.headSha, { inTable: true })} |`,
    ),
  ];
}

/** Whether the other checks on a change's merged head passed, in a table cell. */
function checksCell(v: Parameters<typeof verificationFlags>[0]): string {
  if (v === null || v === undefined) return "not recorded";
  const flags = verificationFlags(v);
  if (flags.length > 0) return `**failing or missing**: ${escapeMarkdown(flags.join("; "))}`;
  return v.checks.length === 0 ? "none" : `${v.checks.length} passed`;
}

/** Every commit of the release, with its state: nothing in the range goes unlisted. */
function commitSection(commitList: readonly ReleaseCommit[]): string[] {
  if (commitList.length === 0) return [];
  const lines = ["## Every commit in the release", "", "| Commit | State | Change | What the trail says |", "| --- | --- | --- | --- |"];
  for (const c of commitList) {
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
