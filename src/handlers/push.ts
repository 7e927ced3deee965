import type { Context } from "probot";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { CONFIG_PATH } from "../config/extends-ref.js";
import { DEFAULT_CHECK_NAME, DEFAULT_HAZARD_LOG_PATH } from "../config/schema.js";
import { branchName, protectsBranch } from "../core/branches.js";
import { gatePassedOn } from "../github/check-run.js";
import { directPushBypass } from "../core/direct-push.js";
import { contentReader } from "../github/content.js";
import { mergedPullsOf } from "../github/commit-pulls.js";
import { runGate, safeError, type GateDeps } from "./gate.js";
import { reportBypass } from "./report-bypass.js";

/** GitHub's push payload lists at most this many commits; with more, some files are unknown. */
const PUSH_COMMIT_LIMIT = 20;

/**
 * A push to a branch. To the default branch, when it changes the gate's configuration or the hazard log,
 * every open PR is evaluated again: a PR that passed under the old rules must not keep a passing check under
 * the new ones. To any branch the gate protects (`branches:`), a push that touches rule paths without a PR
 * is a bypass (a PR's merge is left to the merge handler, a merge queue's to its passing check).
 */
export async function onPush(deps: GateDeps, context: Context<"push">): Promise<void> {
  const { payload } = context;
  const { repository } = payload;
  if (!payload.ref.startsWith("refs/heads/") || payload.deleted || /^0+$/.test(payload.after)) return;
  const branch = branchName(payload.ref);
  // The merge queue's own temporary branches are built by GitHub from queued PRs; they are not a base.
  if (branch.startsWith("gh-readonly-queue/")) return;
  const isDefault = branch === repository.default_branch;
  const owner = repository.owner?.login ?? repository.full_name.split("/")[0] ?? "";
  const repo = { owner, repo: repository.name };
  const paths = new Set<string>();
  for (const commit of payload.commits)
    for (const p of [...(commit.added ?? []), ...(commit.modified ?? []), ...(commit.removed ?? [])]) paths.add(p);
  // A push with more commits than the payload lists may touch anything: assume it touches what matters.
  const truncated = payload.commits.length >= PUSH_COMMIT_LIMIT;
  const loaded = await loadConfig(contentReader(context.octokit), { ...repo, defaultBranch: repository.default_branch });

  let failure: { error: unknown } | undefined;
  const hazardLog = loaded.state === "ok" ? loaded.config.hazard_log.path : DEFAULT_HAZARD_LOG_PATH;
  if (isDefault && (truncated || paths.has(CONFIG_PATH) || paths.has(hazardLog))) {
    failure = await reevaluateOpenPulls(deps, context, repo);
  }
  // Bypass detection runs whatever happened above; then the first failure, if any, is the event's. With an
  // invalid configuration only the default branch is known to be protected.
  const guarded = loaded.state === "ok" ? protectsBranch(loaded.config, branch, repository.default_branch) : isDefault;
  if (loaded.state !== "missing" && guarded) await detectDirectPush(deps, context, repo, branch, loaded, paths, truncated);
  if (failure !== undefined) throw failure.error;
}

/** Evaluates every open PR again; returns the first failure after trying them all. */
async function reevaluateOpenPulls(
  deps: GateDeps,
  context: Context<"push">,
  repo: { owner: string; repo: string },
): Promise<{ error: unknown } | undefined> {
  const open = await context.octokit.paginate(context.octokit.rest.pulls.list, { ...repo, state: "open", per_page: 100 });
  context.log.info({ repo: `${repo.owner}/${repo.repo}`, prs: open.length }, "configuration or hazard log changed: evaluating open PRs again");
  let failure: { error: unknown } | undefined;
  for (const pr of open) {
    try {
      await runGate(deps, context.octokit, {
        ref: { ...repo, number: pr.number },
        defaultBranch: context.payload.repository.default_branch,
        headSha: pr.head.sha,
        event: { kind: "evaluate" },
        log: context.log,
      });
    } catch (error) {
      failure ??= { error }; // runGate has already left a failing check on that PR
    }
  }
  return failure;
}

async function detectDirectPush(
  deps: GateDeps,
  context: Context<"push">,
  repo: { owner: string; repo: string },
  branch: string,
  loaded: Exclude<LoadedConfig, { state: "missing" }>,
  paths: ReadonlySet<string>,
  truncated: boolean,
): Promise<void> {
  const { payload } = context;
  const { repository } = payload;
  if ((await mergedPullsOf(context.octokit, repo, payload.after)).length > 0) return;
  // A merge queue pushes the commit of the merge group it built, which the gate checked as a whole
  // (handlers/merge-group.ts): a passing check of this app's on that commit is the group's pass.
  if (
    await gatePassedOn(
      context.octokit,
      repo,
      payload.after,
      loaded.state === "ok" ? loaded.config.check.name : DEFAULT_CHECK_NAME,
      await deps.botLogin(),
    )
  )
    return;
  const pusher = payload.pusher.name ?? payload.sender?.login ?? "unknown";
  const at = payload.head_commit?.timestamp ? new Date(payload.head_commit.timestamp).toISOString() : deps.now().toISOString();

  const verdict = directPushBypass(loaded.state === "ok" ? { state: "ok", config: loaded.config } : { state: "invalid", problems: loaded.problems }, {
    ...repo,
    branch,
    after: payload.after,
    pusher,
    paths: [...paths],
    truncated,
  });
  if (!verdict) return;
  const { rules, detail } = verdict;

  context.log.warn({ repo: repository.full_name, after: payload.after }, "clinical safety bypass: direct push to the default branch");
  try {
    await reportBypass(
      deps,
      context.octokit,
      {
        repo,
        push: { pusher, before: payload.before, after: payload.after, ...(branch === repository.default_branch ? {} : { branch }) },
        detail,
        files: [...paths],
        rules,
        cso: loaded.state === "ok" ? loaded.config.roles.cso : undefined,
      },
      {
        actor: pusher,
        at,
        headSha: payload.after,
        configSha: loaded.sha ?? null,
        data: {
          title: payload.head_commit?.message.split("\n")[0] ?? "",
          reason: "direct-push",
          detail,
          files: [...paths],
          rules,
          before: payload.before,
          after: payload.after,
        },
      },
    );
  } catch (error) {
    context.log.error({ err: safeError(error), repo: repository.full_name }, "could not report the direct push (it is recorded)");
    throw error;
  }
}
