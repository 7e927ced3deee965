import { AccessCache } from "./access-cache.js";
import { TimedCache } from "./timed-cache.js";

/**
 * GitHub as the signed-in person sees it: plain REST calls with their own OAuth token, so a page can show
 * only what that person may read. Fails closed: an answer that is neither "yes" nor a clear "no" (GitHub
 * down, rate-limited) throws, and the page errors rather than guessing.
 */

/** GitHub as the signed-in person sees it (their own OAuth token): what the pages may ask of it. */
export interface UserGitHub {
  /** The person's login. */
  login: string;
  /** Whether the person can read `owner/name` (cached briefly). A missing repository is simply false. */
  canRead(repo: string): Promise<boolean>;
  /** GitHub's web address (`https://github.com`, or the GitHub Enterprise host), for links to PRs and commits. */
  webBase: string;
  /**
   * Whether the signed-in person (always `login`: never someone a page names) is an active member of the
   * team `org/slug` (cached briefly). `unknown` when GitHub refuses to say (401/403: the token, or an
   * organisation policy, does not allow it): the page must say so rather than read it as "not a member".
   */
  teamMembership(org: string, slug: string): Promise<TeamMembership>;
  /** The repository's open pull requests as GitHub lists them now (cached briefly), newest first. */
  openPulls(repo: string): Promise<OpenPulls>;
  /** A file's text at a ref (default branch when omitted); null when absent or unreadable. */
  getFile(repo: string, path: string, ref?: string): Promise<string | null>;
  /**
   * The commit SHAs reachable from `to` but not from `from` (GitHub's compare `from...to`), for the release
   * report; null when either ref does not exist.
   */
  commitsBetween(repo: string, from: string, to: string): Promise<string[] | null>;
  /**
   * The same comparison with both refs resolved to the commits they named when asked (`from` as GitHub's
   * `base_commit`, `to` as the base of comparing `to` with itself), so that a report, and an approval of it,
   * name the exact range whatever a tag or branch points to later; null when either ref does not exist.
   */
  compareRefs(repo: string, from: string, to: string): Promise<ComparedRefs | null>;
}

/** Two refs resolved to commit SHAs, and the commits reachable from `to` but not from `from`, oldest first. */
export interface ComparedRefs {
  fromSha: string;
  toSha: string;
  commits: string[];
}

/** The answer to "is the signed-in person in this team?". */
export type TeamMembership = "active" | "none" | "unknown";

/** An open pull request, as the list of open pull requests gives it. */
export interface OpenPull {
  number: number;
  title: string;
  draft: boolean;
  headSha: string;
}

/** A repository's open pull requests; `complete` false when there were more than the pages read. */
export interface OpenPulls {
  pulls: OpenPull[];
  complete: boolean;
}

/** The `fetch` signature used (injectable for tests). */
export type Fetch = typeof fetch;

/** How long to wait for one GitHub call before failing the page. */
const TIMEOUT_MS = 10_000;
/** The compare API's largest page. */
const PER_PAGE = 100;
/** A bound on compare pages (100 000 commits), so a misbehaving server cannot keep a page loading forever. */
const MAX_PAGES = 1000;
/**
 * A bound on the pages of open pull requests read per repository (1000 PRs): "Needs me" asks for every
 * repository with something waiting, on every view, and a repository with more open PRs than that is told
 * as incomplete rather than read without end.
 */
export const MAX_OPEN_PULL_PAGES = 10;

/** A GitHub call answered with a status the caller cannot turn into an answer. */
export class GitHubRequestError extends Error {
  readonly status: number;
  constructor(status: number, what: string) {
    super(`GitHub answered ${status} to ${what}`);
    this.name = "GitHubRequestError";
    this.status = status;
  }
}

/** The headers of a REST call made with a person's token. */
export function apiHeaders(token: string, accept = "application/vnd.github+json"): Record<string, string> {
  return {
    accept,
    authorization: `Bearer ${token}`,
    "user-agent": "clinical-safety-gate",
    "x-github-api-version": "2022-11-28",
  };
}

/** What {@link createUserGitHub} needs. */
export interface UserGitHubOptions {
  /** `https://api.github.com` or `<GHE>/api/v3`, without a trailing slash. */
  apiBase: string;
  token: string;
  login: string;
  /** How long a `canRead` answer is remembered; default one minute. */
  cacheMs?: number;
  fetch?: Fetch;
  /** Shared across requests (the router keeps one); default: a cache for this object alone. */
  cache?: AccessCache;
  /**
   * Open pull requests remembered for `cacheMs`, shared across requests; default one cache for the process,
   * so that reloading "Needs me" does not list every repository's open PRs again.
   */
  openPullsCache?: TimedCache<OpenPulls>;
  now?: () => number;
}

/** The process's cache of open pull requests (see {@link UserGitHubOptions.openPullsCache}). */
const SHARED_OPEN_PULLS = new TimedCache<OpenPulls>(1_000);

/** The web address that goes with an API address: `https://api.github.com` → `https://github.com`, `…/api/v3` → `…`. */
export function webBaseOf(apiBase: string): string {
  const base = apiBase.replace(/\/+$/, "");
  if (/^https:\/\/api\.github\.com$/i.test(base)) return "https://github.com";
  return base.replace(/\/api\/v3$/i, "");
}

/** `owner/name` as GitHub allows them; `.` and `..` would change the API path they are put in. */
const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

function splitRepo(repo: string): [string, string] | undefined {
  const parts = repo.split("/");
  if (parts.length !== 2) return undefined;
  const [owner = "", name = ""] = parts;
  const ok = (part: string) => NAME.test(part) && part !== "." && part !== "..";
  return ok(owner) && ok(name) ? [owner, name] : undefined;
}

// eslint-disable-next-line no-control-regex -- control characters are among what a ref may not contain
const REF_FORBIDDEN = /[\u0000-\u0020\u007f~^:?*[\\]/;

/**
 * A ref as git allows it (no `..`, no control characters or spaces, none of `~^:?*[\`, no leading `/` or
 * `-`), which also keeps it from escaping the compare path or being read as two refs.
 */
function validRef(ref: string): boolean {
  return ref !== "" && ref.length <= 255 && !ref.includes("..") && !REF_FORBIDDEN.test(ref) && !/^[/-]/.test(ref) && !ref.endsWith("/");
}

/** A ref in a URL path: its slashes kept (`release/1.2`), everything else encoded. */
function refPath(ref: string): string {
  return encodeURIComponent(ref).replace(/%2F/g, "/");
}

/** Creates the person's view of GitHub. Nothing is fetched until a method is called. */
export function createUserGitHub(options: UserGitHubOptions): UserGitHub {
  const { apiBase, token, login } = options;
  const cacheMs = options.cacheMs ?? 60_000;
  const doFetch = options.fetch ?? fetch;
  const cache = options.cache ?? new AccessCache();
  const openPullsCache = options.openPullsCache ?? SHARED_OPEN_PULLS;
  const now = options.now ?? Date.now;

  const get = (path: string, accept?: string) =>
    doFetch(`${apiBase}${path}`, { headers: apiHeaders(token, accept), signal: AbortSignal.timeout(TIMEOUT_MS) });

  const repoPath = (owner: string, name: string) => `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;

  return {
    login,
    webBase: webBaseOf(apiBase),

    async canRead(repo) {
      const parts = splitRepo(repo);
      if (!parts) return false;
      const key = AccessCache.key(token, repo);
      const cached = cache.get(key, now());
      if (cached !== undefined) return cached;
      const path = repoPath(...parts);
      const response = await get(path);
      await response.body?.cancel();
      let readable: boolean;
      if (response.status === 200) readable = true;
      // 404 for a repository that is absent or hidden alike (GitHub does not tell them apart), 403 for one
      // the token may not use, 401 for a token that was revoked or expired: all mean "not for this person".
      else if ([401, 403, 404].includes(response.status)) readable = false;
      else throw new GitHubRequestError(response.status, `GET ${path}`);
      cache.set(key, readable, now() + cacheMs);
      return readable;
    },

    async teamMembership(org, slug) {
      // Checked as a repository's owner and name are: `.` or `..` would change the API path they are put in.
      if (![org, slug, login].every((part) => NAME.test(part) && part !== "." && part !== "..")) return "none";
      const key = AccessCache.key(token, `team:${org}/${slug}`);
      const cached = cache.get(key, now());
      if (cached !== undefined) return cached ? "active" : "none";
      const path = `/orgs/${encodeURIComponent(org)}/teams/${encodeURIComponent(slug)}/memberships/${encodeURIComponent(login)}`;
      const response = await get(path);
      let active: boolean;
      if (response.status === 200) {
        const body = (await response.json()) as { state?: unknown };
        // A pending invitation is not membership yet, as for the gate's own check (membership.ts).
        active = body.state === "active";
      } else if (response.status === 404) {
        await response.body?.cancel();
        // Not a member, or no such team (GitHub does not tell them apart for a team the person cannot see).
        active = false;
      } else if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        return "unknown";
      } else {
        await response.body?.cancel();
        throw new GitHubRequestError(response.status, `GET ${path}`);
      }
      cache.set(key, active, now() + cacheMs);
      return active ? "active" : "none";
    },

    async openPulls(repo) {
      const parts = splitRepo(repo);
      if (!parts) return { pulls: [], complete: true };
      const key = AccessCache.key(token, repo);
      const cached = openPullsCache.get(key, now());
      if (cached !== undefined) return cached;
      const pulls: OpenPull[] = [];
      let complete = false;
      for (let page = 1; page <= MAX_OPEN_PULL_PAGES && !complete; page += 1) {
        const apiPath = `${repoPath(...parts)}/pulls?state=open&per_page=${PER_PAGE}&page=${page}`;
        const response = await get(apiPath);
        if ([401, 403, 404].includes(response.status)) {
          // Not (or no longer) readable by this person: nothing of it is theirs to see.
          await response.body?.cancel();
          return { pulls: [], complete: true };
        }
        if (response.status !== 200) {
          await response.body?.cancel();
          throw new GitHubRequestError(response.status, `GET ${apiPath}`);
        }
        const body: unknown = await response.json();
        const items: unknown[] = Array.isArray(body) ? body : [];
        for (const item of items) {
          const pull = openPullOf(item);
          if (pull !== undefined) pulls.push(pull);
        }
        complete = items.length < PER_PAGE;
      }
      const answer = { pulls, complete };
      openPullsCache.set(key, answer, now() + cacheMs);
      return answer;
    },

    async getFile(repo, path, ref) {
      const parts = splitRepo(repo);
      const segments = path.split("/");
      if (!parts || segments.some((s) => s === "" || s === "." || s === "..")) return null;
      const query = ref === undefined ? "" : `?${new URLSearchParams({ ref }).toString()}`;
      const apiPath = `${repoPath(...parts)}/contents/${segments.map(encodeURIComponent).join("/")}${query}`;
      const response = await get(apiPath, "application/vnd.github.raw+json");
      if ([401, 403, 404].includes(response.status)) {
        await response.body?.cancel();
        return null;
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new GitHubRequestError(response.status, `GET ${apiPath}`);
      }
      // A directory comes back as a JSON listing even when the raw file was asked for: not a file.
      if (response.headers.get("content-type")?.startsWith("application/json")) {
        await response.body?.cancel();
        return null;
      }
      return response.text();
    },

    async commitsBetween(repo, from, to) {
      return (await compare(repo, from, to))?.commits ?? null;
    },

    async compareRefs(repo, from, to) {
      const between = await compare(repo, from, to);
      if (between === null) return null;
      // `from...to` names `from`'s commit but not `to`'s (its last commit is the newest by date, which a
      // merge of an older branch need not be); `to` compared with itself names it exactly.
      const head = from === to ? between : await compare(repo, to, to);
      if (head === null) return null;
      const [fromSha, toSha] = [between.baseSha, head.baseSha];
      // Without both SHAs an approval could not be matched to the range: fail rather than guess.
      if (fromSha === null || toSha === null) throw new Error(`GitHub named no commit for "${fromSha === null ? from : to}" in ${repo}`);
      return { fromSha, toSha, commits: between.commits };
    },
  };

  /** GitHub's compare `from...to`: the commit `from` names (null: GitHub did not say), and the commits. */
  async function compare(repo: string, from: string, to: string): Promise<{ baseSha: string | null; commits: string[] } | null> {
    const parts = splitRepo(repo);
    if (!parts || !validRef(from) || !validRef(to)) return null;
    const base = `${repoPath(...parts)}/compare/${refPath(from)}...${refPath(to)}`;
    const shas: string[] = [];
    let baseSha: string | null = null;
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const apiPath = `${base}?per_page=${PER_PAGE}&page=${page}`;
      const response = await get(apiPath);
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new GitHubRequestError(response.status, `GET ${apiPath}`);
      }
      const body = (await response.json()) as { total_commits?: unknown; commits?: unknown; base_commit?: { sha?: unknown } | null };
      const named = body.base_commit?.sha;
      if (baseSha === null && typeof named === "string" && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(named)) baseSha = named.toLowerCase();
      const commits = Array.isArray(body.commits) ? (body.commits as { sha?: unknown }[]) : [];
      for (const commit of commits) if (typeof commit.sha === "string") shas.push(commit.sha);
      const total = typeof body.total_commits === "number" ? body.total_commits : undefined;
      if (commits.length < PER_PAGE || (total !== undefined && shas.length >= total)) return { baseSha, commits: shas };
    }
    // A release report that silently stopped short would leave changes out of the safety case.
    throw new Error(`GET ${base}: more than ${MAX_PAGES * PER_PAGE} commits`);
  }
}

/** An open pull request from the list's JSON; undefined for an item without a number. */
function openPullOf(item: unknown): OpenPull | undefined {
  if (typeof item !== "object" || item === null) return undefined;
  const p = item as { number?: unknown; title?: unknown; draft?: unknown; head?: { sha?: unknown } | null };
  if (typeof p.number !== "number" || !Number.isInteger(p.number)) return undefined;
  return {
    number: p.number,
    title: typeof p.title === "string" ? p.title : "",
    draft: p.draft === true,
    headSha: typeof p.head?.sha === "string" ? p.head.sha : "",
  };
}
