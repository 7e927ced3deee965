import { AccessCache } from "./access-cache.js";

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

/** The `fetch` signature used (injectable for tests). */
export type Fetch = typeof fetch;

/** How long to wait for one GitHub call before failing the page. */
const TIMEOUT_MS = 10_000;
/** The compare API's largest page. */
const PER_PAGE = 100;
/** A bound on compare pages (100 000 commits), so a misbehaving server cannot keep a page loading forever. */
const MAX_PAGES = 1000;

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
  now?: () => number;
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
  const now = options.now ?? Date.now;

  const get = (path: string, accept?: string) =>
    doFetch(`${apiBase}${path}`, { headers: apiHeaders(token, accept), signal: AbortSignal.timeout(TIMEOUT_MS) });

  const repoPath = (owner: string, name: string) => `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;

  return {
    login,

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
