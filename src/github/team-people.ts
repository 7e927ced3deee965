/**
 * The people of the roles' teams, for the comment to say whom to ask. Listed only where the installation
 * may (Members: read, an organisation permission: an installation on a personal account, or one whose
 * organisation has not granted it, has none) and remembered for a while, so that an event costs no request
 * for them while nothing changed; one page per team, never more. A courtesy: any failure leaves the team
 * named without its people and never fails the gate.
 */
import type { Logger } from "probot";
import type { TeamPeople } from "../core/reviewers.js";
import type { Octokit } from "./octokit.js";

/** Members listed per team at most: one page. More are counted as "and more". */
export const PEOPLE_PAGE = 100;

/**
 * Team people by `org/slug` (lower case), each remembered for `ttlMs` — people join and leave teams rarely, and
 * who may sign is checked live at sign-off anyway. `null`: the team's members cannot be read (no permission,
 * no such team). A stale answer is kept to fall back on when GitHub fails. Bounded in size.
 */
export class TeamPeopleCache {
  private readonly entries = new Map<string, { value: TeamPeople | null; until: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 1_000,
  ) {}

  /** The answer while fresh; undefined when none or expired. */
  fresh(key: string): TeamPeople | null | undefined {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.until > this.now() ? entry.value : undefined;
  }

  /** The last answer, however old (to fall back on). */
  stale(key: string): TeamPeople | null | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: string, value: TeamPeople | null): void {
    this.entries.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
  }
}

/**
 * Whether this installation may list team members: read from the permissions GitHub granted its token
 * (held by the Octokit already, so no request). Not an installation token (a personal token, the app's JWT):
 * no.
 */
export async function mayListMembers(octokit: Octokit): Promise<boolean> {
  try {
    const auth = (await octokit.auth({ type: "installation" })) as { permissions?: Record<string, string> } | undefined;
    const level = auth?.permissions?.members;
    return level === "read" || level === "write";
  } catch {
    return false;
  }
}

const statusOf = (error: unknown) => (error as { status?: unknown }).status;
const byLogin = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b);

/**
 * The people of `teams` (keys `org/slug`, lower case) that can be known: fresh answers from the cache, the
 * others listed (`fresh`: all listed again, for a person's "recheck"). A team whose members cannot be read is
 * left out of the map.
 */
export async function readTeamPeople(
  octokit: Octokit,
  teams: readonly string[],
  opts: { cache?: TeamPeopleCache; fresh?: boolean; log?: Pick<Logger, "warn"> },
): Promise<Map<string, TeamPeople>> {
  const people = new Map<string, TeamPeople>();
  const keep = (key: string, value: TeamPeople | null | undefined) => value && people.set(key, value);
  const toList: string[] = [];
  for (const key of teams) {
    const known = opts.fresh ? undefined : opts.cache?.fresh(key);
    if (known === undefined) toList.push(key);
    else keep(key, known);
  }
  if (toList.length === 0) return people;
  if (!(await mayListMembers(octokit))) {
    for (const key of toList) opts.cache?.set(key, null);
    return people;
  }
  for (const key of toList) {
    const [org = "", slug = ""] = key.split("/", 2);
    try {
      const response = await octokit.rest.teams.listMembersInOrg({ org, team_slug: slug, per_page: PEOPLE_PAGE });
      const logins = response.data.flatMap((u) => (u?.login ? [u.login] : [])).sort(byLogin);
      const value: TeamPeople = { logins, more: /\brel="next"/.test(String(response.headers.link ?? "")) };
      opts.cache?.set(key, value);
      keep(key, value);
    } catch (error) {
      const status = statusOf(error);
      if (status === 403 || status === 404) {
        // Not allowed to see this team, or no such team: named without people until the answer expires.
        opts.cache?.set(key, null);
        continue;
      }
      opts.log?.warn({ team: key, status }, "could not list a team's members; naming the team only");
      keep(key, opts.cache?.stale(key));
    }
  }
  return people;
}
