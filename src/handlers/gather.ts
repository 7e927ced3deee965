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
import { parseHazardLog, toSummary } from "../hazards/parse.js";
import { COMMENT_MARKER } from "../render/comment.js";
import type { FactStore } from "../store/port.js";

/** Everything read from GitHub and the store for one evaluation of one PR. */
export interface Gathered {
  ref: PrRef;
  pr: PullRequestSnapshot;
  config: ConfigView;
  hazardLog: HazardLogView;
  conversation: PrComment[];
  sticky: PrComment | undefined;
  texts: TextSource[];
  facts: Fact[];
  /** Live roles of each person looked up so far (login lower-cased). */
  roles: Map<string, string[]>;
}

async function readHazardLog(octokit: Octokit, pr: PullRequestSnapshot, config: GateConfig): Promise<HazardLogView> {
  const path = config.hazard_log.path;
  // Read at the PR head: a PR may add the hazard it links to.
  const file = await contentReader(octokit).getFile(pr.owner, pr.repo, path, pr.headSha);
  if (!file) return { state: "absent", path };
  const parsed = parseHazardLog(file.text, path, {
    idPattern: config.hazard_log.id_pattern,
    ...(config.risk_matrix ? { matrix: config.risk_matrix } : {}),
  });
  if (!parsed.ok) return { state: "invalid", path, problems: parsed.problems };
  return { state: "ok", path, hazards: parsed.hazards.map(toSummary) };
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
  const hazardLog: HazardLogView =
    config.state === "ok" ? await readHazardLog(octokit, pr, config.config) : { state: "absent", path: "" };
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
  const g: Gathered = { ref, pr, config, hazardLog, conversation, sticky, texts, facts, roles: new Map() };
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
  });
}
