import { parse } from "yaml";
import { ROUTES } from "./routes.js";

/**
 * What GitHub requires of a GitHub App for each REST operation the gate makes and each webhook event it
 * subscribes to, as GitHub documents it ("Permissions required for GitHub Apps", and each event's "To
 * subscribe to this event…" in "Webhook events and payloads"). Pure: the least-privilege test checks every
 * request the simulator logged during the PR lives against this table and against `app.yml`.
 *
 * GitHub enforces these on the installation's token and, for the audit pages, on the signed-in person's
 * user access token too (a GitHub App's user token can do no more than the app may), so both are listed.
 */

/** A permission level, as `app.yml` writes it. `none` is the absence of the key. */
export type Access = "none" | "read" | "write";

/** One permission at a level: `{ permission: "checks", access: "write" }`. */
export interface Need {
  permission: string;
  access: Exclude<Access, "none">;
}

/** One REST operation: method and GitHub's route template, and what GitHub requires for it. */
export interface Operation {
  method: string;
  /** GitHub's documented template, e.g. `/repos/{owner}/{repo}/pulls/{pull_number}/files`. */
  route: string;
  /** Who makes it: the app's JWT, an installation token, or a signed-in person's user access token. */
  token: "app" | "installation" | "user";
  /**
   * Any one of these suffices (GitHub lists alternatives for the Issues API on pull requests: Issues or
   * Pull requests). `none`: no permission (JWT endpoints, and what every token may do).
   */
  needs: "none" | readonly Need[];
  /** The call in `src/` that makes it, so a reviewer can find it. */
  calls: string;
}

const read = (permission: string): Need => ({ permission, access: "read" });
const write = (permission: string): Need => ({ permission, access: "write" });

/** Every REST operation the app makes (grep `src/` for `octokit.`, `rest.`, `paginate`, `fetch(`). */
export const OPERATIONS: readonly Operation[] = [
  // The app's JWT: no repository or organisation permission is involved.
  { method: "GET", route: "/app", token: "app", needs: "none", calls: "app.ts botLoginOf (the bot's login)" },
  { method: "GET", route: "/app/installations", token: "app", needs: "none", calls: "handlers/reconcile.ts" },
  {
    method: "POST",
    route: "/app/installations/{installation_id}/access_tokens",
    token: "app",
    needs: "none",
    calls: "Probot, for every installation token",
  },
  // An installation token may always list the repositories it was granted.
  {
    method: "GET",
    route: "/installation/repositories",
    token: "installation",
    needs: "none",
    calls: "handlers/reconcile.ts",
  },

  // Contents: the configuration (default branch, org `.github`) and the hazard log (PR head).
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/contents/{path}",
    token: "installation",
    needs: [read("contents")],
    calls: "github/content.ts",
  },

  // Pull requests. Getting one PR also works with Contents: read; the others need Pull requests: read.
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/pulls/{pull_number}",
    token: "installation",
    needs: [read("pull_requests"), read("contents")],
    calls: "github/pull-request.ts",
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/pulls/{pull_number}/files",
    token: "installation",
    needs: [read("pull_requests")],
    calls: "github/pull-request.ts",
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    token: "installation",
    needs: [read("pull_requests")],
    calls: "github/conversation.ts",
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/pulls",
    token: "installation",
    needs: [read("pull_requests")],
    calls: "handlers/push.ts (config change), handlers/reconcile.ts",
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    token: "installation",
    needs: [read("pull_requests")],
    calls: "github/review-requests.ts requestTeamReviews (teams already requested are not asked again)",
  },
  // The one write through the Pulls API: asking the required roles' teams for a review, once per team.
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    token: "installation",
    needs: [write("pull_requests")],
    calls: "github/review-requests.ts requestTeamReviews",
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/commits/{commit_sha}/pulls",
    token: "installation",
    needs: [read("pull_requests")],
    calls: "github/commit-pulls.ts (a merge's push; a fork PR's re-run)",
  },

  // The Issues API on a PR: comments and labels work with Issues or Pull requests (write to change).
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    token: "installation",
    needs: [read("issues"), read("pull_requests")],
    calls: "github/conversation.ts",
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    token: "installation",
    needs: [write("issues"), write("pull_requests")],
    calls: "github/sticky-comment.ts (the comment, replies)",
  },
  {
    method: "PATCH",
    route: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    token: "installation",
    needs: [write("issues"), write("pull_requests")],
    calls: "github/sticky-comment.ts",
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    token: "installation",
    needs: [write("issues"), write("pull_requests")],
    calls: "github/labels.ts",
  },
  {
    method: "DELETE",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
    token: "installation",
    needs: [write("issues"), write("pull_requests")],
    calls: "github/labels.ts",
  },
  // Issues proper: only the Issues permission.
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues",
    token: "installation",
    needs: [read("issues")],
    calls: "github/issues.ts findIssueByMarker (one bypass issue per bypass)",
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/issues",
    token: "installation",
    needs: [write("issues")],
    calls: "github/issues.ts openIssue (the bypass issue calling the CSO)",
  },

  // Checks. A check run on a merge group's head SHA is the same call, with the same permission.
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/commits/{ref}/check-runs",
    token: "installation",
    needs: [read("checks")],
    calls: "github/check-run.ts; github/head-checks.ts (the other check runs on a merged head, all pages)",
  },
  // Commit statuses: read only, for a merge's verification evidence.
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/commits/{ref}/status",
    token: "installation",
    needs: [read("statuses")],
    calls: "github/head-checks.ts (the combined status of a merged head, all pages)",
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/check-runs",
    token: "installation",
    needs: [write("checks")],
    calls: "github/check-run.ts",
  },
  {
    method: "PATCH",
    route: "/repos/{owner}/{repo}/check-runs/{check_run_id}",
    token: "installation",
    needs: [write("checks")],
    calls: "github/check-run.ts",
  },

  // Organisation: live team membership of whoever signs off.
  {
    method: "GET",
    route: "/orgs/{org}/teams/{team_slug}/memberships/{username}",
    token: "installation",
    needs: [read("members")],
    calls: "github/membership.ts",
  },
  {
    method: "GET",
    route: "/orgs/{org}/teams/{team_slug}/members",
    token: "installation",
    needs: [read("members")],
    calls: "github/team-people.ts readTeamPeople (whom the comment names; only when the installation has Members: read)",
  },

  // A signer's printed name from their public profile (github/profile.ts): public data, no permission.
  { method: "GET", route: "/users/{username}", token: "installation", needs: "none", calls: "github/profile.ts profileName" },

  // The audit pages, with the signed-in person's user access token (github/user-github.ts, web/auth/oauth.ts).
  { method: "GET", route: "/user", token: "user", needs: "none", calls: "web/auth/oauth.ts fetchLogin" },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}",
    token: "user",
    needs: [read("metadata")],
    calls: "github/user-github.ts canRead",
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/contents/{path}",
    token: "user",
    needs: [read("contents")],
    calls: "github/user-github.ts getFile",
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/compare/{basehead}",
    token: "user",
    needs: [read("contents")],
    calls: "github/user-github.ts commitsBetween (release report); handlers/merge-group.ts (a merge group's commits and files, installation token)",
  },
  // Basic auth with the app's client id and secret: no token permission.
  {
    method: "DELETE",
    route: "/applications/{client_id}/token",
    token: "app",
    needs: "none",
    calls: "web/auth/oauth.ts revokeToken (sign-out)",
  },
];

/**
 * The events `app.yml` subscribes to, and what GitHub requires to subscribe. `check_run` needs write, not
 * read: GitHub sends the `rerequested` action ("Re-run") only to apps with Checks: write. `merge_group`
 * (the merge queue asks for checks on a merge group's head SHA) needs Merge queues: read.
 */
export const EVENTS: Readonly<Record<string, Need>> = {
  pull_request: read("pull_requests"),
  pull_request_review: read("pull_requests"),
  issue_comment: read("issues"),
  check_run: write("checks"),
  push: read("contents"),
  merge_group: read("merge_queues"),
};

/** Permissions GitHub gives every app whatever it asks: never "more than needed". */
export const ALWAYS_GRANTED: readonly string[] = ["metadata"];

const RANK: Record<Access, number> = { none: 0, read: 1, write: 2 };

/** `app.yml`'s events and permissions. */
export interface Manifest {
  events: string[];
  permissions: Record<string, Access>;
}

/** Reads `app.yml` (a GitHub App manifest). Throws on a level that is neither `read` nor `write`. */
export function parseManifest(text: string): Manifest {
  const doc = parse(text) as { default_events?: unknown; default_permissions?: unknown } | null;
  const events = Array.isArray(doc?.default_events) ? doc.default_events.map(String) : [];
  const permissions: Record<string, Access> = {};
  const raw = doc?.default_permissions;
  if (raw && typeof raw === "object") {
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (value !== "read" && value !== "write") throw new Error(`app.yml: ${key}: ${String(value)} is not read or write`);
      permissions[key] = value;
    }
  }
  return { events, permissions };
}

/** A route with its parameter names erased, so GitHub's `{pull_number}` and the simulator's `:number` agree. */
export function routeShape(route: string): string {
  return route
    .split("/")
    .map((segment) => (/^\{\w+\}$/.test(segment) || /^:\w+\+?$/.test(segment) ? "{}" : segment))
    .join("/");
}

/** `METHOD /route`, as problems name an operation. */
export function operationName(op: { method: string; route: string }): string {
  return `${op.method.toUpperCase()} ${op.route}`;
}

/** The table's rows for a method and route (either spelling of parameters); one per token kind. */
export function operationsFor(method: string, route: string): Operation[] {
  const shape = routeShape(route);
  return OPERATIONS.filter((op) => op.method === method.toUpperCase() && routeShape(op.route) === shape);
}

/**
 * The simulator's route template of a request it logged (`/repos/:owner/:repo/pulls/:number/files`), or
 * undefined when no route matches (the simulator also answered 501 and recorded it as unhandled).
 */
export function simulatorRouteOf(method: string, path: string): string | undefined {
  return ROUTES.find((r) => r.method === method.toUpperCase() && r.regex.test(path))?.pattern;
}

/** Whether `granted` satisfies `need`. */
export function grants(granted: Record<string, Access>, need: Need): boolean {
  return RANK[granted[need.permission] ?? "none"] >= RANK[need.access];
}

function describeNeeds(needs: readonly Need[]): string {
  return needs.map((n) => `${n.permission}: ${n.access}`).join(" or ");
}

/**
 * What is wrong with making these operations under these permissions: each operation that is not in the
 * table, or whose every alternative is missing from `granted`. Empty when all are covered.
 */
export function operationProblems(observed: readonly { method: string; route: string }[], granted: Record<string, Access>): string[] {
  const problems = new Set<string>();
  for (const op of observed) {
    const rows = operationsFor(op.method, op.route);
    if (rows.length === 0) {
      problems.add(`${operationName(op)}: not in the permission table (test/simulator/permissions.ts)`);
      continue;
    }
    for (const row of rows) {
      if (row.needs === "none") continue;
      if (!row.needs.some((n) => grants(granted, n))) {
        problems.add(`${operationName(row)} (${row.token} token): needs ${describeNeeds(row.needs)}, app.yml does not grant it`);
      }
    }
  }
  return [...problems];
}

/** Each subscribed event that is unknown to the table or whose permission `granted` lacks. */
export function eventProblems(events: readonly string[], granted: Record<string, Access>): string[] {
  return events.flatMap((event) => {
    const need = EVENTS[event];
    if (!need) return [`event ${event}: not in the permission table (test/simulator/permissions.ts)`];
    return grants(granted, need) ? [] : [`event ${event}: needs ${describeNeeds([need])}, app.yml does not grant it`];
  });
}

/**
 * Permissions asked for beyond what the operations and events need: each one that can be lowered a level
 * (write → read, read → none) without any new operation or event losing its permission (judged apart from
 * whatever else `granted` lacks, so one missing permission hides no excess one). Empty for a
 * least-privilege manifest.
 */
export function excessPermissions(
  granted: Record<string, Access>,
  operations: readonly { method: string; route: string }[],
  events: readonly string[],
): string[] {
  const problemsUnder = (permissions: Record<string, Access>) =>
    new Set([...operationProblems(operations, permissions), ...eventProblems(events, permissions)]);
  const baseline = problemsUnder(granted);
  const excess: string[] = [];
  for (const [permission, access] of Object.entries(granted)) {
    if (ALWAYS_GRANTED.includes(permission)) continue;
    const lower: Access = access === "write" ? "read" : "none";
    const lowered = problemsUnder({ ...granted, [permission]: lower });
    if ([...lowered].every((p) => baseline.has(p))) excess.push(`${permission}: ${access} is more than needed (${lower} would do)`);
  }
  return excess;
}
