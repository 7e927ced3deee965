/**
 * The roles the signed-in person holds in a repository, as the gate would count them: the repository's
 * configuration (default branch, org defaults and `_extends`, read with the person's own token) names each
 * role's teams and people, and GitHub says, live, which of those teams the person is in. Nothing a page is
 * sent decides it: the login is the session's, the teams the configuration's.
 */
import { CONFIG_PATH } from "../../config/extends-ref.js";
import { loadConfig, type ContentReader } from "../../config/load.js";
import { rolesOf } from "../../core/requirements.js";
import { requiresReauthentication } from "../../core/strong-signing.js";
import type { UserGitHub } from "../types.js";

/** What was found; `roles` null when they cannot be told (`note` says why). */
export interface RolesRead {
  roles: string[] | null;
  /** The configuration's segregation of duties, and the roles signed on the audit page (`reauthenticate`). */
  signOff: { authorMaySign: boolean; distinctSigners: boolean; onPage: string[] };
  /** Something the person should know: why their roles cannot be told, or a team GitHub would not answer for. */
  note: string | null;
}

/** The gate's defaults, for a repository whose configuration cannot be read (nothing is shown there then). */
const DEFAULT_SIGN_OFF = { authorMaySign: false, distinctSigners: true, onPage: [] };

/** Reads the configuration and asks GitHub about each of its teams, once each. */
export async function readRoles(github: UserGitHub, repo: string): Promise<RolesRead> {
  const [owner = "", name = ""] = repo.split("/");
  const reader: ContentReader = {
    async getFile(o, r, file, ref) {
      // "" is "the default branch", which the person's GitHub reads when no ref is given.
      const text = await github.getFile(`${o}/${r}`, file, ref || undefined);
      return text === null ? null : { text, sha: "" };
    },
  };
  const loaded = await loadConfig(reader, { owner, repo: name, defaultBranch: "" });
  if (loaded.state !== "ok") {
    const why = loaded.state === "missing" ? `has no ${CONFIG_PATH}` : `has an invalid ${CONFIG_PATH}`;
    return { roles: null, signOff: DEFAULT_SIGN_OFF, note: `${repo} ${why}, so the roles you hold there cannot be told.` };
  }
  const { config } = loaded;
  const { roles: defined, sign_off } = config;
  const teams = [...new Set(Object.values(defined).flatMap((r) => r.teams.map((t) => t.toLowerCase())))];
  const member = new Set<string>();
  const unanswered: string[] = [];
  for (const team of teams) {
    // As the gate reads a team (github/membership.ts): `slug` in the repository's organisation, or `org/slug`.
    const [org, slug] = team.includes("/") ? (team.split("/", 2) as [string, string]) : [owner, team];
    const answer = await github.teamMembership(org, slug);
    if (answer === "active") member.add(team);
    else if (answer === "unknown") unanswered.push(`${org}/${slug}`);
  }
  const note =
    unanswered.length === 0
      ? null
      : `GitHub would not say whether you are a member of ${unanswered.join(", ")} (named in ${repo}'s roles), so what needs those roles there may be missing from this page.`;
  return {
    roles: rolesOf(defined, github.login, member),
    signOff: {
      authorMaySign: sign_off.author_may_sign,
      distinctSigners: sign_off.distinct_signers,
      onPage: Object.keys(defined).filter((role) => requiresReauthentication(config, role)),
    },
    note,
  };
}
