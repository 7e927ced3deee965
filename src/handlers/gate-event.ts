/**
 * The edge between webhooks and the core's {@link mayChangeGate}: a delivery summarised as a
 * {@link GateEvent}, and what the gate last learned of each repository's configuration.
 */
import type { GateEvent, RepoKnowledge } from "../core/may-change-gate.js";
import type { GateConfig } from "../core/types.js";
import { COMMENT_MARKER } from "../render/comment.js";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === "object" && v !== null ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** Summarises a delivery for {@link mayChangeGate}. */
export function gateEventOf(name: string, payload: unknown, botLogin: string): GateEvent {
  const p = obj(payload);
  const action = str(p.action);
  if (name === "pull_request") {
    const label = obj(p.label).name;
    return typeof label === "string" ? { kind: "pull_request", action, label } : { kind: "pull_request", action };
  }
  if (name === "issue_comment" && (action === "created" || action === "edited")) {
    const comment = obj(p.comment);
    const body = str(comment.body);
    const previous = obj(obj(p.changes).body).from;
    return {
      kind: "comment",
      action,
      onPullRequest: obj(p.issue).pull_request !== undefined && obj(p.issue).pull_request !== null,
      isSticky: str(obj(comment.user).login) === botLogin && body.includes(COMMENT_MARKER),
      body,
      ...(typeof previous === "string" ? { previousBody: previous } : {}),
    };
  }
  if (name === "pull_request_review") return { kind: "review", body: str(obj(p.review).body) };
  return { kind: "other" };
}

/**
 * What the gate learned of each repository's configuration at its last evaluation in this process, for a
 * short while: long enough to skip a burst of unrelated events, short enough that a configuration changed
 * through another replica is soon seen here. Unknown or expired means "evaluate".
 */
export class RepoKnowledgeCache {
  private readonly byRepo = new Map<string, { knowledge: RepoKnowledge; until: number }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly max = 10_000,
  ) {}

  learn(repo: string, config: GateConfig): void {
    if (this.byRepo.size >= this.max) this.byRepo.clear();
    this.byRepo.set(repo, { knowledge: { idPattern: config.hazard_log.id_pattern }, until: this.now() + this.ttlMs });
  }

  /** Forgets a repository (its configuration may have changed). */
  forget(repo: string): void {
    this.byRepo.delete(repo);
  }

  get(repo: string): RepoKnowledge | undefined {
    const entry = this.byRepo.get(repo);
    if (entry === undefined || entry.until < this.now()) return undefined;
    return entry.knowledge;
  }
}
