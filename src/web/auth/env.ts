import { githubBases, type GitHubBases } from "../../github/bases.js";

/**
 * The sign-in settings the audit pages read from the environment. The OAuth credentials are optional: a
 * deployment without them still gates pull requests, and the audit pages say what to set.
 */

/** What {@link auditAuthFromEnv} reads, ready to spread into `createAuditHandler`'s options. */
export interface AuditAuthSettings extends GitHubBases {
  clientId: string | undefined;
  clientSecret: string | undefined;
  sessionSecret: string | undefined;
}

/** Reads `GITHUB_CLIENT_ID`, `GITHUB_CLIENT_SECRET`, `SESSION_SECRET`, `GHE_HOST` and `GHE_PROTOCOL`. */
export function auditAuthFromEnv(env: NodeJS.ProcessEnv): AuditAuthSettings {
  const present = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value.trim());
  return {
    clientId: present(env.GITHUB_CLIENT_ID),
    clientSecret: present(env.GITHUB_CLIENT_SECRET),
    sessionSecret: present(env.SESSION_SECRET),
    ...githubBases(env),
  };
}
