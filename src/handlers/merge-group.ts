/**
 * `merge_group.checks_requested`: GitHub's merge queue built a group and waits for the required checks on its
 * commit. Read (the group's commits and files, each PR's snapshot, the hazard log the group would merge) →
 * judge (core/merge-group.ts, pure) → write (a `merge-group` record per PR, then the check on the group's
 * commit). Without this a queued PR waits for a "Clinical safety" check that never comes, until the queue
 * times out. Any error gives a failing check with the reason: a group is never passed by default.
 */
import type { Context } from "probot";
import type { MergeGroupData } from "../audit/evidence.js";
import type { AuditInput } from "../audit/record.js";
import { loadConfig } from "../config/load.js";
import { DEFAULT_CHECK_NAME } from "../config/schema.js";
import { branchName, protectedBranches, protectsBranch } from "../core/branches.js";
import { judgeMergeGroup, parseQueueRef, prNumbersInMessages, type MergeGroupVerdict, type QueuedPr } from "../core/merge-group.js";
import { decide } from "../core/plan.js";
import type { GateConfig, HazardLogView } from "../core/types.js";
import { contentReader } from "../github/content.js";
import type { Octokit } from "../github/octokit.js";
import { safeError, type GateDeps } from "./gate.js";
import { describeFailure } from "./publish.js";
import { readHazardLogAt, readSnapshot } from "./read-snapshot.js";
import { publishCheck } from "./write-plan.js";

/** GitHub lists at most this many files of a comparison; a group with more cannot be shown to be covered. */
const COMPARE_FILE_LIMIT = 300;

type Repo = { owner: string; repo: string };
type Group = Context<"merge_group.checks_requested">["payload"]["merge_group"];

export async function onMergeGroup(deps: GateDeps, context: Context<"merge_group.checks_requested">): Promise<void> {
  const { merge_group: group, repository } = context.payload;
  // GitHub always sends the repository of a merge group; typed optional, it is checked rather than assumed.
  if (!repository) throw new Error("merge_group event without a repository");
  const repo = { owner: repository.owner.login, repo: repository.name };
  const loaded = await loadConfig(contentReader(context.octokit), { ...repo, defaultBranch: repository.default_branch }).catch((error: unknown) => ({
    state: "error" as const,
    error,
  }));
  const checkName = loaded.state === "ok" ? loaded.config.check.name : DEFAULT_CHECK_NAME;
  const queueRef = parseQueueRef(group.head_ref);
  const baseRef = branchName(group.base_ref);
  let verdict: MergeGroupVerdict;
  let prs: QueuedPr[] = [];
  try {
    if (loaded.state === "error") throw loaded.error;
    if (loaded.state !== "ok") {
      verdict = judgeMergeGroup({
        protectedBase: true,
        baseRef,
        protectedBranches: [repository.default_branch],
        configProblem: loaded.state === "missing" ? "there is no .github/clinical-safety.yml on the default branch" : "its configuration is invalid",
        prs: [],
        unaccountedFiles: [],
      });
    } else if (!protectsBranch(loaded.config, baseRef, repository.default_branch)) {
      verdict = judgeMergeGroup({
        protectedBase: false,
        baseRef,
        protectedBranches: protectedBranches(loaded.config, repository.default_branch),
        prs: [],
        unaccountedFiles: [],
      });
    } else {
      const read = await readGroup(deps, context.octokit, repo, repository.default_branch, loaded.config, group);
      prs = read.prs;
      verdict = judgeMergeGroup({
        protectedBase: true,
        baseRef,
        protectedBranches: protectedBranches(loaded.config, repository.default_branch),
        ...(queueRef ? { queueRef } : {}),
        prs,
        unaccountedFiles: read.unaccountedFiles,
        ...(read.incomplete ? { incomplete: read.incomplete } : {}),
      });
    }
    await deps.audit.appendAll(await newRecords(deps, repo, group, baseRef, loaded.state === "ok" ? (loaded.sha ?? null) : null, prs, verdict));
  } catch (error) {
    context.log.error(
      { err: safeError(error), repo: repository.full_name, group: group.head_sha },
      "could not judge the merge group; failing its check",
    );
    verdict = {
      conclusion: "failure",
      title: "Merge group blocked: the clinical safety gate could not judge it",
      summary: `${describeFailure(error).message}\n\nThe group is not passed without a judgement. Re-queue the pull requests to try again.`,
      prs: [],
    };
    await publish(deps, context.octokit, repo, queueRef?.pr ?? 0, group.head_sha, checkName, verdict, true).catch((publishError: unknown) =>
      context.log.error({ err: safeError(publishError) }, "could not publish the failing merge group check either"),
    );
    throw error;
  }
  await publish(deps, context.octokit, repo, queueRef?.pr ?? 0, group.head_sha, checkName, verdict);
  context.log.info({ repo: repository.full_name, group: group.head_sha, conclusion: verdict.conclusion }, `merge group: ${verdict.title}`);
}

async function publish(
  deps: GateDeps,
  octokit: Octokit,
  repo: Repo,
  number: number,
  headSha: string,
  name: string,
  verdict: MergeGroupVerdict,
  storeMayFail = false,
): Promise<void> {
  const check = { name, headSha, conclusion: verdict.conclusion, title: verdict.title, summary: verdict.summary, annotations: [] };
  await publishCheck(octokit, deps.store, { ...repo, number }, check, storeMayFail);
}

/**
 * The group's PRs, each evaluated now as the gate would evaluate it on any event (without writing to it), and
 * what the group changes that none of them does.
 */
async function readGroup(
  deps: GateDeps,
  octokit: Octokit,
  repo: Repo,
  defaultBranch: string,
  config: GateConfig,
  group: Group,
): Promise<{ prs: QueuedPr[]; unaccountedFiles: string[]; incomplete?: string }> {
  const queueRef = parseQueueRef(group.head_ref);
  if (!queueRef) return { prs: [], unaccountedFiles: [] };
  const { data: compare } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${group.base_sha}...${group.head_sha}` });
  if (compare.total_commits > compare.commits.length) {
    return { prs: [], unaccountedFiles: [], incomplete: `the group has ${compare.total_commits} commits, more than GitHub lists in one comparison` };
  }
  const files = compare.files ?? [];
  if (files.length >= COMPARE_FILE_LIMIT) {
    return {
      prs: [],
      unaccountedFiles: [],
      incomplete: `the group changes ${COMPARE_FILE_LIMIT} files or more, more than GitHub lists, so the gate cannot show every change belongs to a checked pull request; merge these pull requests one at a time`,
    };
  }
  const candidates = [queueRef.pr, ...prNumbersInMessages(compare.commits.map((c) => c.commit.message)).filter((n) => n !== queueRef.pr)];
  const botLogin = await deps.botLogin();
  const groupLog = await readHazardLogAt(octokit, repo, config, group.head_sha);
  const prs: QueuedPr[] = [];
  const covered = new Set<string>();
  for (const number of candidates) {
    const named = number === queueRef.pr;
    if (!named) {
      // A number in a commit message is only a candidate: an open PR into the group's base, or nothing.
      const pr = await octokit.rest.pulls.get({ ...repo, pull_number: number }).then(
        (r) => r.data,
        (error: { status?: number }) => {
          if (error.status === 404) return undefined;
          throw error;
        },
      );
      if (!pr || pr.state !== "open" || pr.base.ref !== queueRef.base) continue;
    }
    const snapshot = await readSnapshot(octokit, deps, { ...repo, number }, { defaultBranch, botLogin });
    for (const f of snapshot.pr.files) {
      covered.add(f.path);
      if (f.previousPath) covered.add(f.previousPath);
    }
    const plan = decide(snapshot, { kind: "evaluate" });
    const e = plan.evaluation;
    prs.push({
      number,
      title: snapshot.pr.title,
      queuedHead: named ? queueRef.headSha : snapshot.pr.headSha,
      evaluation: { state: e.state, headSha: e.headSha, headline: e.headline },
      changedHazards: changedEntries(
        e.hazards.linked.map((h) => h.id),
        snapshot.hazardLog,
        groupLog,
      ),
      ...(snapshot.pr.filesTruncated ? { error: "it changes more files than GitHub lists" } : {}),
    });
  }
  const unaccountedFiles = files
    .filter((f) => !covered.has(f.filename) && !(f.previous_filename && covered.has(f.previous_filename)))
    .map((f) => f.filename);
  return { prs, unaccountedFiles };
}

/** Linked hazards whose entry differs (or is missing) between the log the PR was judged with and the group's. */
function changedEntries(ids: readonly string[], judged: HazardLogView, merging: HazardLogView): string[] {
  const entry = (view: HazardLogView, id: string) =>
    view.state === "ok" ? JSON.stringify(view.hazards.find((h) => h.id === id) ?? null) : "unreadable";
  return ids.filter((id) => entry(judged, id) !== entry(merging, id));
}

/**
 * One `merge-group` record per PR of the group, unless the same judgement of the same group is already in
 * its trail (a delivery tried again after a crash between recording and publishing).
 */
async function newRecords(
  deps: GateDeps,
  repo: Repo,
  group: Group,
  baseRef: string,
  configSha: string | null,
  prs: readonly QueuedPr[],
  verdict: MergeGroupVerdict,
): Promise<AuditInput[]> {
  const botLogin = await deps.botLogin();
  const at = deps.now().toISOString();
  const fullName = `${repo.owner}/${repo.repo}`;
  const out: AuditInput[] = [];
  if (prs.length === 0 && verdict.conclusion === "failure") {
    // Blocked before any PR could be told: the group's own record, outside any PR.
    const data: MergeGroupData = {
      title: "",
      baseRef,
      queuedHead: "",
      conclusion: verdict.conclusion,
      checkTitle: verdict.title,
      passed: false,
      reason: verdict.summary,
      group: [],
    };
    return [{ kind: "merge-group", actor: botLogin, at, repo: fullName, pr: null, headSha: group.head_sha, configSha, data }];
  }
  for (const pr of prs) {
    const v = verdict.prs.find((x) => x.number === pr.number);
    let seen = false;
    for await (const r of deps.audit.stream({ repo: fullName, pr: pr.number })) {
      if (r.kind === "merge-group" && r.headSha === group.head_sha && (r.data as MergeGroupData).conclusion === verdict.conclusion) seen = true;
    }
    if (seen) continue;
    const data: MergeGroupData = {
      title: pr.title,
      baseRef,
      queuedHead: pr.queuedHead,
      conclusion: verdict.conclusion,
      checkTitle: verdict.title,
      passed: v?.passed ?? false,
      reason: v?.reason ?? null,
      group: verdict.prs.map((x) => ({ number: x.number, passed: x.passed })),
    };
    out.push({ kind: "merge-group", actor: botLogin, at, repo: fullName, pr: pr.number, headSha: group.head_sha, configSha, data });
  }
  return out;
}
