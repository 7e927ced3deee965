/**
 * The reader's last step for the comment's "whom to ask": the people of the configuration's role teams
 * (github/team-people.ts), remembered across events, so an event costs no request for them while nothing
 * changed. Not for a merge (nothing is shown), nor without a valid configuration (no roles to name).
 */
import type { Logger } from "probot";
import type { PlanEvent, Snapshot } from "../core/plan.js";
import { configuredTeams } from "../core/reviewers.js";
import type { Octokit } from "../github/octokit.js";
import { readTeamPeople, type TeamPeopleCache } from "../github/team-people.js";

/** The snapshot with `teamPeople`. `fresh` (a person asked to evaluate again): listed again, nothing reused. */
export async function withTeamPeople(
  octokit: Octokit,
  deps: { teamPeople?: TeamPeopleCache },
  snapshot: Snapshot,
  run: { event: PlanEvent; fresh?: boolean; log?: Pick<Logger, "warn"> },
): Promise<Snapshot> {
  if (run.event.kind === "merged" || snapshot.config.state !== "ok") return snapshot;
  const teams = configuredTeams(snapshot.config.config, snapshot.pr.owner);
  if (teams.length === 0) return snapshot;
  const teamPeople = await readTeamPeople(octokit, teams, {
    ...(deps.teamPeople ? { cache: deps.teamPeople } : {}),
    ...(run.fresh ? { fresh: true } : {}),
    ...(run.log ? { log: run.log } : {}),
  });
  return { ...snapshot, teamPeople };
}
