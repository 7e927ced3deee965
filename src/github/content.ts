import { isNotFound, type Octokit } from "./octokit.js";

/** Reads one file at a ref: `null` when it does not exist; any other failure is thrown (fail closed). */
export interface ContentReader {
  getFile(owner: string, repo: string, path: string, ref?: string): Promise<{ text: string; sha: string } | null>;
}

export function contentReader(octokit: Octokit): ContentReader {
  return {
    async getFile(owner, repo, path, ref) {
      try {
        const { data } = await octokit.rest.repos.getContent(ref === undefined ? { owner, repo, path } : { owner, repo, path, ref });
        if (Array.isArray(data) || data.type !== "file" || !("content" in data)) {
          throw new Error(`${path} in ${owner}/${repo} is not a file`);
        }
        return { text: Buffer.from(data.content, "base64").toString("utf8"), sha: data.sha };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
  };
}

/**
 * The commit `head` branched from on the way to `base` (the compare API's merge base): what GitHub measures a
 * PR's changes against, whatever the base branch did since. Null when they share no history; any other
 * failure is thrown.
 */
export async function mergeBase(octokit: Octokit, owner: string, repo: string, base: string, head: string): Promise<string | null> {
  try {
    // One commit per page: only the merge base is wanted, not the list of commits.
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${base}...${head}`, per_page: 1 });
    return data.merge_base_commit.sha;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
