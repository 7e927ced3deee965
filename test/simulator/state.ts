import { randomBytes } from "node:crypto";
import type { ChangedFile } from "../../src/core/types.js";
import { fakeCommitSha, gitBlobSha } from "./git.js";

/**
 * An in-memory GitHub. Everything is plain arrays and records so a failing test can print it and a test can
 * reach in and assert on it. Mutations that both the REST routes and the tests need (labels, comments, pushes)
 * live here, so a test that "acts as a human" and the app acting through the API change state the same way.
 */

/** A changed file's status, as the pulls/files API reports it. */
export type FileStatus = ChangedFile["status"];
/** Repository permission levels as `collaborators/:user/permission` reports them. */
export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";
export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";
export type CheckStatus = "queued" | "in_progress" | "completed";
/** The conclusions GitHub accepts from an app (it alone sets `stale`). */
export const CHECK_CONCLUSIONS = ["success", "failure", "neutral", "cancelled", "skipped", "timed_out", "action_required"] as const;
export type CheckConclusion = (typeof CHECK_CONCLUSIONS)[number];

export interface SimUser {
  login: string;
  id: number;
  type: "User" | "Bot" | "Organization";
  /** The profile's display name (`GET /users/{login}` answers `name`); null or absent: none set. */
  name?: string | null;
}

export interface SimApp {
  id: number;
  slug: string;
  name: string;
  /** Login of the account that owns the app. */
  owner: string;
}

export interface SimInstallation {
  id: number;
  /** Login of the account the app is installed on. */
  account: string;
}

export interface SimLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface SimCommit {
  sha: string;
  parent: string | null;
  message: string;
  author: string;
  timestamp: string;
}

export interface SimRepo {
  id: number;
  owner: string;
  ownerType: "Organization" | "User";
  name: string;
  defaultBranch: string;
  private: boolean;
  installationId: number;
  /** Branch name → commit SHA. */
  branches: Record<string, string>;
  /** Commit SHA → (path → text): a full snapshot per commit, so contents by SHA never drift. */
  trees: Record<string, Record<string, string>>;
  commits: Record<string, SimCommit>;
  labels: SimLabel[];
  /** Explicit collaborator permissions; anyone else gets "read" on public and "none" on private repos. */
  permissions: Record<string, Permission>;
  /** Issues and pull requests share one number sequence, as on GitHub. */
  nextNumber: number;
  createdAt: string;
}

/** A changed file of a pull request as stored (the API lists at most 3000 of them). */
export interface SimPrFile {
  filename: string;
  status: FileStatus;
  previous_filename?: string;
  additions: number;
  deletions: number;
  sha: string;
}

/** What a test gives for a changed file; everything but the name has a sensible default. */
export interface PrFileInput {
  filename: string;
  /** Default "modified". */
  status?: FileStatus;
  previous_filename?: string;
  /** Text of the file at the head commit (ignored for "removed"). */
  content?: string;
  additions?: number;
  deletions?: number;
}

export interface SimPullRequest {
  /** Who merged it, when not the repository's owner (the merge queue's bot), and the commit it merged as. */
  mergedBy?: string;
  mergeCommitSha?: string;
  kind: "pull";
  id: number;
  owner: string;
  repo: string;
  number: number;
  title: string;
  body: string;
  user: string;
  draft: boolean;
  state: "open" | "closed";
  merged: boolean;
  mergedAt: string | null;
  closedAt: string | null;
  headRef: string;
  headSha: string;
  /** Every head SHA the PR has had, oldest first (so `synchronize` can say what `before` was). */
  headHistory: string[];
  baseRef: string;
  baseSha: string;
  labels: string[];
  files: SimPrFile[];
  createdAt: string;
  updatedAt: string;
  /** Title/body before the last `editPullRequest`, for `changes` in an `edited` event. */
  previous?: { title?: string; body?: string };
  /** Reviews requested and not yet given: logins, and team slugs of the repository owner's organisation. */
  requestedReviewers: string[];
  requestedTeams: string[];
}

export interface SimIssue {
  kind: "issue";
  id: number;
  owner: string;
  repo: string;
  number: number;
  title: string;
  body: string;
  user: string;
  state: "open" | "closed";
  labels: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface SimComment {
  id: number;
  owner: string;
  repo: string;
  issueNumber: number;
  user: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  /** True when the app made it (then the API reports `performed_via_github_app`). */
  viaApp: boolean;
  /** Body before the last edit, for `changes.body.from`. */
  previousBody?: string;
}

export interface SimReview {
  id: number;
  owner: string;
  repo: string;
  pullNumber: number;
  user: string;
  body: string;
  state: ReviewState;
  commitId: string;
  submittedAt: string;
}

export interface SimAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
  raw_details?: string;
  start_column?: number;
  end_column?: number;
}

export interface SimCheckRun {
  id: number;
  owner: string;
  repo: string;
  name: string;
  headSha: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  startedAt: string;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotations: SimAnnotation[] };
  appId: number;
  /** Set for a run made by another app (CI): its slug and name. Absent: the simulated app's own run. */
  otherApp?: { slug: string; name: string };
}

/** A commit status (the Statuses API), as CI that does not use checks sets it. */
export interface SimCommitStatus {
  id: number;
  owner: string;
  repo: string;
  sha: string;
  context: string;
  state: "error" | "failure" | "pending" | "success";
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
}

export interface SimMembership {
  org: string;
  team: string;
  login: string;
  state: "active" | "pending";
  role: "member" | "maintainer";
}

export interface SimTeam {
  id: number;
  org: string;
  slug: string;
  name: string;
}

/** The app's OAuth client credentials (a GitHub App has a client id and secret for signing people in). */
export interface SimOAuthClient {
  clientId: string;
  clientSecret: string;
}

/** A code from the OAuth authorize step, waiting to be exchanged for a token (once, within ten minutes). */
export interface SimOAuthCode {
  login: string;
  clientId: string;
  redirectUri: string;
  /** Wall-clock expiry in ms (see {@link GitHubState.issueOAuthCode}). */
  expiresAtMs: number;
}

/** How a credential acts: as an installation of the app, or as a person. */
export type TokenGrant = { kind: "installation"; installationId: number } | { kind: "user"; login: string };

/** One API call as the simulator saw it; `path` has no `/api/v3` prefix and no query string. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The status the simulator answered with (set once handled). */
  status?: number;
}

export interface Fault {
  method: string;
  path: RegExp;
  status: number;
  remaining: number;
}

export interface AddRepoOptions {
  owner: string;
  name: string;
  /** Default "main". */
  defaultBranch?: string;
  private?: boolean;
  /** Default 1; the installation is created if it does not exist. */
  installationId?: number;
  /** Default "Organization" (teams only exist in organisations). */
  ownerType?: "Organization" | "User";
  /** Files on the default branch. */
  files?: Record<string, string>;
}

export interface OpenPullRequestOptions {
  owner: string;
  repo: string;
  title: string;
  author: string;
  body?: string;
  draft?: boolean;
  /** Default: the repository's next issue number. */
  number?: number;
  /** Default `feature/<number>`. */
  headRef?: string;
  /** Default: a fresh fake SHA. */
  headSha?: string;
  /** Default: the default branch. */
  baseRef?: string;
  labels?: string[];
  files?: PrFileInput[];
}

/** Identifies a pull request or issue. */
export interface IssueRef {
  owner: string;
  repo: string;
  number: number;
}

const DEFAULT_START = "2024-03-01T09:00:00Z";

/** The in-memory GitHub. Create one per test. */
export class GitHubState {
  app: SimApp;
  installations: SimInstallation[] = [];
  users: Record<string, SimUser> = {};
  repos: SimRepo[] = [];
  pulls: SimPullRequest[] = [];
  issues: SimIssue[] = [];
  comments: SimComment[] = [];
  reviews: SimReview[] = [];
  checkRuns: SimCheckRun[] = [];
  commitStatuses: SimCommitStatus[] = [];
  teams: SimTeam[] = [];
  memberships: SimMembership[] = [];
  /**
   * The permissions installation tokens are issued with (`POST /app/installations/:id/access_tokens`); absent:
   * the app's, as app.yml asks them. Set to model an organisation that has not granted one (Members: read).
   */
  installationPermissions?: Record<string, "read" | "write">;
  /** Token → who it acts as. Tokens the simulator did not issue act as the app's installation. */
  tokens: Record<string, TokenGrant> = {};
  /** Every API call, in order. */
  requests: RecordedRequest[] = [];
  /** Calls no route matched (answered 501). Tests assert this stays empty. */
  unhandled: RecordedRequest[] = [];
  faults: Fault[] = [];
  /** The app's OAuth client credentials; tests may replace them. */
  oauthClient: SimOAuthClient = { clientId: "Iv1.simulated0000001", clientSecret: "simulated-client-secret" };
  /** Authorization codes not yet exchanged. */
  oauthCodes: Record<string, SimOAuthCode> = {};

  private clockMs: number;
  private lastId = 1000;
  private commitCount = 0;

  constructor(options: { app?: Partial<SimApp>; now?: string | Date } = {}) {
    this.app = { id: 1, slug: "clinical-safety-gate", name: "Clinical Safety Gate", owner: "acme", ...options.app };
    this.clockMs = new Date(options.now ?? DEFAULT_START).getTime();
  }

  // ---------------------------------------------------------------------------------------------------
  // Clock and ids
  // ---------------------------------------------------------------------------------------------------

  /** The simulated time in GitHub's format (ISO-8601, whole seconds, `Z`). */
  now(): string {
    return new Date(this.clockMs).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** Sets the simulated time. */
  setNow(at: string | Date): void {
    const ms = new Date(at).getTime();
    if (Number.isNaN(ms)) throw new Error(`setNow: not a date: ${String(at)}`);
    this.clockMs = ms;
  }

  /** Moves the simulated time forward. */
  tick(seconds = 1): string {
    this.clockMs += seconds * 1000;
    return this.now();
  }

  /** A fresh id; one sequence for every kind of object so an id of the wrong kind never resolves. */
  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** A fresh fake commit SHA. */
  newSha(): string {
    this.commitCount += 1;
    return fakeCommitSha(this.commitCount);
  }

  // ---------------------------------------------------------------------------------------------------
  // Accounts
  // ---------------------------------------------------------------------------------------------------

  /** The app's bot login, `<slug>[bot]`. */
  get botLogin(): string {
    return `${this.app.slug}[bot]`;
  }

  /** The account for a login, created on first use (bots are recognised by the `[bot]` suffix). */
  user(login: string): SimUser {
    const key = login.toLowerCase();
    let found = this.users[key];
    if (!found) {
      const isOrg = this.repos.some((r) => r.owner.toLowerCase() === key && r.ownerType === "Organization");
      found = { login, id: this.nextId(), type: login.endsWith("[bot]") ? "Bot" : isOrg ? "Organization" : "User" };
      this.users[key] = found;
    }
    return found;
  }

  /** Sets the display name on a person's profile. */
  setUserName(login: string, name: string | null): void {
    this.user(login).name = name;
  }

  /** Issues an installation access token (as `POST /app/installations/:id/access_tokens` does). */
  issueInstallationToken(installationId: number): string {
    const token = `ghs_sim${installationId}x${this.nextId()}`;
    this.tokens[token] = { kind: "installation", installationId };
    return token;
  }

  /** Registers a personal token, so API calls made with it act as that person. */
  addUserToken(token: string, login: string): void {
    this.tokens[token] = { kind: "user", login };
  }

  /**
   * Issues an OAuth authorization code for a person, bound to the client and redirect URI it was asked for.
   * Expiry is in real time, not simulated time, for the same reason as installation tokens: a test that moves
   * the simulated clock must not invalidate a sign-in in flight.
   */
  issueOAuthCode(login: string, clientId: string, redirectUri: string): string {
    const code = `simcode${this.nextId()}${randomBytes(8).toString("hex")}`;
    this.oauthCodes[code] = { login, clientId, redirectUri, expiresAtMs: Date.now() + 10 * 60_000 };
    return code;
  }

  /** Takes a code out (codes are single-use, as on GitHub); undefined when unknown, used or expired. */
  redeemOAuthCode(code: string): SimOAuthCode | undefined {
    const grant = this.oauthCodes[code];
    delete this.oauthCodes[code];
    return grant && grant.expiresAtMs > Date.now() ? grant : undefined;
  }

  /** User tokens revoked (`DELETE /applications/{client_id}/token`): GitHub answers 401 to them from then on. */
  readonly revokedTokens = new Set<string>();

  /** Revokes a user token; false when it is not a live user token. */
  revokeUserToken(token: string): boolean {
    if (this.tokens[token]?.kind !== "user") return false;
    delete this.tokens[token];
    this.revokedTokens.add(token);
    return true;
  }

  /** Issues a user access token (GitHub App user tokens start `ghu_`) that acts as the person. */
  issueUserToken(login: string): string {
    const token = `ghu_sim${this.nextId()}${randomBytes(12).toString("hex")}`;
    this.addUserToken(token, login);
    return token;
  }

  // ---------------------------------------------------------------------------------------------------
  // Repositories and files
  // ---------------------------------------------------------------------------------------------------

  /** Adds a repository (and its installation) with an initial commit on the default branch. */
  addRepo(options: AddRepoOptions): SimRepo {
    if (this.repo(options.owner, options.name)) throw new Error(`repo ${options.owner}/${options.name} exists`);
    const installationId = options.installationId ?? 1;
    if (!this.installations.some((i) => i.id === installationId)) {
      this.installations.push({ id: installationId, account: options.owner });
    }
    const defaultBranch = options.defaultBranch ?? "main";
    const sha = this.newSha();
    const repo: SimRepo = {
      id: this.nextId(),
      owner: options.owner,
      ownerType: options.ownerType ?? "Organization",
      name: options.name,
      defaultBranch,
      private: options.private ?? false,
      installationId,
      branches: { [defaultBranch]: sha },
      trees: { [sha]: { ...options.files } },
      commits: { [sha]: { sha, parent: null, message: "Initial commit", author: options.owner, timestamp: this.now() } },
      labels: [],
      permissions: {},
      nextNumber: 1,
      createdAt: this.now(),
    };
    this.repos.push(repo);
    return repo;
  }

  /** The repository, matched case-insensitively like GitHub does. */
  repo(owner: string, name: string): SimRepo | undefined {
    const o = owner.toLowerCase();
    const n = name.toLowerCase();
    return this.repos.find((r) => r.owner.toLowerCase() === o && r.name.toLowerCase() === n);
  }

  /** Like {@link repo} but throws: for test helpers, where a typo should fail loudly. */
  requireRepo(owner: string, name: string): SimRepo {
    const repo = this.repo(owner, name);
    if (!repo) throw new Error(`no repo ${owner}/${name} in the simulator`);
    return repo;
  }

  /**
   * The commit SHA a ref names: a branch (optionally `refs/heads/…`), a known commit SHA, or (no ref) the
   * default branch. Undefined when the ref is unknown.
   */
  resolveRef(repo: SimRepo, ref?: string): string | undefined {
    if (ref === undefined || ref === "") return repo.branches[repo.defaultBranch];
    const branch = ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : ref;
    return repo.branches[branch] ?? (repo.trees[ref] ? ref : undefined);
  }

  /** The file's text at a ref, or undefined. */
  getFile(owner: string, repo: string, ref: string | undefined, path: string): string | undefined {
    const r = this.requireRepo(owner, repo);
    const sha = this.resolveRef(r, ref);
    return sha === undefined ? undefined : r.trees[sha]?.[path];
  }

  /**
   * Writes a file at a ref, in place. A branch's snapshot is edited without a new commit (use
   * {@link commitToBranch} for a real push); an unknown branch is created from the default branch; an unknown
   * 40-hex ref becomes a new commit with just this file.
   */
  setFile(owner: string, repo: string, ref: string, path: string, text: string): void {
    this.treeForWrite(this.requireRepo(owner, repo), ref)[path] = text;
  }

  /** Deletes a file at a ref, in place (see {@link setFile}). */
  deleteFile(owner: string, repo: string, ref: string, path: string): void {
    delete this.treeForWrite(this.requireRepo(owner, repo), ref)[path];
  }

  private treeForWrite(repo: SimRepo, ref: string): Record<string, string> {
    let sha = this.resolveRef(repo, ref);
    if (sha === undefined) {
      if (/^[0-9a-f]{40}$/.test(ref)) {
        sha = ref;
        repo.trees[sha] = {};
        repo.commits[sha] = { sha, parent: null, message: "Simulated commit", author: repo.owner, timestamp: this.now() };
      } else {
        sha = this.newCommit(repo, { parent: this.resolveRef(repo) ?? null, changes: {}, message: "Create branch", author: repo.owner });
        repo.branches[ref.replace(/^refs\/heads\//, "")] = sha;
      }
    }
    const tree = repo.trees[sha];
    if (!tree) throw new Error(`no tree for ${sha}`);
    return tree;
  }

  /** Records a commit whose tree is `base` (default: the parent's tree) with `changes` applied. */
  private newCommit(
    repo: SimRepo,
    commit: {
      parent: string | null;
      base?: Record<string, string>;
      changes: Record<string, string | null>;
      message: string;
      author: string;
      sha?: string | undefined;
    },
  ): string {
    const { parent, changes, message, author } = commit;
    const sha = commit.sha ?? this.newSha();
    const tree = { ...(commit.base ?? (parent ? repo.trees[parent] : {})) };
    for (const [path, text] of Object.entries(changes)) {
      if (text === null) delete tree[path];
      else tree[path] = text;
    }
    repo.trees[sha] = tree;
    repo.commits[sha] = { sha, parent, message, author, timestamp: this.now() };
    return sha;
  }

  /**
   * Pushes one commit to a branch (null deletes a path). Returns the SHAs before and after, which
   * `pushEvent` needs. Pull requests whose head is this branch move to the new commit.
   */
  commitToBranch(
    owner: string,
    repo: string,
    branch: string,
    changes: Record<string, string | null>,
    options: { message?: string; author?: string; sha?: string } = {},
  ): { before: string; after: string } {
    const r = this.requireRepo(owner, repo);
    const before = r.branches[branch] ?? "0000000000000000000000000000000000000000";
    const parent = r.branches[branch] ?? this.resolveRef(r) ?? null;
    const after = this.newCommit(r, {
      parent,
      changes,
      message: options.message ?? "Simulated commit",
      author: options.author ?? r.owner,
      sha: options.sha,
    });
    r.branches[branch] = after;
    for (const pr of this.pulls) {
      if (pr.state === "open" && this.sameRepo(pr, r) && pr.headRef === branch) this.moveHead(pr, after);
    }
    return { before, after };
  }

  // ---------------------------------------------------------------------------------------------------
  // Pull requests and issues
  // ---------------------------------------------------------------------------------------------------

  /**
   * Opens a pull request. Its head commit is the base snapshot with the changed files applied, so contents
   * at the head SHA agree with the file list.
   */
  openPullRequest(options: OpenPullRequestOptions): SimPullRequest {
    const repo = this.requireRepo(options.owner, options.repo);
    const number = this.takeNumber(repo, options.number);
    const baseRef = options.baseRef ?? repo.defaultBranch;
    const baseSha = repo.branches[baseRef];
    if (!baseSha) throw new Error(`no base branch ${baseRef} in ${repo.owner}/${repo.name}`);
    const headRef = options.headRef ?? `feature/${number}`;
    const inputs = options.files ?? [];
    const headSha = this.newCommit(repo, {
      parent: baseSha,
      changes: fileChanges(repo.trees[baseSha] ?? {}, inputs),
      message: options.title,
      author: options.author,
      sha: options.headSha,
    });
    repo.branches[headRef] = headSha;
    const at = this.now();
    const pr: SimPullRequest = {
      kind: "pull",
      id: this.nextId(),
      owner: repo.owner,
      repo: repo.name,
      number,
      title: options.title,
      body: options.body ?? "",
      user: options.author,
      draft: options.draft ?? false,
      state: "open",
      merged: false,
      mergedAt: null,
      closedAt: null,
      headRef,
      headSha,
      headHistory: [headSha],
      baseRef,
      baseSha,
      labels: [],
      files: prFiles(repo.trees[baseSha] ?? {}, repo.trees[headSha] ?? {}, inputs),
      createdAt: at,
      updatedAt: at,
      requestedReviewers: [],
      requestedTeams: [],
    };
    this.pulls.push(pr);
    this.addLabels({ owner: repo.owner, repo: repo.name, number }, options.labels ?? []);
    return pr;
  }

  /**
   * A push to the PR's branch. With `files`, they become the PR's whole changed-file list (the diff against
   * the base) and the new head is the base plus those changes; without, the new head has the same content.
   */
  pushToPullRequest(ref: IssueRef, newSha?: string, files?: PrFileInput[]): { before: string; after: string } {
    const pr = this.requirePull(ref);
    const repo = this.requireRepo(pr.owner, pr.repo);
    const before = pr.headSha;
    let after: string;
    if (files) {
      const base = repo.trees[pr.baseSha] ?? {};
      // The new head is base + the full diff, but its parent is still the previous head (a normal push).
      const changes = fileChanges(base, files);
      after = this.newCommit(repo, { parent: before, base, changes, message: "Simulated push", author: pr.user, sha: newSha });
      pr.files = prFiles(base, repo.trees[after] ?? {}, files);
    } else {
      after = this.newCommit(repo, { parent: before, changes: {}, message: "Simulated push", author: pr.user, sha: newSha });
    }
    repo.branches[pr.headRef] = after;
    this.moveHead(pr, after);
    return { before, after };
  }

  /** `git push --force` of the PR's branch back to a commit it already had: the head moves, nothing new is made. */
  forcePushPullRequest(ref: IssueRef, sha: string): { before: string; after: string } {
    const pr = this.requirePull(ref);
    const repo = this.requireRepo(pr.owner, pr.repo);
    if (!repo.commits[sha]) throw new Error(`no commit ${sha} in ${pr.owner}/${pr.repo}`);
    const before = pr.headSha;
    repo.branches[pr.headRef] = sha;
    this.moveHead(pr, sha);
    return { before, after: sha };
  }

  private moveHead(pr: SimPullRequest, sha: string): void {
    pr.headSha = sha;
    pr.headHistory.push(sha);
    pr.updatedAt = this.now();
  }

  /** Edits title and/or body, remembering the old values for the `edited` event's `changes`. */
  editPullRequest(ref: IssueRef, edit: { title?: string; body?: string }): SimPullRequest {
    const pr = this.requirePull(ref);
    pr.previous = {};
    if (edit.title !== undefined) {
      pr.previous.title = pr.title;
      pr.title = edit.title;
    }
    if (edit.body !== undefined) {
      pr.previous.body = pr.body;
      pr.body = edit.body;
    }
    pr.updatedAt = this.now();
    return pr;
  }

  /** Marks a PR draft or ready for review. */
  setDraft(ref: IssueRef, draft: boolean): SimPullRequest {
    const pr = this.requirePull(ref);
    pr.draft = draft;
    pr.updatedAt = this.now();
    return pr;
  }

  /** Closes a PR, merged or not (a merge also moves the base branch to the head commit). */
  closePullRequest(ref: IssueRef, options: { merged?: boolean } = {}): SimPullRequest {
    const pr = this.requirePull(ref);
    const at = this.now();
    pr.state = "closed";
    pr.closedAt = at;
    pr.updatedAt = at;
    if (options.merged) {
      pr.merged = true;
      pr.mergedAt = at;
      this.requireRepo(pr.owner, pr.repo).branches[pr.baseRef] = pr.headSha;
    }
    return pr;
  }

  /**
   * What GitHub's merge queue does when PRs are queued: on the base branch's tip, one squashed commit per PR
   * (its changes, message "Title (#N)"), on a temporary branch named for the last PR and its head, as
   * `gh-readonly-queue/<base>/pr-<N>-<head sha>`. `extra` adds changes no PR made to the last commit.
   */
  buildMergeGroup(
    owner: string,
    repo: string,
    numbers: readonly number[],
    options: { base?: string; extra?: Record<string, string | null> } = {},
  ): { headSha: string; baseSha: string; headRef: string; baseRef: string } {
    const r = this.requireRepo(owner, repo);
    const base = options.base ?? r.defaultBranch;
    const baseSha = r.branches[base];
    if (!baseSha) throw new Error(`no base branch ${base}`);
    let tip = baseSha;
    const last = numbers.at(-1);
    for (const number of numbers) {
      const pr = this.requirePull({ owner, repo, number });
      const before = r.trees[pr.baseSha] ?? {};
      const after = r.trees[pr.headSha] ?? {};
      const changes: Record<string, string | null> = {};
      for (const path of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (before[path] !== after[path]) changes[path] = after[path] ?? null;
      }
      if (number === last) Object.assign(changes, options.extra ?? {});
      tip = this.newCommit(r, { parent: tip, changes, message: `${pr.title} (#${pr.number})`, author: pr.user });
    }
    const lastPr = this.requirePull({ owner, repo, number: last ?? 0 });
    const headRef = `gh-readonly-queue/${base}/pr-${lastPr.number}-${lastPr.headSha}`;
    r.branches[headRef] = tip;
    return { headSha: tip, baseSha, headRef: `refs/heads/${headRef}`, baseRef: `refs/heads/${base}` };
  }

  /**
   * The queue merges a group that passed: the base branch moves to the group's commit and each PR is closed as
   * merged by the queue's bot.
   */
  mergeGroup(owner: string, repo: string, numbers: readonly number[], group: { headSha: string; baseRef: string }): void {
    const r = this.requireRepo(owner, repo);
    const at = this.now();
    for (const number of numbers) {
      const pr = this.requirePull({ owner, repo, number });
      Object.assign(pr, {
        state: "closed",
        closedAt: at,
        updatedAt: at,
        merged: true,
        mergedAt: at,
        mergedBy: "github-merge-queue[bot]",
        mergeCommitSha: group.headSha,
      });
    }
    r.branches[group.baseRef.replace(/^refs\/heads\//, "")] = group.headSha;
  }

  /** Reopens a closed, unmerged PR. */
  reopenPullRequest(ref: IssueRef): SimPullRequest {
    const pr = this.requirePull(ref);
    if (pr.merged) throw new Error("a merged pull request cannot be reopened");
    pr.state = "open";
    pr.closedAt = null;
    pr.updatedAt = this.now();
    return pr;
  }

  /** The pull request, or undefined. */
  pull(ref: IssueRef): SimPullRequest | undefined {
    const repo = this.repo(ref.owner, ref.repo);
    return repo ? this.pulls.find((p) => this.sameRepo(p, repo) && p.number === ref.number) : undefined;
  }

  /** Like {@link pull} but throws. */
  requirePull(ref: IssueRef): SimPullRequest {
    const pr = this.pull(ref);
    if (!pr) throw new Error(`no pull request ${ref.owner}/${ref.repo}#${ref.number} in the simulator`);
    return pr;
  }

  /** The issue or pull request with this number (they share numbers, and the issues API serves both). */
  issueOrPull(ref: IssueRef): SimIssue | SimPullRequest | undefined {
    const repo = this.repo(ref.owner, ref.repo);
    if (!repo) return undefined;
    return this.pull(ref) ?? this.issues.find((i) => this.sameRepo(i, repo) && i.number === ref.number);
  }

  /** Creates an issue (the API route uses this for `POST /repos/:o/:r/issues`). */
  createIssue(options: { owner: string; repo: string; title: string; body?: string; user: string; labels?: string[] }): SimIssue {
    const repo = this.requireRepo(options.owner, options.repo);
    const at = this.now();
    const issue: SimIssue = {
      kind: "issue",
      id: this.nextId(),
      owner: repo.owner,
      repo: repo.name,
      number: this.takeNumber(repo),
      title: options.title,
      body: options.body ?? "",
      user: options.user,
      state: "open",
      labels: [],
      createdAt: at,
      updatedAt: at,
      closedAt: null,
    };
    this.issues.push(issue);
    this.addLabels({ owner: repo.owner, repo: repo.name, number: issue.number }, options.labels ?? []);
    return issue;
  }

  private takeNumber(repo: SimRepo, wanted?: number): number {
    const number = wanted ?? repo.nextNumber;
    if (this.issueOrPull({ owner: repo.owner, repo: repo.name, number })) {
      throw new Error(`#${number} already exists in ${repo.owner}/${repo.name}`);
    }
    repo.nextNumber = Math.max(repo.nextNumber, number + 1);
    return number;
  }

  private sameRepo(item: { owner: string; repo: string }, repo: SimRepo): boolean {
    return item.owner === repo.owner && item.repo === repo.name;
  }

  // ---------------------------------------------------------------------------------------------------
  // Labels
  // ---------------------------------------------------------------------------------------------------

  /** The repository label, matched case-insensitively; created (grey, like GitHub) when `create` is set. */
  repoLabel(repo: SimRepo, name: string, create = false): SimLabel | undefined {
    const found = repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
    if (found || !create) return found;
    const label: SimLabel = { id: this.nextId(), name, color: "ededed", description: null };
    repo.labels.push(label);
    return label;
  }

  /** Adds labels to an issue or PR, creating unknown repository labels. Returns the item's labels. */
  addLabels(ref: IssueRef, names: string[]): SimLabel[] {
    const item = this.requireIssueOrPull(ref);
    const repo = this.requireRepo(ref.owner, ref.repo);
    for (const name of names) {
      const label = this.repoLabel(repo, name, true) as SimLabel;
      if (!item.labels.includes(label.name)) item.labels.push(label.name);
    }
    item.updatedAt = this.now();
    return this.labelsOf(ref);
  }

  /** Removes a label from an issue or PR; false when it was not on it. */
  removeLabel(ref: IssueRef, name: string): boolean {
    const item = this.requireIssueOrPull(ref);
    const index = item.labels.findIndex((l) => l.toLowerCase() === name.toLowerCase());
    if (index < 0) return false;
    item.labels.splice(index, 1);
    item.updatedAt = this.now();
    return true;
  }

  /** The labels on an issue or PR, in the order they were added. */
  labelsOf(ref: IssueRef): SimLabel[] {
    const item = this.requireIssueOrPull(ref);
    const repo = this.requireRepo(ref.owner, ref.repo);
    return item.labels.map((name) => this.repoLabel(repo, name, true) as SimLabel);
  }

  private requireIssueOrPull(ref: IssueRef): SimIssue | SimPullRequest {
    const item = this.issueOrPull(ref);
    if (!item) throw new Error(`no issue or pull request ${ref.owner}/${ref.repo}#${ref.number} in the simulator`);
    return item;
  }

  // ---------------------------------------------------------------------------------------------------
  // Comments and reviews
  // ---------------------------------------------------------------------------------------------------

  /** Adds an issue comment (on a PR or an issue). */
  addComment(options: IssueRef & { user: string; body: string; viaApp?: boolean }): SimComment {
    const item = this.requireIssueOrPull(options);
    const at = this.now();
    const comment: SimComment = {
      id: this.nextId(),
      owner: item.owner,
      repo: item.repo,
      issueNumber: item.number,
      user: options.user,
      body: options.body,
      createdAt: at,
      updatedAt: at,
      viaApp: options.viaApp ?? false,
    };
    this.comments.push(comment);
    return comment;
  }

  /** The comment with this id, or undefined. */
  comment(id: number): SimComment | undefined {
    return this.comments.find((c) => c.id === id);
  }

  /** Edits a comment, remembering the old body for `changes.body.from`. */
  editComment(id: number, body: string): SimComment {
    const comment = this.comment(id);
    if (!comment) throw new Error(`no comment ${id} in the simulator`);
    comment.previousBody = comment.body;
    comment.body = body;
    comment.updatedAt = this.now();
    return comment;
  }

  /** The comments on an issue or PR, oldest first. */
  commentsOn(ref: IssueRef): SimComment[] {
    const item = this.issueOrPull(ref);
    if (!item) return [];
    return this.comments.filter((c) => c.owner === item.owner && c.repo === item.repo && c.issueNumber === item.number);
  }

  /** Submits a review; by default on the PR's current head. */
  addReview(options: IssueRef & { user: string; body?: string; state?: ReviewState; commitId?: string }): SimReview {
    const pr = this.requirePull(options);
    const review: SimReview = {
      id: this.nextId(),
      owner: pr.owner,
      repo: pr.repo,
      pullNumber: pr.number,
      user: options.user,
      body: options.body ?? "",
      state: options.state ?? "COMMENTED",
      commitId: options.commitId ?? pr.headSha,
      submittedAt: this.now(),
    };
    this.reviews.push(review);
    // A review given answers the request: the reviewer's, and that of any requested team they belong to.
    pr.requestedReviewers = pr.requestedReviewers.filter((login) => login.toLowerCase() !== options.user.toLowerCase());
    pr.requestedTeams = pr.requestedTeams.filter((slug) => this.teamMembership(pr.owner, slug, options.user)?.state !== "active");
    return review;
  }

  /**
   * Requests reviews on a PR as `POST …/requested_reviewers` does, after the route validated them: people and
   * teams already requested are not added twice. Returns the PR.
   */
  requestReviews(ref: IssueRef, request: { reviewers?: readonly string[]; teams?: readonly string[] }): SimPullRequest {
    const pr = this.requirePull(ref);
    const has = (list: string[], name: string) => list.some((x) => x.toLowerCase() === name.toLowerCase());
    for (const login of request.reviewers ?? []) if (!has(pr.requestedReviewers, login)) pr.requestedReviewers.push(login);
    for (const slug of request.teams ?? []) {
      const team = this.team(pr.owner, slug);
      if (team && !has(pr.requestedTeams, team.slug)) pr.requestedTeams.push(team.slug);
    }
    pr.updatedAt = this.now();
    return pr;
  }

  /** The reviews of a PR, oldest first. */
  reviewsOf(ref: IssueRef): SimReview[] {
    const pr = this.pull(ref);
    if (!pr) return [];
    return this.reviews.filter((r) => r.owner === pr.owner && r.repo === pr.repo && r.pullNumber === pr.number);
  }

  // ---------------------------------------------------------------------------------------------------
  // Check runs
  // ---------------------------------------------------------------------------------------------------

  /** The check runs on a commit, oldest first. */
  checkRunsFor(owner: string, repo: string, headSha: string): SimCheckRun[] {
    const r = this.repo(owner, repo);
    if (!r) return [];
    return this.checkRuns.filter((c) => this.sameRepo(c, r) && c.headSha === headSha);
  }

  /**
   * A check run another app (CI) reports on a commit, as tests set the scene: no webhook is sent. `status`
   * other than `completed` leaves it without a conclusion.
   */
  addOtherAppCheckRun(options: {
    owner: string;
    repo: string;
    headSha: string;
    name: string;
    app?: { slug: string; name: string };
    status?: CheckStatus;
    conclusion?: CheckConclusion;
  }): SimCheckRun {
    const r = this.requireRepo(options.owner, options.repo);
    if (!r.trees[options.headSha]) throw new Error(`no commit ${options.headSha}`);
    const status = options.status ?? "completed";
    const at = this.now();
    const run: SimCheckRun = {
      id: this.nextId(),
      owner: r.owner,
      repo: r.name,
      name: options.name,
      headSha: options.headSha,
      status,
      conclusion: status === "completed" ? (options.conclusion ?? "success") : null,
      startedAt: at,
      completedAt: status === "completed" ? at : null,
      detailsUrl: null,
      externalId: null,
      output: { title: null, summary: null, text: null, annotations: [] },
      appId: this.app.id + 1000,
      otherApp: options.app ?? { slug: "github-actions", name: "GitHub Actions" },
    };
    this.checkRuns.push(run);
    return run;
  }

  /** Sets a commit status (POST …/statuses/{sha} as CI would), as tests set the scene: no webhook is sent. */
  setCommitStatus(options: {
    owner: string;
    repo: string;
    sha: string;
    context: string;
    state: SimCommitStatus["state"];
    creator?: string;
    description?: string;
  }): SimCommitStatus {
    const r = this.requireRepo(options.owner, options.repo);
    if (!r.trees[options.sha]) throw new Error(`no commit ${options.sha}`);
    const status: SimCommitStatus = {
      id: this.nextId(),
      owner: r.owner,
      repo: r.name,
      sha: options.sha,
      context: options.context,
      state: options.state,
      description: options.description ?? null,
      targetUrl: null,
      creator: options.creator ?? "ci-bot",
      createdAt: this.now(),
    };
    this.commitStatuses.push(status);
    return status;
  }

  /** The latest status of each context on a commit, newest first (what the combined status lists). */
  latestStatusesFor(owner: string, repo: string, sha: string): SimCommitStatus[] {
    const r = this.repo(owner, repo);
    if (!r) return [];
    const all = this.commitStatuses.filter((st) => this.sameRepo(st, r) && st.sha === sha);
    return all.filter((st) => all.every((other) => other.context !== st.context || other.id <= st.id)).sort((a, b) => b.id - a.id);
  }

  /** The most recent check run with this name on a commit (what the merge box shows). */
  latestCheckRun(owner: string, repo: string, headSha: string, name: string): SimCheckRun | undefined {
    return this.checkRunsFor(owner, repo, headSha)
      .filter((c) => c.name === name)
      .at(-1);
  }

  // ---------------------------------------------------------------------------------------------------
  // Organisations, teams, permissions
  // ---------------------------------------------------------------------------------------------------

  /** Creates a team (idempotent). */
  addTeam(org: string, slug: string, name = slug): SimTeam {
    const existing = this.team(org, slug);
    if (existing) return existing;
    const team: SimTeam = { id: this.nextId(), org, slug, name };
    this.teams.push(team);
    return team;
  }

  /** The team, matched case-insensitively. */
  team(org: string, slug: string): SimTeam | undefined {
    return this.teams.find((t) => t.org.toLowerCase() === org.toLowerCase() && t.slug.toLowerCase() === slug.toLowerCase());
  }

  /** Adds (or updates) a membership, creating the team if needed. */
  addTeamMember(
    org: string,
    team: string,
    login: string,
    state: SimMembership["state"] = "active",
    role: SimMembership["role"] = "member",
  ): SimMembership {
    const t = this.addTeam(org, team);
    this.removeTeamMember(org, team, login);
    const membership: SimMembership = { org: t.org, team: t.slug, login, state, role };
    this.memberships.push(membership);
    return membership;
  }

  /** Removes a membership; false when there was none. */
  removeTeamMember(org: string, team: string, login: string): boolean {
    const before = this.memberships.length;
    this.memberships = this.memberships.filter((m) => !this.isMembership(m, org, team, login));
    return this.memberships.length < before;
  }

  /** The membership, or undefined. */
  teamMembership(org: string, team: string, login: string): SimMembership | undefined {
    return this.memberships.find((m) => this.isMembership(m, org, team, login));
  }

  private isMembership(m: SimMembership, org: string, team: string, login: string): boolean {
    return m.org.toLowerCase() === org.toLowerCase() && m.team.toLowerCase() === team.toLowerCase() && m.login.toLowerCase() === login.toLowerCase();
  }

  /** Sets a collaborator's permission on a repository. */
  setPermission(owner: string, repo: string, login: string, permission: Permission): void {
    this.requireRepo(owner, repo).permissions[login.toLowerCase()] = permission;
  }

  /** A person's permission: explicit, else "admin" for the owner, "read" on public and "none" on private repos. */
  permissionOf(repo: SimRepo, login: string): Permission {
    const explicit = repo.permissions[login.toLowerCase()];
    if (explicit) return explicit;
    if (login.toLowerCase() === repo.owner.toLowerCase()) return "admin";
    return repo.private ? "none" : "read";
  }

  // ---------------------------------------------------------------------------------------------------
  // Recording and fault injection
  // ---------------------------------------------------------------------------------------------------

  /**
   * Makes the next `times` requests whose method and path (no `/api/v3`, no query) match fail with `status`.
   * Used to prove the app fails closed when GitHub errors.
   */
  failNext(method: string, path: RegExp | string, status: number, times = 1): void {
    const regex = typeof path === "string" ? new RegExp(path) : path;
    this.faults.push({ method: method.toUpperCase(), path: regex, status, remaining: times });
  }

  /** Consumes one matching fault, if any. */
  takeFault(method: string, path: string): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && f.method === method.toUpperCase() && f.path.test(path));
    if (fault) fault.remaining -= 1;
    return fault;
  }

  /** Throws, listing them, when any request matched no route. */
  assertNoUnhandled(): void {
    if (this.unhandled.length === 0) return;
    const list = this.unhandled.map((r) => `  ${r.method} ${r.path}`).join("\n");
    throw new Error(`The GitHub simulator received ${this.unhandled.length} request(s) it has no route for:\n${list}`);
  }

  /** The recorded requests with this method whose path matches. */
  requestsMatching(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && path.test(r.path));
  }

  /** Forgets recorded requests (not unhandled ones), to assert on what happens next. */
  clearRequests(): void {
    this.requests = [];
  }
}

/** The tree edits a list of changed files implies, applied on top of `base`. */
function fileChanges(base: Record<string, string>, files: PrFileInput[]): Record<string, string | null> {
  const changes: Record<string, string | null> = {};
  for (const file of files) {
    const status = file.status ?? "modified";
    if (status === "removed") {
      changes[file.filename] = null;
    } else if (status === "renamed") {
      const from = file.previous_filename;
      const carried = from === undefined ? undefined : base[from];
      if (from !== undefined) changes[from] = null;
      changes[file.filename] = file.content ?? carried ?? defaultContent(file.filename);
    } else if (status !== "unchanged") {
      changes[file.filename] = file.content ?? defaultContent(file.filename);
    }
  }
  return changes;
}

function defaultContent(path: string): string {
  return `simulated content of ${path}\n`;
}

function lineCount(text: string | undefined): number {
  if (!text) return 0;
  return text.split("\n").filter((line, i, all) => i < all.length - 1 || line !== "").length;
}

/** The stored changed-file list, with GitHub's derived numbers filled in where the test gave none. */
function prFiles(base: Record<string, string>, head: Record<string, string>, files: PrFileInput[]): SimPrFile[] {
  return files.map((file) => {
    const status = file.status ?? "modified";
    const removed = status === "removed";
    const text = removed ? base[file.filename] : head[file.filename];
    const additions = file.additions ?? (status === "added" ? lineCount(text) : status === "modified" || status === "changed" ? 1 : 0);
    const deletions = file.deletions ?? (removed ? lineCount(text) : status === "modified" || status === "changed" ? 1 : 0);
    const stored: SimPrFile = { filename: file.filename, status, additions, deletions, sha: gitBlobSha(text ?? "") };
    if (file.previous_filename !== undefined) stored.previous_filename = file.previous_filename;
    return stored;
  });
}
