/**
 * The baseline for bench/server.ts: the least a Probot app that gates pull requests must do. On every
 * pull_request and issue_comment event it writes one check run for the PR's head; for a comment, whose
 * payload has no head SHA, it first reads the PR (as any real app would have to). No store, no config, no
 * hazard log: what is left is Probot itself (webhook verification, the installation token, Octokit, HTTP).
 *
 * Started as its own process by bench/server.ts, with Probot's environment (APP_ID, PRIVATE_KEY,
 * WEBHOOK_SECRET, PORT, HOST, GHE_HOST, GHE_PROTOCOL, LOG_LEVEL), exactly like dist/main.js.
 */
import { pathToFileURL } from "node:url";
import { run, type ApplicationFunction, type Context } from "probot";

export const BARE_CHECK_NAME = "Bare baseline";

/** The PR's head SHA: in a pull_request payload, or read from GitHub for a comment on a PR. */
async function headShaOf(context: Context<"pull_request" | "issue_comment">): Promise<string | undefined> {
  if ("pull_request" in context.payload) return context.payload.pull_request.head.sha;
  const { issue } = context.payload;
  if (!issue.pull_request) return undefined; // a comment on a plain issue: nothing to check
  const { data } = await context.octokit.rest.pulls.get(context.repo({ pull_number: issue.number }));
  return data.head.sha;
}

export const bareApp: ApplicationFunction = (app) => {
  app.on(["pull_request", "issue_comment"], async (context) => {
    const headSha = await headShaOf(context);
    if (headSha === undefined) return;
    await context.octokit.rest.checks.create(
      context.repo({
        name: BARE_CHECK_NAME,
        head_sha: headSha,
        status: "completed" as const,
        conclusion: "success" as const,
        output: { title: "Nothing to check", summary: `Delivery ${context.id} (${context.name}.${context.payload.action})` },
      }),
    );
  });
};

// Run as a program (bench/server.ts compiles this file to bench/.build/bare-app.mjs and starts that).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run(bareApp);
}
