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
