import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { pino } from "pino";
import { createProbot, ProbotOctokit, type Probot } from "probot";
import { APP_EVENTS, createApp } from "./app.js";
import { parseEnv } from "./env.js";
import { conditionalRequests } from "./github/conditional-requests.js";
import { createHealthHandler } from "./intake/health.js";
import { createWebhookIntake } from "./intake/webhook-intake.js";
import { InboxWorker } from "./intake/worker.js";
import { THROTTLE_OPTIONS } from "./github/rate-limits.js";
import { SqlAuditStore } from "./store/audit-store.js";
import { auditAuthFromEnv } from "./web/auth/env.js";
import { LOG_REDACT_PATHS } from "./web/auth/log-redaction.js";
import { openPgliteStore } from "./store/pglite.js";
import { openPostgresStore } from "./store/postgres.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => boolean | void | Promise<boolean | void>;

/**
 * Process entry: environment → store → the app → one HTTP server. One webhook's path, from here:
 * the intake (verify, store in the inbox, answer 202) → the inbox worker (one stream at a time, any
 * replica) → `probot.receive` → the handlers (src/app.ts). Probot's own server is not used: its webhook
 * middleware answers only after every handler has finished, and GitHub gives a delivery 10 seconds.
 */
async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const store = env.DATABASE_URL ? await openPostgresStore(env.DATABASE_URL) : await openPgliteStore(env.DATA_DIR);
  const audit = new SqlAuditStore(store.driver);
  // Our own logger, so that nothing logged holds a session cookie or a credential. JSON lines, at LOG_LEVEL.
  const log = pino({ level: process.env.LOG_LEVEL ?? "info", redact: { paths: [...LOG_REDACT_PATHS], censor: "[redacted]" } });
  // APP_ID, PRIVATE_KEY(_PATH), WEBHOOK_SECRET, GHE_HOST and GHE_PROTOCOL keep Probot's meaning.
  // Conditional requests: unchanged re-reads (config, hazard log, PR files…) come back as 304s, free of rate limit.
  // Rate limits: wait and retry within bounds (src/github/rate-limits.ts), then leave it to the inbox's retries.
  const Octokit = ProbotOctokit.plugin(conditionalRequests).defaults({ throttle: THROTTLE_OPTIONS });
  const probot: Probot = createProbot({ overrides: { log, Octokit } });
  const added: Handler[] = [];
  await probot.load(createApp({ store, audit, publicUrl: env.PUBLIC_URL, web: auditAuthFromEnv(process.env) }), {
    cwd: process.cwd(),
    addHandler: (h: Handler) => added.push(h),
  });

  const worker = new InboxWorker({
    inbox: store,
    secret: env.WEBHOOK_SECRET,
    process: (d) => probot.receive(d as Parameters<Probot["receive"]>[0]),
    log,
  });
  const handlers: Handler[] = [
    createWebhookIntake({
      path: process.env.WEBHOOK_PATH ?? "/api/github/webhooks",
      secret: env.WEBHOOK_SECRET,
      inbox: store,
      events: APP_EVENTS,
      stored: () => worker.wake(),
      log,
    }),
    createHealthHandler({ inbox: store, worker }),
    ...added,
  ];
  const server = createServer((req, res) => {
    void (async () => {
      for (const handler of handlers) if (await handler(req, res)) return;
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    })().catch((error: unknown) => {
      log.error({ err: { message: error instanceof Error ? error.message : String(error) }, path: (req.url ?? "").split("?")[0] }, "request failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, process.env.HOST, () => resolve());
  });
  worker.start();
  log.info(`listening on ${process.env.HOST ?? "all interfaces"}:${env.PORT}`);

  const stop = async () => {
    server.close();
    await worker.stop();
    await store.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
