import { gitBlobSha } from "../git.js";
import { json, notFound, type SimResponse } from "../http.js";
import { paginate, type Page } from "../pagination.js";
import { API, WEB, nodeId, userShape, type Json } from "../shapes.js";
import type { GitHubState, SimRepo } from "../state.js";
import { repoRoute, type RepoContext, type Route } from "./define.js";

/**
 * `GET /repos/:o/:r/compare/:base...:head`: the commits reachable from head but not from base, oldest
 * first, and the files changed between their merge base and head. As on GitHub, the commits are paginated
 * only when `per_page` or `page` is given (otherwise at most 250), and files are listed on the first page only.
 */

/** GitHub's cap on commits when the request does not paginate. */
const UNPAGINATED_COMMITS = 250;
/** GitHub's cap on files in a comparison. */
const MAX_FILES = 300;

/** The commit and its ancestors, newest first (the simulator's histories are linear per commit). */
function ancestry(repo: SimRepo, sha: string): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  let current: string | null = sha;
  while (current !== null && !seen.has(current) && repo.commits[current]) {
    seen.add(current);
    chain.push(current);
    current = repo.commits[current]?.parent ?? null;
  }
  return chain;
}

function commitShape(state: GitHubState, repo: SimRepo, sha: string): Json {
  const commit = repo.commits[sha];
  const api = `${API}/repos/${repo.owner}/${repo.name}`;
  const web = `${WEB}/${repo.owner}/${repo.name}`;
  const author = commit?.author ?? repo.owner;
  const signature = { name: author, email: `${author}@users.noreply.github.com`, date: commit?.timestamp ?? state.now() };
  const parent = commit?.parent ?? null;
  return {
    sha,
    node_id: nodeId("Commit", Number.parseInt(sha.slice(0, 8), 16)),
    commit: {
      author: signature,
      committer: signature,
      message: commit?.message ?? "",
      tree: { sha: gitBlobSha(`tree ${sha}`), url: `${api}/git/trees/${gitBlobSha(`tree ${sha}`)}` },
      url: `${api}/git/commits/${sha}`,
      comment_count: 0,
    },
    url: `${api}/commits/${sha}`,
    html_url: `${web}/commit/${sha}`,
    comments_url: `${api}/commits/${sha}/comments`,
    author: userShape(state, author),
    committer: userShape(state, author),
    parents: parent === null ? [] : [{ sha: parent, url: `${api}/commits/${parent}`, html_url: `${web}/commit/${parent}` }],
  };
}

function lines(text: string | undefined): number {
  return text === undefined || text === "" ? 0 : text.replace(/\n$/, "").split("\n").length;
}

/** The files that differ between two snapshots, in path order, as the compare API lists them. */
function changedFiles(repo: SimRepo, baseSha: string, headSha: string): Json[] {
  const base = repo.trees[baseSha] ?? {};
  const head = repo.trees[headSha] ?? {};
  const paths = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  const files: Json[] = [];
  for (const path of paths) {
    const before = base[path];
    const after = head[path];
    if (before === after) continue;
    const status = before === undefined ? "added" : after === undefined ? "removed" : "modified";
    const additions = status === "removed" ? 0 : status === "added" ? lines(after) : 1;
    const deletions = status === "added" ? 0 : status === "removed" ? lines(before) : 1;
    files.push({
      sha: gitBlobSha(after ?? before ?? ""),
      filename: path,
      status,
      additions,
      deletions,
      changes: additions + deletions,
      blob_url: `${WEB}/${repo.owner}/${repo.name}/blob/${headSha}/${path}`,
      raw_url: `${WEB}/${repo.owner}/${repo.name}/raw/${headSha}/${path}`,
      contents_url: `${API}/repos/${repo.owner}/${repo.name}/contents/${path}?ref=${headSha}`,
    });
  }
  return files.slice(0, MAX_FILES);
}

function compare(ctx: RepoContext): SimResponse {
  const { repo, state } = ctx;
  const basehead = ctx.params.basehead ?? "";
  const separator = basehead.indexOf("...");
  if (separator < 0) return notFound();
  const baseRef = basehead.slice(0, separator);
  const headRef = basehead.slice(separator + 3);
  const baseSha = state.resolveRef(repo, baseRef);
  const headSha = state.resolveRef(repo, headRef);
  if (baseSha === undefined || headSha === undefined) return notFound();

  const baseChain = ancestry(repo, baseSha);
  const headChain = ancestry(repo, headSha);
  const inBase = new Set(baseChain);
  const mergeBase = headChain.find((sha) => inBase.has(sha));
  if (mergeBase === undefined) return notFound(`No common ancestor between ${baseRef} and ${headRef}.`);
  const ahead = headChain.slice(0, headChain.indexOf(mergeBase)).reverse();
  const behindBy = baseChain.indexOf(mergeBase);
  const status = ahead.length > 0 && behindBy > 0 ? "diverged" : ahead.length > 0 ? "ahead" : behindBy > 0 ? "behind" : "identical";

  const paginating = ctx.query.has("per_page") || ctx.query.has("page");
  const page: Page<string> = paginating ? paginate(ahead, ctx.url) : { items: ahead.slice(0, UNPAGINATED_COMMITS) };
  const firstPage = !paginating || (ctx.query.get("page") ?? "1") === "1";
  const api = `${API}/repos/${repo.owner}/${repo.name}`;
  const web = `${WEB}/${repo.owner}/${repo.name}`;
  return json(
    200,
    {
      url: `${api}/compare/${baseRef}...${headRef}`,
      html_url: `${web}/compare/${baseRef}...${headRef}`,
      permalink_url: `${web}/compare/${repo.owner}:${baseSha.slice(0, 7)}...${repo.owner}:${headSha.slice(0, 7)}`,
      diff_url: `${web}/compare/${baseRef}...${headRef}.diff`,
      patch_url: `${web}/compare/${baseRef}...${headRef}.patch`,
      base_commit: commitShape(state, repo, baseSha),
      merge_base_commit: commitShape(state, repo, mergeBase),
      status,
      ahead_by: ahead.length,
      behind_by: behindBy,
      total_commits: ahead.length,
      commits: page.items.map((sha) => commitShape(state, repo, sha)),
      files: firstPage ? changedFiles(repo, mergeBase, headSha) : [],
    },
    page.link ? { link: page.link } : {},
  );
}

export const compareRoutes: Route[] = [repoRoute("GET", "/repos/:owner/:repo/compare/:basehead+", compare)];
