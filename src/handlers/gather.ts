import { loadConfig } from "../config/load.js";
import { evaluate, type ConfigView, type TextSource } from "../core/evaluate.js";
import { rolesOf } from "../core/requirements.js";
import type { Evaluation, Fact, GateConfig, HazardLogView, PullRequestSnapshot } from "../core/types.js";
import { contentReader } from "../github/content.js";
import { fetchConversation, type PrComment } from "../github/conversation.js";
import { teamsOf } from "../github/membership.js";
import type { Octokit, PrRef } from "../github/octokit.js";
import { fetchSnapshot } from "../github/pull-request.js";
import { findSticky } from "../github/sticky-comment.js";
import { diffHazardLogs, type HazardLogDiff } from "../hazards/diff.js";
import { parseHazardLog, toSummary } from "../hazards/parse.js";
import type { Hazard } from "../hazards/schema.js";
import { COMMENT_MARKER } from "../render/comment.js";
import type { FactStore } from "../store/port.js";

/** Everything read from GitHub and the store for one evaluation of one PR. */
export interface Gathered {
  ref: PrRef;
  pr: PullRequestSnapshot;
  config: ConfigView;
  hazardLog: HazardLogView;
  /** Set when the PR changes the hazard log: base → head. */
  hazardLogDiff?: HazardLogDiff;
  conversation: PrComment[];
  sticky: PrComment | undefined;
  texts: TextSource[];
  facts: Fact[];
  /** Live roles of each person looked up so far (login lower-cased). */
  roles: Map<string, string[]>;
}

/** The hazard log at one ref: its view for the core, and the parsed entries (for a diff). */
async function readHazardLog(octokit: Octokit, pr: PullRequestSnapshot, config: GateConfig, ref: string): Promise<{ view: HazardLogView; hazards: Hazard[] }> {
  const path = config.hazard_log.path;
  const file = await contentReader(octokit).getFile(pr.owner, pr.repo, path, ref);
  if (!file) return { view: { state: "absent", path }, hazards: [] };
  const parsed = parseHazardLog(file.text, path, {
    idPattern: config.hazard_log.id_pattern,
    ...(config.risk_matrix ? { matrix: config.risk_matrix } : {}),
  });
  if (!parsed.ok) return { view: { state: "invalid", path, problems: parsed.problems }, hazards: parsed.hazards };
  return { view: { state: "ok", path, hazards: parsed.hazards.map(toSummary) }, hazards: parsed.hazards };
}

/**
 * Whether the PR may touch the hazard log (under its new or, for a rename, its old path). A PR with more
 * files than GitHub lists may touch it unseen, so it is compared too.
 */
function changesHazardLog(pr: PullRequestSnapshot, config: GateConfig): boolean {
  return pr.filesTruncated || pr.files.some((f) => f.path === config.hazard_log.path || f.previousPath === config.hazard_log.path);
}

/** Looks up the live roles of every person who acted, plus `extra` (the person giving a command now). */
export async function resolveRoles(octokit: Octokit, g: Gathered, extra: string[] = []): Promise<void> {
  if (g.config.state !== "ok") return;
  const actors = new Set([...g.facts.filter((f) => f.kind !== "answer").map((f) => f.actor), ...extra]);
  for (const actor of actors) {
    const key = actor.toLowerCase();
    if (g.roles.has(key)) continue;
    const teams = await teamsOf(octokit, g.ref.owner, actor, g.config.config.roles);
    g.roles.set(key, rolesOf(g.config.config.roles, actor, teams));
  }
}

/**
 * Reads the PR (all files), the configuration from the default branch, the hazard log at the head, the whole
 * conversation and the stored facts. Any GitHub failure propagates: the caller turns it into a failing check.
 */
export async function gather(
  octokit: Octokit,
  store: FactStore,
  ref: PrRef,
  opts: { defaultBranch: string; botLogin: string; extraActors?: string[] },
): Promise<Gathered> {
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
  if (config.state === "ok") {
    // Read at the PR head: a PR may add the hazard it links to.
    const head = await readHazardLog(octokit, pr, config.config, pr.headSha);
    hazardLog = head.view;
    // The CSO approves a change to the log: show what it is, and catch deletions — a log deleted or moved
    // away (absent at the head) deletes every hazard. An invalid head is reported as such; a diff against a
    // half-parsed log would claim deletions that are parse errors.
    if (changesHazardLog(pr, config.config) && head.view.state !== "invalid") {
      const base = await readHazardLog(octokit, pr, config.config, pr.baseRef);
      if (base.view.state !== "invalid") hazardLogDiff = diffHazardLogs(base.hazards, head.hazards);
    }
  }
  const conversation = await fetchConversation(octokit, ref);
  const sticky = findSticky(conversation, COMMENT_MARKER, opts.botLogin);
  // The app's own comments list hazards it proposes; they must not count as links.
  const texts: TextSource[] = [
    { source: "PR description", text: pr.body },
    ...conversation
      .filter((c) => c.author !== opts.botLogin)
      .map((c) => ({ source: `${c.kind === "review" ? "review" : "comment"} by @${c.author}`, text: c.body })),
  ];
  const facts = await store.facts({ repo: `${ref.owner}/${ref.repo}`, number: ref.number });
  const g: Gathered = { ref, pr, config, hazardLog, conversation, sticky, texts, facts, roles: new Map(), ...(hazardLogDiff ? { hazardLogDiff } : {}) };
  await resolveRoles(octokit, g, opts.extraActors ?? []);
  return g;
}

/** The pure evaluation of what was gathered. */
export function evaluateGathered(g: Gathered): Evaluation {
  return evaluate({
    config: g.config,
    pr: g.pr,
    hazardLog: g.hazardLog,
    texts: g.texts,
    facts: g.facts,
    rolesOf: (login) => g.roles.get(login.toLowerCase()) ?? [],
    ...(g.hazardLogDiff ? { hazardLogDiff: g.hazardLogDiff } : {}),
  });
}
