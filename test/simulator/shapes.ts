import type { GitHubState, SimCheckRun, SimComment, SimIssue, SimLabel, SimPrFile, SimPullRequest, SimRepo, SimReview, SimTeam } from "./state.js";

/**
 * Renders simulator state as GitHub's JSON. The REST routes and the webhook payload builders both use these,
 * so a PR fetched through the API and the PR in a webhook can never disagree. Only the fields a client
 * plausibly reads are present; URLs point at api.github.com / github.com whatever address served them.
 */

/** A JSON object. */
export type Json = Record<string, unknown>;

export const API = "https://api.github.com";
export const WEB = "https://github.com";

/** An opaque GraphQL-style node id (clients only pass it back). */
export function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString("base64");
}

/** `{ login, id, type, … }` for any account. */
export function userShape(state: GitHubState, login: string): Json {
  const user = state.user(login);
  const plain = user.login.replace(/\[bot\]$/, "");
  const isBot = user.type === "Bot";
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(isBot ? "Bot" : "User", user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: "",
    url: `${API}/users/${encodeURIComponent(user.login)}`,
    html_url: isBot ? `${WEB}/apps/${plain}` : `${WEB}/${user.login}`,
    type: user.type,
    site_admin: false,
  };
}

/** The app as `GET /app` and `performed_via_github_app` show it. */
export function appShape(state: GitHubState): Json {
  const { app } = state;
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId("Integration", app.id),
    owner: userShape(state, app.owner),
    name: app.name,
    description: "Clinical safety review in the pull request (simulated)",
    external_url: "https://example.invalid/clinical-safety-gate",
    html_url: `${WEB}/apps/${app.slug}`,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    // app.yml's (test/integration/least-privilege.test.ts keeps the two equal).
    permissions: {
      checks: "write",
      contents: "read",
      issues: "write",
      members: "read",
      merge_queues: "read",
      metadata: "read",
      pull_requests: "write",
      statuses: "read",
    },
    events: ["check_run", "issue_comment", "merge_group", "pull_request", "pull_request_review", "push"],
  };
}

/** A repository (the subset clients read, and that webhook payloads carry). */
export function repoShape(state: GitHubState, repo: SimRepo): Json {
  const fullName = `${repo.owner}/${repo.name}`;
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: fullName,
    private: repo.private,
    owner: userShape(state, repo.owner),
    html_url: `${WEB}/${fullName}`,
    description: null,
    fork: false,
    url: `${API}/repos/${fullName}`,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    pushed_at: repo.createdAt,
    archived: false,
    disabled: false,
    visibility: repo.private ? "private" : "public",
    default_branch: repo.defaultBranch,
  };
}

/** A label. */
export function labelShape(repo: SimRepo, label: SimLabel): Json {
  return {
    id: label.id,
    node_id: nodeId("Label", label.id),
    url: `${API}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

/** OWNER / COLLABORATOR / MEMBER / NONE, from what the simulator knows about the person. */
export function authorAssociation(state: GitHubState, repo: SimRepo, login: string): string {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
  if (repo.permissions[login.toLowerCase()]) return "COLLABORATOR";
  const member = state.memberships.some(
    (m) => m.org.toLowerCase() === repo.owner.toLowerCase() && m.login.toLowerCase() === login.toLowerCase() && m.state === "active",
  );
  return member ? "MEMBER" : "NONE";
}

function labelsOf(state: GitHubState, item: SimIssue | SimPullRequest): Json[] {
  const repo = state.requireRepo(item.owner, item.repo);
  return state.labelsOf(item).map((l) => labelShape(repo, l));
}

/** GitHub sends `null`, not "", for an empty PR or issue description. */
function nullable(text: string): string | null {
  return text === "" ? null : text;
}

function branchShape(state: GitHubState, repo: SimRepo, ref: string, sha: string, pr: SimPullRequest): Json {
  return {
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: userShape(state, pr.user),
    repo: repoShape(state, repo),
  };
}

/** A pull request as `GET /repos/:o/:r/pulls/:n` returns it. */
export function pullRequestShape(state: GitHubState, pr: SimPullRequest): Json {
  const repo = state.requireRepo(pr.owner, pr.repo);
  const api = `${API}/repos/${repo.owner}/${repo.name}`;
  const web = `${WEB}/${repo.owner}/${repo.name}`;
  return {
    url: `${api}/pulls/${pr.number}`,
    id: pr.id,
    node_id: nodeId("PullRequest", pr.id),
    html_url: `${web}/pull/${pr.number}`,
    diff_url: `${web}/pull/${pr.number}.diff`,
    patch_url: `${web}/pull/${pr.number}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: userShape(state, pr.user),
    body: nullable(pr.body),
    labels: labelsOf(state, pr),
    milestone: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.merged ? (pr.mergeCommitSha ?? pr.headSha) : null,
    assignee: null,
    assignees: [],
    requested_reviewers: pr.requestedReviewers.map((login) => userShape(state, login)),
    requested_teams: pr.requestedTeams.flatMap((slug) => {
      const team = state.team(repo.owner, slug);
      return team ? [teamShape(team)] : [];
    }),
    head: branchShape(state, repo, pr.headRef, pr.headSha, pr),
    base: branchShape(state, repo, pr.baseRef, pr.baseSha, pr),
    author_association: authorAssociation(state, repo, pr.user),
    draft: pr.draft,
    merged: pr.merged,
    mergeable: null,
    mergeable_state: "unknown",
    merged_by: pr.merged ? userShape(state, pr.mergedBy ?? repo.owner) : null,
    comments: state.commentsOn(pr).length,
    review_comments: 0,
    commits: pr.headHistory.length,
    additions: pr.files.reduce((sum, f) => sum + f.additions, 0),
    deletions: pr.files.reduce((sum, f) => sum + f.deletions, 0),
    // The real count, even past the 3000 the files API lists.
    changed_files: pr.files.length,
  };
}

/** An issue, or a PR seen through the issues API (then with a `pull_request` key). */
export function issueShape(state: GitHubState, item: SimIssue | SimPullRequest): Json {
  const repo = state.requireRepo(item.owner, item.repo);
  const api = `${API}/repos/${repo.owner}/${repo.name}`;
  const web = `${WEB}/${repo.owner}/${repo.name}`;
  const shape: Json = {
    url: `${api}/issues/${item.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${item.number}/labels{/name}`,
    comments_url: `${api}/issues/${item.number}/comments`,
    html_url: item.kind === "pull" ? `${web}/pull/${item.number}` : `${web}/issues/${item.number}`,
    id: item.id,
    node_id: nodeId(item.kind === "pull" ? "PullRequest" : "Issue", item.id),
    number: item.number,
    title: item.title,
    user: userShape(state, item.user),
    labels: labelsOf(state, item),
    state: item.state,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: state.commentsOn(item).length,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    closed_at: item.closedAt,
    author_association: authorAssociation(state, repo, item.user),
    body: nullable(item.body),
  };
  if (item.kind === "pull") {
    shape.draft = item.draft;
    shape.pull_request = {
      url: `${api}/pulls/${item.number}`,
      html_url: `${web}/pull/${item.number}`,
      diff_url: `${web}/pull/${item.number}.diff`,
      patch_url: `${web}/pull/${item.number}.patch`,
      merged_at: item.mergedAt,
    };
  }
  return shape;
}

/** An issue comment. */
export function commentShape(state: GitHubState, comment: SimComment): Json {
  const repo = state.requireRepo(comment.owner, comment.repo);
  const api = `${API}/repos/${repo.owner}/${repo.name}`;
  const item = state.issueOrPull({ owner: repo.owner, repo: repo.name, number: comment.issueNumber });
  const kind = item?.kind === "pull" ? "pull" : "issues";
  return {
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${WEB}/${repo.owner}/${repo.name}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: nodeId("IssueComment", comment.id),
    user: userShape(state, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: comment.viaApp ? "NONE" : authorAssociation(state, repo, comment.user),
    body: comment.body,
    performed_via_github_app: comment.viaApp ? appShape(state) : null,
  };
}

/** A pull request review. */
export function reviewShape(state: GitHubState, review: SimReview): Json {
  const repo = state.requireRepo(review.owner, review.repo);
  const web = `${WEB}/${repo.owner}/${repo.name}/pull/${review.pullNumber}`;
  return {
    id: review.id,
    node_id: nodeId("PullRequestReview", review.id),
    user: userShape(state, review.user),
    body: review.body,
    state: review.state,
    html_url: `${web}#pullrequestreview-${review.id}`,
    pull_request_url: `${API}/repos/${repo.owner}/${repo.name}/pulls/${review.pullNumber}`,
    author_association: authorAssociation(state, repo, review.user),
    submitted_at: review.submittedAt,
    commit_id: review.commitId,
  };
}

/** A changed file as `GET /repos/:o/:r/pulls/:n/files` lists it. */
export function prFileShape(repo: SimRepo, pr: SimPullRequest, file: SimPrFile): Json {
  const shape: Json = {
    sha: file.sha,
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${WEB}/${repo.owner}/${repo.name}/blob/${pr.headSha}/${file.filename}`,
    raw_url: `${WEB}/${repo.owner}/${repo.name}/raw/${pr.headSha}/${file.filename}`,
    contents_url: `${API}/repos/${repo.owner}/${repo.name}/contents/${file.filename}?ref=${pr.headSha}`,
  };
  if (file.previous_filename !== undefined) shape.previous_filename = file.previous_filename;
  return shape;
}

/** The `pull_requests` entries of a check run: open PRs of the repo whose head is the run's commit. */
export function checkRunPullRequests(state: GitHubState, run: SimCheckRun): Json[] {
  const repo = state.requireRepo(run.owner, run.repo);
  const repoRef = { id: repo.id, url: `${API}/repos/${repo.owner}/${repo.name}`, name: repo.name };
  return state.pulls
    .filter((p) => p.owner === repo.owner && p.repo === repo.name && p.state === "open" && p.headSha === run.headSha)
    .map((p) => ({
      url: `${API}/repos/${repo.owner}/${repo.name}/pulls/${p.number}`,
      id: p.id,
      number: p.number,
      head: { ref: p.headRef, sha: p.headSha, repo: repoRef },
      base: { ref: p.baseRef, sha: p.baseSha, repo: repoRef },
    }));
}

/** A check run. */
export function checkRunShape(state: GitHubState, run: SimCheckRun): Json {
  const repo = state.requireRepo(run.owner, run.repo);
  const api = `${API}/repos/${repo.owner}/${repo.name}`;
  return {
    id: run.id,
    node_id: nodeId("CheckRun", run.id),
    head_sha: run.headSha,
    external_id: run.externalId ?? "",
    url: `${api}/check-runs/${run.id}`,
    html_url: `${WEB}/${repo.owner}/${repo.name}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotations.length,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.id },
    app:
      run.otherApp === undefined
        ? appShape(state)
        : {
            ...appShape(state),
            id: run.appId,
            slug: run.otherApp.slug,
            name: run.otherApp.name,
            node_id: nodeId("Integration", run.appId),
            html_url: `${WEB}/apps/${run.otherApp.slug}`,
          },
    pull_requests: checkRunPullRequests(state, run),
  };
}

/** A team as GitHub lists it (a PR's `requested_teams`, the requested reviewers' `teams`). */
export function teamShape(team: SimTeam): Json {
  return {
    id: team.id,
    node_id: nodeId("Team", team.id),
    url: `${API}/organizations/${team.org}/team/${team.id}`,
    html_url: `${WEB}/orgs/${team.org}/teams/${team.slug}`,
    name: team.name,
    slug: team.slug,
    description: null,
    privacy: "closed",
    notification_setting: "notifications_enabled",
    permission: "pull",
    members_url: `${API}/organizations/${team.org}/team/${team.id}/members{/member}`,
    repositories_url: `${API}/organizations/${team.org}/team/${team.id}/repos`,
    parent: null,
  };
}
