/**
 * The service's Prometheus metrics, in a registry of its own (never prom-client's global one: two services in
 * one process — tests, the bench — each count their own). What each metric means, and alerts worth having on
 * them: docs/metrics.md. Every label value comes from a fixed set or from GitHub's own vocabulary (event names,
 * route templates, record kinds): never an owner, repository, PR, path, token or body.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { AUDIT_KINDS } from "../audit/record.js";
import type { IntakeOutcome } from "../intake/webhook-intake.js";
import type { DeliveryObservation } from "../intake/worker.js";
import type { DeliveryInbox, InboxStats } from "../store/port.js";
import type { GitHubRequestSink } from "./github-requests.js";

const PREFIX = "clinical_safety_";

/** The conclusions the gate publishes (and GitHub's `neutral`), counted from zero so a rate exists at once. */
const PUBLISHED_CONCLUSIONS = ["success", "action_required", "failure", "neutral"] as const;

/**
 * An event name as a label: GitHub's names are lower-case words (`pull_request_review`). A name only ever
 * comes from a delivery whose signature verified, so it is GitHub's word; the shape check is a second guard.
 */
function eventLabel(name: string | undefined): string {
  if (name === undefined) return "unverified";
  return /^[a-z_]{1,64}$/.test(name) ? name : "other";
}

export class ServiceMetrics implements GitHubRequestSink {
  readonly registry = new Registry();
  private readonly webhooks: Counter<"event" | "outcome">;
  private readonly deliveries: Counter<"event" | "outcome">;
  private readonly processing: Histogram<"event">;
  private readonly githubRequests: Counter<"method" | "route" | "status">;
  private readonly rateLimitRemaining: Gauge<"installation" | "resource">;
  private readonly conclusions: Counter<"conclusion">;
  private readonly auditRecords: Counter<"kind">;
  private inbox: Pick<DeliveryInbox, "stats"> | undefined;
  /** The inbox's statistics being read for the scrape under way, shared by the gauges that show them. */
  private reading: Promise<InboxStats | undefined> | undefined;

  constructor() {
    const registers = [this.registry];
    this.webhooks = new Counter({
      name: `${PREFIX}webhook_requests_total`,
      help: "Requests to the webhook endpoint, by event and by what the intake did with them.",
      labelNames: ["event", "outcome"],
      registers,
    });
    this.deliveries = new Counter({
      name: `${PREFIX}deliveries_processed_total`,
      help: "Attempts of the inbox worker at a stored delivery, by event and outcome.",
      labelNames: ["event", "outcome"],
      registers,
    });
    this.processing = new Histogram({
      name: `${PREFIX}delivery_processing_seconds`,
      help: "How long the app took over one attempt at a delivery (its GitHub requests included), by event.",
      labelNames: ["event"],
      // From an event that needs no GitHub request to one that waited out a rate limit (up to 3 × 60 s).
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.githubRequests = new Counter({
      name: `${PREFIX}github_requests_total`,
      help: "GitHub API requests, by method, route template and status class (304: answered from the ETag cache).",
      labelNames: ["method", "route", "status"],
      registers,
    });
    this.rateLimitRemaining = new Gauge({
      name: `${PREFIX}github_rate_limit_remaining`,
      help: "The x-ratelimit-remaining GitHub sent with its last answer, per installation (app: the app's own JWT) and resource.",
      labelNames: ["installation", "resource"],
      registers,
    });
    this.conclusions = new Counter({
      name: `${PREFIX}check_conclusions_total`,
      help: "Check runs the gate completed on GitHub, by conclusion.",
      labelNames: ["conclusion"],
      registers,
    });
    for (const conclusion of PUBLISHED_CONCLUSIONS) this.conclusions.inc({ conclusion }, 0);
    this.auditRecords = new Counter({
      name: `${PREFIX}audit_records_appended_total`,
      help: "Records appended to the audit trail, by kind.",
      labelNames: ["kind"],
      registers,
    });
    for (const kind of AUDIT_KINDS) this.auditRecords.inc({ kind }, 0);

    const read = () => this.readInbox();
    new Gauge({
      name: `${PREFIX}storage_up`,
      help: "1 when the inbox's statistics could be read from storage at this scrape, else 0.",
      registers,
      async collect() {
        this.set((await read()) === undefined ? 0 : 1);
      },
    });
    const inboxGauge = (name: string, help: string, value: (stats: InboxStats) => number) =>
      new Gauge({
        name: `${PREFIX}${name}`,
        help,
        registers,
        async collect() {
          const stats = await read();
          // Storage unreachable: no sample at all, rather than a stale depth or a reassuring 0 (storage_up says why).
          if (stats === undefined) this.remove();
          else this.set(value(stats));
        },
      });
    inboxGauge("inbox_pending_deliveries", "Deliveries stored and not yet processed (retries waiting included).", (s) => s.pending);
    inboxGauge(
      "inbox_parked_deliveries",
      "Deliveries parked after their last attempt failed: kept with their error, no longer tried.",
      (s) => s.parked,
    );
    inboxGauge("inbox_oldest_pending_age_seconds", "Age of the oldest pending delivery; 0 when none is pending.", (s) =>
      s.oldestPendingAt ? Math.max(0, (Date.now() - s.oldestPendingAt.getTime()) / 1000) : 0,
    );

    collectDefaultMetrics({ register: this.registry });
  }

  /** The inbox whose depth the gauges show, read at each scrape. */
  watchInbox(inbox: Pick<DeliveryInbox, "stats">): void {
    this.inbox = inbox;
  }

  /**
   * One `stats()` query per scrape: prom-client starts every metric's `collect` in the same turn, so the
   * first starts the query and the others share it; it is forgotten once answered.
   */
  private readInbox(): Promise<InboxStats | undefined> {
    const inbox = this.inbox;
    if (inbox === undefined) return Promise.resolve(undefined);
    this.reading ??= inbox
      .stats()
      .catch(() => undefined)
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** For the webhook intake's `observe`. */
  webhookRequest(o: { name: string | undefined; outcome: IntakeOutcome }): void {
    this.webhooks.inc({ event: eventLabel(o.name), outcome: o.outcome });
  }

  /** For the inbox worker's `observe`. */
  deliveryAttempt(o: DeliveryObservation): void {
    const event = eventLabel(o.name);
    this.deliveries.inc({ event, outcome: o.outcome });
    if (o.seconds !== undefined) this.processing.observe({ event }, o.seconds);
  }

  githubRequest(r: { method: string; route: string; status: string }): void {
    this.githubRequests.inc(r);
  }

  githubRateLimit(r: { installation: string; resource: string; remaining: number }): void {
    this.rateLimitRemaining.set({ installation: r.installation, resource: r.resource }, r.remaining);
  }

  checkRunConcluded(conclusion: string): void {
    this.conclusions.inc({ conclusion });
  }

  /** For the counting audit store: the kinds of the records just appended. */
  auditAppended(kinds: readonly string[]): void {
    for (const kind of kinds) this.auditRecords.inc({ kind });
  }

  /** The text exposition and its content type, for `GET /metrics`. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
