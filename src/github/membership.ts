import type { RoleDefinition } from "../core/types.js";
import { isNotFound, type Octokit } from "./octokit.js";

/**
 * The teams (as written in the config, lower-cased) a person is an active member of, looked up live: a
 * sign-off counts only while its signer still belongs to the role. A team is `slug` (in the repository's
 * organisation) or `org/slug`.
 */
export async function teamsOf(
  octokit: Octokit,
  org: string,
  login: string,
  roles: Record<string, RoleDefinition>,
): Promise<Set<string>> {
  const teams = new Set(Object.values(roles).flatMap((r) => r.teams.map((t) => t.toLowerCase())));
  const member = new Set<string>();
  for (const team of teams) {
    const [teamOrg, slug] = team.includes("/") ? (team.split("/", 2) as [string, string]) : [org, team];
    try {
      const { data } = await octokit.rest.teams.getMembershipForUserInOrg({ org: teamOrg, team_slug: slug, username: login });
      if (data.state === "active") member.add(team);
    } catch (error) {
      // 404: not a member (or no such team). Anything else must not be read as "not a member" silently.
      if (!isNotFound(error)) throw error;
    }
  }
  return member;
}
