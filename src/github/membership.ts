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
  cache?: MembershipCache,
): Promise<Set<string>> {
  const teams = new Set(Object.values(roles).flatMap((r) => r.teams.map((t) => t.toLowerCase())));
  const member = new Set<string>();
  for (const team of teams) {
    const [teamOrg, slug] = team.includes("/") ? (team.split("/", 2) as [string, string]) : [org, team];
    const key = JSON.stringify([teamOrg.toLowerCase(), slug, login.toLowerCase()]);
    const cached = cache?.get(key);
    if (cached !== undefined) {
      if (cached) member.add(team);
      continue;
    }
    let active = false;
    try {
      const { data } = await octokit.rest.teams.getMembershipForUserInOrg({ org: teamOrg, team_slug: slug, username: login });
      active = data.state === "active";
    } catch (error) {
      // 404: not a member (or no such team). Anything else must not be read as "not a member" silently.
      if (!isNotFound(error)) throw error;
    }
    cache?.set(key, active);
    if (active) member.add(team);
  }
  return member;
}

/**
 * Answers about one person in one team, reused for a short while. Every evaluation asks about everyone who
 * acted on the PR, and a "not a member" answer (404) has no ETag to make asking again free. Short, so that
 * someone who leaves a team stops counting within seconds; bounded in size.
 */
export class MembershipCache {
  private readonly answers = new Map<string, { active: boolean; until: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 30_000,
    private readonly max = 10_000,
  ) {}

  get(key: string): boolean | undefined {
    const entry = this.answers.get(key);
    return entry !== undefined && entry.until > this.now() ? entry.active : undefined;
  }

  set(key: string, active: boolean): void {
    if (this.answers.size >= this.max) this.answers.clear();
    this.answers.set(key, { active, until: this.now() + this.ttlMs });
  }
}
