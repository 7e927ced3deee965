import type { BypassData } from "../audit/evidence.js";
import type { RoleDefinition } from "../core/types.js";
import { findIssueByMarker, openIssue } from "../github/issues.js";
import { applyLabels } from "../github/labels.js";
import type { Octokit } from "../github/octokit.js";
import { bypassIssueBody, bypassIssueTitle, bypassMarker, type BypassReport } from "../render/bypass-issue.js";
import { MANAGED_LABELS } from "../render/labels.js";
import type { GateDeps } from "./gate.js";

/**
 * Reports a bypass: the `bypassed` label on the PR, an issue calling the CSO, and a `bypass` record. The
 * record is written even when GitHub refuses the label or the issue (and that failure is then thrown), so
 * the trail never misses a bypass.
 */
export async function reportBypass(
  deps: Pick<GateDeps, "audit">,
  octokit: Octokit,
  report: BypassReport & { cso: RoleDefinition | undefined },
  record: { actor: string; at: string; headSha: string | null; configSha: string | null; data: Omit<BypassData, "issue"> },
): Promise<void> {
  // Reported already (this event processed again after a crash, or redelivered): nothing to do.
  const repo = `${report.repo.owner}/${report.repo.repo}`;
  for await (const r of deps.audit.stream(report.pr ? { repo, pr: report.pr.number } : { repo })) {
    if (r.kind === "bypass" && r.pr === (report.pr?.number ?? null) && r.data.after === record.data.after && r.data.issue !== null) return;
  }
  let failure: { error: unknown } | undefined;
  let issue: number | null = null;
  // The issue is found again by its hidden marker before one is opened: a bypass processed again after a
  // crash (or a failure after the issue was opened) is reported once.
  const marker = bypassMarker(report);
  try {
    if (report.pr) await applyLabels(octokit, { ...report.repo, number: report.pr.number }, { add: [MANAGED_LABELS.bypassed], remove: [] });
    issue =
      (await findIssueByMarker(octokit, report.repo, MANAGED_LABELS.bypassed, marker)) ??
      (await openIssue(octokit, report.repo, bypassIssueTitle(report), `${bypassIssueBody(report)}\n\n${marker}`, [MANAGED_LABELS.bypassed]));
  } catch (error) {
    failure = { error };
  }
  const data: BypassData = { ...record.data, issue };
  await deps.audit.append({
    kind: "bypass",
    actor: record.actor,
    at: record.at,
    repo,
    pr: report.pr?.number ?? null,
    headSha: record.headSha,
    configSha: record.configSha,
    data,
  });
  if (failure !== undefined) throw failure.error;
}
