/**
 * `clinical-safety report release`: the release report of the audit pages (`/audit/O/R/release`), for a
 * terminal or a CI job. The commits come from GitHub, as the signed-in person's would, with the token in
 * `GITHUB_TOKEN`; the changes come from the audit trail, opened as the audit commands open it. The report,
 * its Markdown and its JSON are the pages' own functions (src/reports), so both say the same thing.
 */
import { githubBases } from "../github/bases.js";
import { createUserGitHub, GitHubRequestError, type Fetch } from "../github/user-github.js";
import { releaseCommitCounts } from "../reports/read-model.js";
import { releaseJsonText } from "../reports/release-json.js";
import { releaseMarkdown } from "../reports/release-markdown.js";
import { readReleaseReport, type ReleaseRange } from "../reports/release-report.js";
import type { AuditLines } from "./audit-command.js";
import { NoAuditDatabase, openAuditDatabase, type AuditDatabase } from "./audit-database.js";
import type { AuditIo } from "./audit-io.js";
import { PROGRAM } from "./commands.js";
import { releaseCommits } from "./report-commits.js";
import type { ReportInvocation } from "./report-args.js";
import { EXIT, type ExitCode } from "./result.js";

/** What a test replaces; the defaults are the real database, network and clock. */
export interface ReportDeps {
  open?: (env: AuditIo["env"]) => Promise<AuditDatabase>;
  fetch?: Fetch;
  now?: () => Date;
}

/** The port the app listens on when PORT is unset (env.ts), for the same default PUBLIC_URL. */
const DEFAULT_PORT = "3000";

/**
 * Writes the report to standard output and returns 0; returns 1 when GitHub does not know the repository
 * or a ref (each problem on standard error), 2 when the environment is incomplete or GitHub or the
 * database fails. The token is never printed: every line on standard error has it blanked.
 */
export async function runReport(invocation: ReportInvocation, lines: Pick<AuditLines, "err">, io: AuditIo, deps: ReportDeps = {}): Promise<ExitCode> {
  const token = io.env.GITHUB_TOKEN?.trim() ?? "";
  const fail = (message: string): ExitCode => {
    io.progress?.done();
    // Error messages quote what GitHub or fetch said; none should hold the token, and none may.
    lines.err(`${PROGRAM}: ${token === "" ? message : message.split(token).join("***")}`);
    return EXIT.usage;
  };
  if (token === "") {
    return fail(`report release needs GITHUB_TOKEN: a GitHub token that can read ${invocation.repo} (contents: read)`);
  }
  let apiBase: string;
  let publicUrl: string;
  try {
    apiBase = githubBases(io.env).apiBase;
    publicUrl = auditPagesUrl(io.env);
  } catch (error) {
    return fail(messageOf(error));
  }

  const { repo, from, to } = invocation;
  // The login names the person on the pages; the command line shows nobody's name, so none is needed.
  const github = createUserGitHub({ apiBase, token, login: "", ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  io.progress?.show(`comparing ${from}...${to} in ${repo} on GitHub…`);
  let range: ReleaseRange;
  try {
    const found = await releaseCommits(github, repo, from, to);
    if (!found.found) {
      io.progress?.done();
      found.problems.forEach((problem) => lines.err(`${PROGRAM}: ${problem}`));
      return EXIT.problems;
    }
    range = { repo, from, to, fromSha: found.fromSha, toSha: found.toSha, commits: found.commits };
  } catch (error) {
    return fail(githubFailure(error, apiBase));
  }

  io.progress?.show("reading the audit trail…");
  let db: AuditDatabase;
  try {
    db = await (deps.open ?? openAuditDatabase)(io.env);
  } catch (error) {
    return fail(error instanceof NoAuditDatabase ? error.message : `cannot open the audit database: ${messageOf(error)}`);
  }
  try {
    const generatedAt = (deps.now ?? (() => new Date()))().toISOString();
    const report = await readReleaseReport(db.store, range, { generatedAt, publicUrl });
    const changes = new Set(report.groups.flatMap((group) => group.changes)).size;
    const commits = range.commits.length;
    const unassessed = releaseCommitCounts(report.commitList).unassessed;
    const raised = report.riskIncreased.map((r) => r.id);
    io.progress?.done(
      `${changes} clinically relevant ${changes === 1 ? "change" : "changes"} among ${commits} ${commits === 1 ? "commit" : "commits"}` +
        (unassessed === 0 ? "" : `; ${unassessed} unassessed`) +
        (raised.length === 0 ? "" : `; risk increased: ${raised.join(", ")}`) +
        (report.approval === null ? "; not approved" : `; approved by ${report.approval.by}`),
    );
    // The same text as the audit page's download of the same format.
    await io.write(invocation.format === "json" ? releaseJsonText(report) : releaseMarkdown(report));
    return EXIT.ok;
  } catch (error) {
    return fail(`report release failed: ${messageOf(error)}`);
  } finally {
    await db.close();
  }
}

/**
 * Where the report's links to each change's audit page lead: PUBLIC_URL, defaulting as the app does
 * (env.ts), so that they are the links the app put in its checks and comments.
 */
function auditPagesUrl(env: AuditIo["env"]): string {
  const url = env.PUBLIC_URL?.trim() || `http://localhost:${env.PORT?.trim() || DEFAULT_PORT}`;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    throw new Error(`PUBLIC_URL must be the http(s) address of the audit pages, not "${url}"`);
  }
  return url.replace(/\/+$/, "");
}

/** What went wrong with GitHub, in terms a person can act on. */
function githubFailure(error: unknown, apiBase: string): string {
  if (error instanceof GitHubRequestError) {
    const hint =
      error.status === 401
        ? " (GITHUB_TOKEN was refused: expired, revoked or mistyped)"
        : error.status === 403 || error.status === 429
          ? " (the token lacks access, or the rate limit was reached)"
          : "";
    return `${error.message}${hint}`;
  }
  // fetch reports "fetch failed" and keeps the reason (ECONNREFUSED, a DNS failure) in its cause.
  // An AggregateError (every address of a host refused) has an empty message but a code.
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = cause?.code;
  const reason = cause === undefined ? "" : messageOf(cause) || (typeof code === "string" || typeof code === "number" ? String(code) : "");
  return `cannot reach GitHub at ${apiBase}: ${messageOf(error)}${reason === "" ? "" : `: ${reason}`}`;
}

/**
 * An error's message. Read by shape, not `instanceof Error`: fetch's errors may come from another realm
 * (undici's own, or a test runner's VM context), and "TypeError: fetch failed" would hide the cause.
 */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : String(error);
}
