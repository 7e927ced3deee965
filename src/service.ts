/**
 * The running service: the app loaded into Probot, one HTTP server, and the inbox worker. One webhook's
 * path, from here: the intake (verify, store in the inbox, answer 202) → the inbox worker (one stream at a
 * time, any replica) → `probot.receive` → the handlers (src/app.ts). Probot's own server is not used: its
 * webhook middleware answers only after every handler has finished, and GitHub gives a delivery 10 seconds.
 * `main.ts` starts it from the environment; the demo starts the same thing against the simulator.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Probot } from "probot";
import { APP_EVENTS, createApp, type AuditWebOptions } from "./app.js";
import { createHealthHandler } from "./intake/health.js";
import { logRequest, requestPath } from "./intake/request-log.js";
import { createWebhookIntake } from "./intake/webhook-intake.js";
import { InboxWorker } from "./intake/worker.js";
import { internalQueue } from "./intake/internal-delivery.js";
import { CountingAuditStore } from "./metrics/counting-audit-store.js";
import { createMetricsHandler } from "./metrics/endpoint.js";
import { ServiceMetrics } from "./metrics/service-metrics.js";
import type { AuditStore } from "./store/audit-store.js";
import type { DeliveryInbox, FactStore } from "./store/port.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => boolean | void | Promise<boolean | void>;

export interface ServiceOptions {
  probot: Probot;
  store: FactStore & DeliveryInbox;
  audit: AuditStore;
  secret: string;
  port: number;
  host?: string;
  webhookPath?: string;
  publicUrl?: string;
  web?: AuditWebOptions;
  log: Logger;
  now?: () => Date;
  /** How often to reconcile (handlers/reconcile.ts); off when absent. */
  reconcileEveryMs?: number;
  /** How long the inbox worker's lease on a delivery lasts (INBOX_LEASE_SECONDS); default 30 s. */
  leaseMs?: number;
  /**
   * The metrics `/metrics` serves (docs/metrics.md); a registry of the service's own when absent. Pass the one
   * the Probot's Octokit class reports to (src/github/app-octokit.ts, as src/main.ts does), so that GitHub's
   * requests and the check conclusions are counted in it too.
   */
  metrics?: ServiceMetrics;
  /** When set, `/metrics` answers only requests bearing it (`Authorization: Bearer …`): METRICS_TOKEN. */
  metricsToken?: string;
}

export interface Service {
  /** The port it listens on (the one asked for, or the one given for 0). */
  port: number;
  worker: InboxWorker;
  metrics: ServiceMetrics;
  /** Resolves once every delivery received so far has been processed (or parked). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function startService(o: ServiceOptions): Promise<Service> {
  const added: Handler[] = [];
  const metrics = o.metrics ?? new ServiceMetrics();
  metrics.watchInbox(o.store);
  // Every record the app appends is counted here, so that no handler needs to know about metrics.
  const audit = new CountingAuditStore(o.audit, (kinds) => metrics.auditAppended(kinds));
  const worker = new InboxWorker({
    inbox: o.store,
    secret: o.secret,
    process: (d) => o.probot.receive(d as Parameters<Probot["receive"]>[0]),
    log: o.log,
    observe: (observation) => metrics.deliveryAttempt(observation),
    ...(o.leaseMs === undefined ? {} : { leaseMs: o.leaseMs }),
  });
  // Signatures from the audit pages go through the inbox like webhooks, and wake the worker as they do.
  const internal = internalQueue(o.store, o.secret, () => worker.wake());
  await o.probot.load(
    createApp({
      store: o.store,
      audit,
      ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}),
      ...(o.web ? { web: o.web } : {}),
      ...(o.now ? { now: o.now } : {}),
      ...(o.reconcileEveryMs ? { reconcileEveryMs: o.reconcileEveryMs } : {}),
      internal,
    }),
    { cwd: process.cwd(), addHandler: (h: Handler) => added.push(h) },
  );
  const handlers: Handler[] = [
    createWebhookIntake({
      path: o.webhookPath ?? "/api/github/webhooks",
      secret: o.secret,
      inbox: o.store,
      events: APP_EVENTS,
      stored: () => worker.wake(),
      log: o.log,
      observe: (observation) => metrics.webhookRequest(observation),
    }),
    createHealthHandler({ inbox: o.store, worker }),
    createMetricsHandler({ metrics, ...(o.metricsToken === undefined ? {} : { token: o.metricsToken }) }),
    ...added,
  ];
  const server = createServer((req, res) => {
    logRequest(o.log, req, res);
    void (async () => {
      for (const handler of handlers) if (await handler(req, res)) return;
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    })().catch((error: unknown) => {
      o.log.error({ err: { message: error instanceof Error ? error.message : String(error) }, path: requestPath(req.url) }, "request failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  worker.start();
  return {
    port: (server.address() as AddressInfo).port,
    worker,
    metrics,
    async settled() {
      for (;;) {
        if ((await o.store.stats()).pending === 0 && worker.busy === 0) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await worker.stop();
    },
  };
}
