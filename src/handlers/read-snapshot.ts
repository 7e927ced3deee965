import { loadConfig } from "../config/load.js";
import { factsOf } from "../audit/facts-from-records.js";
import type { AuditRecord } from "../audit/record.js";
import { DEFAULT_CHECK_NAME } from "../config/schema.js";
import type { ConfigView, TextSource } from "../core/evaluate.js";
import type { Snapshot } from "../core/plan.js";
import { rolesOf } from "../core/requirements.js";
import type { Fact, GateConfig, HazardLogView, PullRequestSnapshot } from "../core/types.js";
import { contentReader, mergeBase } from "../github/content.js";
import { fetchConversation } from "../github/conversation.js";
import { teamsOf, type MembershipCache } from "../github/membership.js";
import type { Octokit, PrRef } from "../github/octokit.js";
import { fetchSnapshot } from "../github/pull-request.js";
import { findSticky } from "../github/sticky-comment.js";
import type { HazardLogSides } from "../audit/hazard-log-version.js";
import { diffHazardLogs, type HazardLogDiff } from "../hazards/diff.js";
import { parseHazardLog, toSummary } from "../hazards/parse.js";
import type { Hazard } from "../hazards/schema.js";
import { COMMENT_MARKER } from "../render/comment.js";
import type { AuditStore } from "../store/audit-store.js";

/** `blob`: the file's blob SHA (the contents API returns it with the text), null when there is no log. */
type ReadLog = { view: HazardLogView; hazards: Hazard[]; blob: string | null };

/**
 * Hazard logs already parsed and linted, by blob SHA and what they were judged with: a log of thousands of
 * hazards takes about a second to lint, and the same blob comes back on every event of every PR until the
 * log changes. The entries are never changed by their readers. Bounded: the oldest is dropped first.
 */
const parsedLogs = new Map<string, ReadLog>();
const MAX_PARSED_LOGS = 64;

/** The hazard log at one ref: its view for the core, and the parsed entries (for a diff). */
async function readHazardLog(octokit: Octokit, pr: PullRequestSnapshot, config: GateConfig, ref: string): Promise<ReadLog> {
  const path = config.hazard_log.path;
  const file = await contentReader(octokit).getFile(pr.owner, pr.repo, path, ref);
  if (!file) return { view: { state: "absent", path }, hazards: [], blob: null };
  const key = JSON.stringify([file.sha, path, config.hazard_log.id_pattern, config.risk_matrix ?? null]);
  const known = parsedLogs.get(key);
  if (known) return known;
  const parsed = parseHazardLog(file.text, path, {
    idPattern: config.hazard_log.id_pattern,
    ...(config.risk_matrix ? { matrix: config.risk_matrix } : {}),
  });
  const read: ReadLog = parsed.ok
    ? { view: { state: "ok", path, hazards: parsed.hazards.map(toSummary) }, hazards: parsed.hazards, blob: file.sha }
    : { view: { state: "invalid", path, problems: parsed.problems }, hazards: parsed.hazards, blob: file.sha };
  if (parsedLogs.size >= MAX_PARSED_LOGS) parsedLogs.delete(parsedLogs.keys().next().value as string);
  parsedLogs.set(key, read);
  return read;
}

/** The hazard log's entries at any ref (a merge group's commit), through the same cache. */
export async function readHazardLogAt(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  config: GateConfig,
  ref: string,
): Promise<HazardLogView> {
  const where = { owner: repo.owner, repo: repo.repo } as PullRequestSnapshot;
  return (await readHazardLog(octokit, where, config, ref)).view;
}

/**
 * Whether the PR may touch the hazard log (under its new or, for a rename, its old path). A PR with more
 * files than GitHub lists may touch it unseen, so it is compared too.
 */
function changesHazardLog(pr: PullRequestSnapshot, config: GateConfig): boolean {
  return pr.filesTruncated || pr.files.some((f) => f.path === config.hazard_log.path || f.previousPath === config.hazard_log.path);
}

/** The live roles of every person who acted on the PR, plus `extra` (the person giving a command now). */
async function resolveRoles(
  octokit: Octokit,
  owner: string,
  config: ConfigView,
  facts: readonly Fact[],
  extra: readonly string[],
  cache: MembershipCache | undefined,
): Promise<Map<string, string[]>> {
  const roles = new Map<string, string[]>();
  if (config.state !== "ok") return roles;
  // Answers and hazard links need no role: anyone who may comment gives them.
  const roleless = new Set<Fact["kind"]>(["answer", "link", "unlink"]);
  const actors = new Set([...facts.filter((f) => !roleless.has(f.kind)).map((f) => f.actor), ...extra]);
  for (const actor of actors) {
    const key = actor.toLowerCase();
    if (roles.has(key)) continue;
    const teams = await teamsOf(octokit, owner, actor, config.config.roles, cache);
    roles.set(key, rolesOf(config.config.roles, actor, teams));
  }
  return roles;
}

/**
 * The commit the PR's hazard log is compared with: where the PR branched from its base (the compare API's
 * merge base, which GitHub's own diff of the PR is against). Not the base branch's tip: a hazard added or
 * re-scored there after the PR branched would read as this PR deleting or reverting it. An open PR is compared
 * with its base branch as it is now; a merged one with its base commit (`baseSha`), since the branch already
 * holds the merge, falling back to that commit when GitHub finds no shared history. An open PR with none, or
 * a comparison GitHub fails, fails the read saying why, and the caller fails closed as on any read failure.
 */
async function branchPoint(octokit: Octokit, pr: PullRequestSnapshot, baseSha: string | undefined): Promise<string> {
  const base = baseSha ?? pr.baseRef;
  let found: string | null;
  try {
    found = await mergeBase(octokit, pr.owner, pr.repo, base, pr.headSha);
  } catch (error) {
    const status = typeof error === "object" && error !== null ? (error as { status?: unknown }).status : undefined;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    const failure = new Error(`could not find where this PR branched from ${base} to compare the hazard log with it: ${reason}`, { cause: error });
    throw typeof status === "number" ? Object.assign(failure, { status }) : failure;
  }
  if (found !== null) return found;
  if (baseSha !== undefined) return baseSha;
  throw new Error(`GitHub finds no commit where this PR branched from ${base}, so its changes to the hazard log cannot be told from the base's`);
}

/** What the reader needs besides GitHub. */
export interface ReadDeps {
  audit: AuditStore;
  now: () => Date;
  /** Team membership answers reused briefly (src/github/membership.ts). */
  memberships?: MembershipCache;
}

/**
 * A snapshot, and both versions of the hazard log it compared when the PR changes the log (with their blob
 * SHAs, from the same reads): what a merge records as the log's version (src/audit/hazard-log-version.ts).
 */
export type ReadSnapshot = Snapshot & { hazardLogSides?: HazardLogSides };

/**
 * The one reader: the PR (all files), the configuration from the default branch, the hazard log at the head
 * (and where the PR branched from its base when the PR changes it), the whole conversation, the PR's audit
 * records (read once; its facts and head history come from them) and the live roles of everyone who acted.
 * Any GitHub failure propagates: the caller turns it into a failing check.
 *
 * `baseSha`: a merged PR's base commit. Its base branch already holds the merge, so comparing with the branch
 * would find nothing changed: the log is compared at the commit the PR branched from (its merge base with
 * `baseSha`), so that changes made on the base since are not taken for the PR's. An open PR's log is compared
 * at its merge base with the base branch for the same reason ({@link branchPoint}): one request more, only for
 * a PR that changes the log.
 */
export async function readSnapshot(
  octokit: Octokit,
  deps: ReadDeps,
  ref: PrRef,
  opts: { defaultBranch: string; botLogin: string; extraActors?: readonly string[]; auditUrl?: string; baseSha?: string },
): Promise<ReadSnapshot> {
  const pr = await fetchSnapshot(octokit, ref);
  const loaded = await loadConfig(contentReader(octokit), { owner: ref.owner, repo: ref.repo, defaultBranch: opts.defaultBranch });
  const config: ConfigView =
    loaded.state === "ok"
      ? { state: "ok", config: loaded.config, sha: loaded.sha }
      : loaded.state === "invalid"
        ? { state: "invalid", problems: loaded.problems, ...(loaded.sha === undefined ? {} : { sha: loaded.sha }) }
        : { state: "missing" };
  let hazardLog: HazardLogView = { state: "absent", path: "" };
  let hazardLogDiff: HazardLogDiff | undefined;
  let hazardLogSides: HazardLogSides | undefined;
  if (config.state === "ok") {
    // Read at the PR head: a PR may add the hazard it links to.
    const head = await readHazardLog(octokit, pr, config.config, pr.headSha);
    hazardLog = head.view;
    // The CSO approves a change to the log: show what it is, and catch deletions — a log deleted or moved
    // away (absent at the head) deletes every hazard. An invalid head is reported as such; a diff against a
    // half-parsed log would claim deletions that are parse errors.
    if (changesHazardLog(pr, config.config) && head.view.state !== "invalid") {
      const base = await readHazardLog(octokit, pr, config.config, await branchPoint(octokit, pr, opts.baseSha));
      if (base.view.state !== "invalid") {
        hazardLogDiff = diffHazardLogs(base.hazards, head.hazards);
        hazardLogSides = {
          path: config.config.hazard_log.path,
          before: { blob: base.blob, hazards: base.hazards },
          after: { blob: head.blob, hazards: head.hazards },
        };
      }
    }
  }
  const conversation = await fetchConversation(octokit, ref);
  const sticky = findSticky(conversation, COMMENT_MARKER, opts.botLogin);
  // The app's own comments list hazards it proposes; they must not count as mentions. Ids in the
  // description link; ids in comments and reviews are only mentioned (core/evaluate.ts).
  const texts: TextSource[] = [
    { source: "PR description", text: pr.body, kind: "body" },
    ...conversation
      .filter((c) => c.author !== opts.botLogin)
      .map((c) => ({
        source: `${c.kind === "review" ? "review" : "comment"} by @${c.author}`,
        text: c.body,
        kind: c.kind === "review" ? ("review" as const) : ("comment" as const),
      })),
  ];
  const appComments = conversation
    .filter((c) => c.kind === "comment" && c.author === opts.botLogin && c !== sticky)
    .map(({ id, author, body }) => ({ id, author, body }));
  const records = await prRecords(deps.audit, `${ref.owner}/${ref.repo}`, ref.number);
  const facts = factsOf(records);
  const roles = await resolveRoles(octokit, ref.owner, config, facts, opts.extraActors ?? [], deps.memberships);
  return {
    pr,
    config,
    hazardLog,
    ...(hazardLogDiff ? { hazardLogDiff } : {}),
    ...(hazardLogSides ? { hazardLogSides } : {}),
    texts,
    ...(sticky ? { sticky: { id: sticky.id, author: sticky.author, body: sticky.body } } : {}),
    appComments,
    records,
    facts,
    roles,
    botLogin: opts.botLogin,
    defaultBranch: opts.defaultBranch,
    now: deps.now().toISOString(),
    ...(opts.auditUrl === undefined ? {} : { auditUrl: opts.auditUrl }),
    defaultCheckName: DEFAULT_CHECK_NAME,
  };
}

/** Every record of one PR, in chain order. */
export async function prRecords(audit: AuditStore, repo: string, pr: number): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for await (const r of audit.stream({ repo, pr })) records.push(r);
  return records;
}
