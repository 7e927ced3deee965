import { randomUUID } from "node:crypto";
import examplesModule from "@octokit/webhooks-examples" with { type: "json" };
import type { WebhookDefinition } from "@octokit/webhooks-examples";
import type { Context } from "probot";
import {
  API,
  WEB,
  checkRunPullRequests,
  checkRunShape,
  commentShape,
  issueShape,
  labelShape,
  nodeId,
  pullRequestShape,
  repoShape,
  reviewShape,
  userShape,
  type Json,
} from "./shapes.js";
import type { GitHubState, IssueRef, SimRepo } from "./state.js";

/**
 * Webhook events built from GitHub's real example payloads (@octokit/webhooks-examples), deep-cloned, with
 * every field that must agree with the simulator overwritten from the current state. Starting from the real
 * examples keeps the fields nobody thought to model; overwriting from state keeps a payload and the API
 * telling the same story. Each builder returns a whole event, ready for `probot.receive(event)` or
 * `deliverWebhook({ appUrl, secret, ...event })`.
 */

// The package's typings describe a CommonJS default export; at runtime the JSON import is the array itself.
const DEFINITIONS = examplesModule as unknown as WebhookDefinition[];

/** The event families the builders produce. */
export type SimEventName = "pull_request" | "issue_comment" | "pull_request_review" | "check_run" | "push" | "merge_group";

/** A webhook event: what `probot.receive` takes and what `deliverWebhook` sends. */
export interface SimWebhookEvent<N extends SimEventName> {
  id: string;
  name: N;
  payload: Context<N>["payload"];
}

/** A deep clone of the first real example of this event (and action) that satisfies `accept`. */
export function realExample(name: SimEventName, action: string | undefined, accept: (p: Json) => boolean = () => true): Json {
  const definition = DEFINITIONS.find((d) => d.name === name);
  const found = (definition?.examples as unknown as Json[] | undefined)?.find((e) => (action === undefined || e.action === action) && accept(e));
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${name}${action ? `.${action}` : ""} example`);
  return structuredClone(found);
}

/** Replaces every occurrence of `from` inside string values (the example's URLs name its own repository). */
function rewriteStrings(value: unknown, from: string, to: string): unknown {
  if (typeof value === "string") return value.split(from).join(to);
  if (Array.isArray(value)) return value.map((v) => rewriteStrings(v, from, to));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteStrings(v, from, to)]));
  }
  return value;
}

function asObject(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function organizationShape(state: GitHubState, repo: SimRepo): Json {
  const org = state.user(repo.owner);
  const api = `${API}/orgs/${repo.owner}`;
  return {
    login: repo.owner,
    id: org.id,
    node_id: nodeId("Organization", org.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${org.id}?v=4`,
    description: null,
  };
}

/**
 * Overwrites the parts every event shares (repository, sender, installation, organization) and rewrites the
 * example's own repository name in URLs, then wraps it as an event.
 */
function finish<N extends SimEventName>(state: GitHubState, name: N, example: Json, repo: SimRepo, sender: string): SimWebhookEvent<N> {
  const exampleRepo = asObject(example.repository);
  const exampleFullName = typeof exampleRepo.full_name === "string" ? exampleRepo.full_name : undefined;
  const payload = asObject(exampleFullName ? rewriteStrings(example, exampleFullName, `${repo.owner}/${repo.name}`) : example);
  payload.repository = { ...asObject(payload.repository), ...repoShape(state, repo) };
  payload.sender = userShape(state, sender);
  payload.installation = { id: repo.installationId, node_id: nodeId("Installation", repo.installationId) };
  if (repo.ownerType === "Organization") payload.organization = organizationShape(state, repo);
  else delete payload.organization;
  return { id: randomUUID(), name, payload: payload as unknown as Context<N>["payload"] };
}

// ---------------------------------------------------------------------------------------------------------
// pull_request
// ---------------------------------------------------------------------------------------------------------

export type PullRequestAction =
  "opened" | "reopened" | "synchronize" | "labeled" | "unlabeled" | "edited" | "ready_for_review" | "converted_to_draft" | "closed";

export interface PullRequestEventOptions extends IssueRef {
  /** Who acted; default the PR author. */
  sender?: string;
  /** For labeled/unlabeled: the label added or removed. */
  label?: string;
  /** For synchronize: the previous head; default the head before the last push. */
  before?: string;
  /** For edited: what changed; default what the last `editPullRequest` replaced. */
  changes?: { title?: { from: string }; body?: { from: string } };
}

/** A `pull_request` event for the PR as it is now in the state. */
export function pullRequestEvent(state: GitHubState, action: PullRequestAction, options: PullRequestEventOptions): SimWebhookEvent<"pull_request"> {
  const pr = state.requirePull(options);
  const repo = state.requireRepo(pr.owner, pr.repo);
  // The examples have no `edited` pull_request; `opened` has the same shape apart from `changes`.
  const example = realExample("pull_request", action === "edited" ? "opened" : action);
  example.action = action;
  example.number = pr.number;
  example.pull_request = { ...asObject(example.pull_request), ...pullRequestShape(state, pr) };

  if (action === "labeled" || action === "unlabeled") {
    if (!options.label) throw new Error(`pull_request.${action} needs the label`);
    const label = state.repoLabel(repo, options.label, true);
    example.label = label ? labelShape(repo, label) : undefined;
  }
  if (action === "synchronize") {
    example.before = options.before ?? pr.headHistory.at(-2) ?? pr.baseSha;
    example.after = pr.headSha;
  }
  if (action === "edited") {
    const changes: Json = {};
    const title = options.changes?.title?.from ?? pr.previous?.title;
    const body = options.changes?.body?.from ?? pr.previous?.body;
    if (title !== undefined) changes.title = { from: title };
    if (body !== undefined) changes.body = { from: body };
    example.changes = changes;
  }
  return finish(state, "pull_request", example, repo, options.sender ?? pr.user);
}

// ---------------------------------------------------------------------------------------------------------
// issue_comment
// ---------------------------------------------------------------------------------------------------------

export interface IssueCommentEventOptions {
  owner: string;
  repo: string;
  commentId: number;
  /** Who acted; default the comment's author. */
  sender?: string;
  /** For edited: the body before; default what the last `editComment` replaced. */
  from?: string;
}

/** An `issue_comment` event for a comment in the state (on a PR, the issue carries `pull_request`). */
export function issueCommentEvent(
  state: GitHubState,
  action: "created" | "edited" | "deleted",
  options: IssueCommentEventOptions,
): SimWebhookEvent<"issue_comment"> {
  const comment = state.comment(options.commentId);
  const repo = state.requireRepo(options.owner, options.repo);
  if (!comment || comment.owner !== repo.owner || comment.repo !== repo.name) {
    throw new Error(`no comment ${options.commentId} in ${options.owner}/${options.repo}`);
  }
  const item = state.issueOrPull({ owner: repo.owner, repo: repo.name, number: comment.issueNumber });
  if (!item) throw new Error(`comment ${comment.id} is on a missing issue`);
  const example = realExample("issue_comment", action);
  example.issue = { ...asObject(example.issue), ...issueShape(state, item) };
  example.comment = { ...asObject(example.comment), ...commentShape(state, comment) };
  if (action === "edited") {
    const from = options.from ?? comment.previousBody;
    if (from === undefined) throw new Error("issue_comment.edited needs `from` (or an editComment first)");
    example.changes = { body: { from } };
  }
  return finish(state, "issue_comment", example, repo, options.sender ?? comment.user);
}

// ---------------------------------------------------------------------------------------------------------
// pull_request_review
// ---------------------------------------------------------------------------------------------------------

export interface ReviewEventOptions {
  owner: string;
  repo: string;
  reviewId: number;
  /** Who acted; default the reviewer. */
  sender?: string;
}

/** A `pull_request_review` event for a review in the state. */
export function reviewEvent(
  state: GitHubState,
  action: "submitted" | "dismissed",
  options: ReviewEventOptions,
): SimWebhookEvent<"pull_request_review"> {
  const review = state.reviews.find((r) => r.id === options.reviewId);
  const repo = state.requireRepo(options.owner, options.repo);
  if (!review || review.owner !== repo.owner || review.repo !== repo.name) {
    throw new Error(`no review ${options.reviewId} in ${options.owner}/${options.repo}`);
  }
  const pr = state.requirePull({ owner: repo.owner, repo: repo.name, number: review.pullNumber });
  const example = realExample("pull_request_review", action);
  // The REST API says "APPROVED"; the webhook says "approved".
  example.review = { ...asObject(example.review), ...reviewShape(state, review), state: review.state.toLowerCase() };
  example.pull_request = { ...asObject(example.pull_request), ...pullRequestShape(state, pr) };
  return finish(state, "pull_request_review", example, repo, options.sender ?? review.user);
}

// ---------------------------------------------------------------------------------------------------------
// check_run
// ---------------------------------------------------------------------------------------------------------

/** A `check_run.rerequested` event ("Re-run" clicked) for a check run in the state. */
export function checkRunRerequestedEvent(
  state: GitHubState,
  options: { owner: string; repo: string; checkRunId: number; sender: string },
): SimWebhookEvent<"check_run"> {
  const run = state.checkRuns.find((c) => c.id === options.checkRunId);
  const repo = state.requireRepo(options.owner, options.repo);
  if (!run || run.owner !== repo.owner || run.repo !== repo.name) {
    throw new Error(`no check run ${options.checkRunId} in ${options.owner}/${options.repo}`);
  }
  const example = realExample("check_run", "rerequested");
  const shape = checkRunShape(state, run);
  const pullRequests = checkRunPullRequests(state, run);
  const headPr = state.pulls.find((p) => p.owner === repo.owner && p.repo === repo.name && p.headSha === run.headSha);
  const checkRun = { ...asObject(example.check_run), ...shape };
  checkRun.check_suite = {
    ...asObject(asObject(example.check_run).check_suite),
    id: run.id,
    head_branch: headPr?.headRef ?? null,
    head_sha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    url: `${API}/repos/${repo.owner}/${repo.name}/check-suites/${run.id}`,
    before: null,
    after: run.headSha,
    pull_requests: pullRequests,
    app: shape.app,
  };
  example.check_run = checkRun;
  return finish(state, "check_run", example, repo, options.sender);
}

// ---------------------------------------------------------------------------------------------------------
// push
// ---------------------------------------------------------------------------------------------------------

export interface PushEventOptions {
  owner: string;
  repo: string;
  branch: string;
  /** Default: the parent of `after`. */
  before?: string;
  /** Default: the branch's current commit. */
  after?: string;
  /** Who pushed; default the repository owner. */
  sender?: string;
}

/** The added/modified/removed paths between two snapshots. */
function diffTrees(before: Record<string, string>, after: Record<string, string>) {
  const added: string[] = [];
  const modified: string[] = [];
  const removed: string[] = [];
  for (const [path, text] of Object.entries(after)) {
    if (!(path in before)) added.push(path);
    else if (before[path] !== text) modified.push(path);
  }
  for (const path of Object.keys(before)) if (!(path in after)) removed.push(path);
  return { added, modified, removed };
}

/** A `push` event to a branch, with one entry per commit between `before` and `after`, diffed from state. */
export function pushEvent(state: GitHubState, options: PushEventOptions): SimWebhookEvent<"push"> {
  const repo = state.requireRepo(options.owner, options.repo);
  const after = options.after ?? repo.branches[options.branch];
  if (!after || !repo.commits[after]) throw new Error(`no commit for ${options.branch} in ${repo.owner}/${repo.name}`);
  const before = options.before ?? repo.commits[after]?.parent ?? "0000000000000000000000000000000000000000";

  // Walk back from `after` to `before` along first parents, then list oldest first.
  const chain = [];
  for (let sha: string | null = after; sha && sha !== before; sha = repo.commits[sha]?.parent ?? null) {
    const commit = repo.commits[sha];
    if (!commit) break;
    chain.unshift(commit);
  }
  const commits = chain.map((commit) => {
    const parentTree = commit.parent ? (repo.trees[commit.parent] ?? {}) : {};
    const person = { name: commit.author, email: `${commit.author}@users.noreply.github.com`, username: commit.author };
    return {
      id: commit.sha,
      tree_id: commit.sha,
      distinct: true,
      message: commit.message,
      timestamp: commit.timestamp,
      url: `${WEB}/${repo.owner}/${repo.name}/commit/${commit.sha}`,
      author: person,
      committer: person,
      ...diffTrees(parentTree, repo.trees[commit.sha] ?? {}),
    };
  });

  const example = realExample("push", undefined, (e) => typeof e.ref === "string" && e.ref.startsWith("refs/heads/"));
  const sender = options.sender ?? repo.owner;
  Object.assign(example, {
    ref: `refs/heads/${options.branch}`,
    before,
    after,
    created: /^0+$/.test(before),
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `${WEB}/${repo.owner}/${repo.name}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
    commits,
    head_commit: commits.at(-1) ?? null,
    pusher: { name: sender, email: `${sender}@users.noreply.github.com` },
  });
  const event = finish(state, "push", example, repo, sender);
  // Push payloads describe the repository slightly differently: unix-second timestamps and `master_branch`.
  const repository = asObject((event.payload as unknown as Json).repository);
  const seconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
  Object.assign(repository, {
    created_at: seconds(repo.createdAt),
    pushed_at: seconds(state.now()),
    master_branch: repo.defaultBranch,
  });
  return event;
}

// ---------------------------------------------------------------------------------------------------------
// merge_group
// ---------------------------------------------------------------------------------------------------------

/** `merge_group.checks_requested` for a group built by `GitHubState.buildMergeGroup`, sent as GitHub does (by the queue). */
export function mergeGroupEvent(
  state: GitHubState,
  options: { owner: string; repo: string; group: { headSha: string; baseSha: string; headRef: string; baseRef: string } },
): SimWebhookEvent<"merge_group"> {
  const repo = state.requireRepo(options.owner, options.repo);
  const example = realExample("merge_group", "checks_requested");
  const commit = repo.commits[options.group.headSha];
  if (!commit) throw new Error(`no commit ${options.group.headSha}`);
  const person = { name: commit.author, email: `${commit.author}@users.noreply.github.com` };
  example.merge_group = {
    head_sha: options.group.headSha,
    head_ref: options.group.headRef,
    base_sha: options.group.baseSha,
    base_ref: options.group.baseRef,
    head_commit: {
      id: commit.sha,
      tree_id: commit.sha,
      message: commit.message,
      timestamp: commit.timestamp,
      author: person,
      committer: person,
    },
  };
  return finish(state, "merge_group", example, repo, "github-merge-queue[bot]");
}
