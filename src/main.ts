import { pino } from "pino";
import { createProbot } from "probot";
import { applyDotEnv } from "./dotenv.js";
import { parseEnv } from "./env.js";
import { appOctokit } from "./github/app-octokit.js";
import { THROTTLE_OPTIONS } from "./github/rate-limits.js";
import { ServiceMetrics } from "./metrics/service-metrics.js";
import { startService } from "./service.js";
import { SqlAuditStore } from "./store/audit-store.js";
import { SqlRevokedSessions } from "./store/revoked-sessions.js";
import { auditAuthFromEnv } from "./web/auth/env.js";
import { LOG_REDACT_PATHS } from "./web/auth/log-redaction.js";
import { openPgliteStore } from "./store/pglite.js";
import { openPostgresStore } from "./store/postgres.js";

/** Process entry: environment → store → the service (src/service.ts: intake, inbox worker, app, pages). */
async function main(): Promise<void> {
  // `.env` (written by `npm run setup`) when the environment has no APP_ID; without credentials, says to run setup.
  applyDotEnv(process.env, process.cwd());
  const env = parseEnv(process.env);
  const store = env.DATABASE_URL ? await openPostgresStore(env.DATABASE_URL) : await openPgliteStore(env.DATA_DIR);
  const audit = new SqlAuditStore(store.driver);
  // Our own logger, so that nothing logged holds a session cookie or a credential. JSON lines, at LOG_LEVEL.
  const log = pino({ level: process.env.LOG_LEVEL ?? "info", redact: { paths: [...LOG_REDACT_PATHS], censor: "[redacted]" } });
  // APP_ID, PRIVATE_KEY(_PATH), WEBHOOK_SECRET, GHE_HOST and GHE_PROTOCOL keep Probot's meaning.
  // Conditional requests: unchanged re-reads (config, hazard log, PR files…) come back as 304s, free of rate limit.
  // Rate limits: wait and retry within bounds (src/github/rate-limits.ts), then leave it to the inbox's retries.
  // Metrics (docs/metrics.md): GitHub's requests are counted by a plugin of the app's Octokit class.
  const metrics = new ServiceMetrics();
  const Octokit = appOctokit(metrics).defaults({ throttle: THROTTLE_OPTIONS });
  const probot = createProbot({ overrides: { log, Octokit } });
  const web = { ...auditAuthFromEnv(process.env), revokedSessions: new SqlRevokedSessions(store.driver) };
  const service = await startService({
    probot,
    store,
    audit,
    secret: env.WEBHOOK_SECRET,
    port: env.PORT,
    ...(process.env.HOST ? { host: process.env.HOST } : {}),
    ...(process.env.WEBHOOK_PATH ? { webhookPath: process.env.WEBHOOK_PATH } : {}),
    publicUrl: env.PUBLIC_URL,
    ...(web ? { web } : {}),
    log,
    metrics,
    ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
    leaseMs: env.INBOX_LEASE_SECONDS * 1000,
    // Open PRs whose head no delivery told the gate about: at start-up, then every ten minutes.
    reconcileEveryMs: 10 * 60_000,
  });
  log.info(`listening on ${process.env.HOST ?? "all interfaces"}:${service.port}`);

  const stop = async () => {
    await service.stop();
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
