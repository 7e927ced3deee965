import type { Probot } from "probot";
import { isNotFound, type Octokit } from "./octokit.js";

/**
 * The app's own access to one repository, for the signing pages: its installation there (asked with the
 * app's JWT), a client with that installation's token, and the repository's default branch (where the
 * configuration is read). Undefined when the app is not installed on the repository.
 */
export function repositoryAccess(
  app: Pick<Probot, "auth">,
): (owner: string, repo: string) => Promise<{ octokit: Octokit; installationId: number; defaultBranch: string } | undefined> {
  return async (owner, repo) => {
    const appOctokit = await app.auth();
    let installationId: number;
    try {
      ({
        data: { id: installationId },
      } = await appOctokit.rest.apps.getRepoInstallation({ owner, repo }));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const octokit = await app.auth(installationId);
    const { data } = await octokit.rest.repos.get({ owner, repo });
    return { octokit, installationId, defaultBranch: data.default_branch };
  };
}
