/**
 * Who can give the sign-offs a PR still needs, and which of their teams to ask for a review. Pure: the
 * reader lists the teams' people (github/team-people.ts) and the trail holds the review requests made; the
 * plan turns them into the names the comment shows and the one review request a team ever gets.
 *
 * A review request is a courtesy, never part of what the gate decides: a role is still held only by live
 * membership at sign-off (core/requirements.ts), whoever was asked.
 */
import type { AuditRecord } from "../audit/record.js";
import type { Evaluation, GateConfig } from "./types.js";

/** The people of a team, as far as the reader could list them. */
export interface TeamPeople {
  /** Logins of active members, sorted case-insensitively. */
  logins: readonly string[];
  /** The team has more members than were listed (one page is read, never more). */
  more: boolean;
}

/** A team of a role as the comment names it, with the people who can act for it when known. */
export interface TeamContact {
  /** `org/slug`, as GitHub names the team. */
  name: string;
  /** Up to {@link PEOPLE_SHOWN} people; absent when the team's members cannot be read. */
  people?: readonly string[];
  /** How many more there are; `true` when the count is unknown (more than were listed). */
  more?: number | true;
}

/** Who may give one role's sign-off: its teams (with their people) and the users it names. */
export interface RoleContacts {
  teams: readonly TeamContact[];
  users: readonly string[];
}

/** People named per team: enough to know whom to ask, few enough to keep the comment short. */
export const PEOPLE_SHOWN = 5;

/** What a review-request record holds (audit kind `review-request`); a type, so it is plain record data. */
export type ReviewRequestData = {
  title: string;
  /** The teams (slugs) this request was for. */
  teams: string[];
  /** `requested`: GitHub took it; `already-requested`: the teams were requested before (a replay); `failed`: GitHub refused it. */
  outcome: "requested" | "already-requested" | "failed";
  /** Why GitHub refused it, when it did. */
  error?: string;
};

/** The team of a role, resolved against the repository's owner: `slug` is the owner's, `org/slug` names its org. */
export function teamRef(team: string, owner: string): { org: string; slug: string } {
  const [org, slug] = team.includes("/") ? (team.split("/", 2) as [string, string]) : [owner, team];
  return { org, slug };
}

/** The key of a team in the reader's map of people: `org/slug`, lower case. */
export function teamKey(team: string, owner: string): string {
  const { org, slug } = teamRef(team, owner);
  return `${org}/${slug}`.toLowerCase();
}

/** Every team the configuration's roles name, as keys (bounded: a configuration may name many). */
export function configuredTeams(config: GateConfig, owner: string, max = 20): string[] {
  const keys = Object.values(config.roles).flatMap((r) => r.teams.map((t) => teamKey(t, owner)));
  return [...new Set(keys)].sort().slice(0, max);
}

const byLogin = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b);

/**
 * Who can give each sign-off the PR still needs. The PR's author is left out when they may not sign
 * (`sign_off.author_may_sign`): naming them would send people to someone the gate would refuse.
 */
export function roleContacts(config: GateConfig, e: Evaluation, people: ReadonlyMap<string, TeamPeople> | undefined): Record<string, RoleContacts> {
  const author = e.pr.author.toLowerCase();
  const eligible = (login: string) => config.sign_off.author_may_sign || login.toLowerCase() !== author;
  const contacts: Record<string, RoleContacts> = {};
  for (const required of e.requiredRoles) {
    const def = config.roles[required.role];
    if (required.signedBy || !def) continue;
    const teams = def.teams.map((team): TeamContact => {
      const { org, slug } = teamRef(team, e.pr.owner);
      const listed = people?.get(teamKey(team, e.pr.owner));
      if (!listed) return { name: `${org}/${slug}` };
      const logins = [...listed.logins].filter(eligible).sort(byLogin);
      const rest = logins.length - PEOPLE_SHOWN;
      const more = listed.more ? true : rest > 0 ? rest : undefined;
      return { name: `${org}/${slug}`, people: logins.slice(0, PEOPLE_SHOWN), ...(more === undefined ? {} : { more }) };
    });
    contacts[required.role] = { teams, users: def.users.filter(eligible).sort(byLogin) };
  }
  return contacts;
}

/** The teams the PR's earlier review requests were for (whatever GitHub answered): none is asked twice. */
export function teamsAskedBefore(records: readonly AuditRecord[]): Set<string> {
  const asked = new Set<string>();
  for (const r of records) {
    if (r.kind !== "review-request" || !Array.isArray(r.data.teams)) continue;
    for (const t of r.data.teams) if (typeof t === "string") asked.add(t.toLowerCase());
  }
  return asked;
}

/**
 * The teams (slugs of the repository owner's organisation) to ask for a review now: when the PR is
 * clinically relevant and waiting, ready for review (or a draft, with `review_requests.drafts`), the teams of
 * the roles it still needs that no earlier request of this PR asked. A team of another organisation cannot
 * be asked for a review on this repository, so it is only named in the comment. Sorted, so the same state
 * always gives the same request.
 */
export function teamsToRequest(config: GateConfig, e: Evaluation, records: readonly AuditRecord[]): string[] {
  const settings = config.review_requests ?? { enabled: true, drafts: false };
  if (!settings.enabled || e.state !== "waiting" || !e.classification?.relevant) return [];
  if (e.pr.draft && !settings.drafts) return [];
  const asked = teamsAskedBefore(records);
  const owner = e.pr.owner.toLowerCase();
  const teams = e.requiredRoles
    .filter((r) => !r.signedBy)
    .flatMap((r) => config.roles[r.role]?.teams ?? [])
    .map((t) => teamRef(t, e.pr.owner))
    .filter((t) => t.org.toLowerCase() === owner && !asked.has(t.slug.toLowerCase()))
    .map((t) => t.slug);
  return [...new Set(teams)].sort();
}
