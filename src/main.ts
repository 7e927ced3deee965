import { pino } from "pino";
import { run } from "probot";
import { createApp } from "./app.js";
import { parseEnv } from "./env.js";
import { SqlAuditStore } from "./store/audit-store.js";
import { auditAuthFromEnv } from "./web/auth/env.js";
import { LOG_REDACT_PATHS } from "./web/auth/log-redaction.js";
import { openPgliteStore } from "./store/pglite.js";
import { openPostgresStore } from "./store/postgres.js";

/** Process entry: environment → store → Probot server (webhooks on WEBHOOK_PATH, default /api/github/webhooks). */
async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const store = env.DATABASE_URL ? await openPostgresStore(env.DATABASE_URL) : await openPgliteStore(env.DATA_DIR);
  const audit = new SqlAuditStore(store.driver);
  // Our own logger, so that what Probot's HTTP log writes of each request never holds a session cookie or a
  // credential. JSON lines, at LOG_LEVEL.
  const log = pino({ level: process.env.LOG_LEVEL ?? "info", redact: { paths: [...LOG_REDACT_PATHS], censor: "[redacted]" } });
  const server = await run(createApp({ store, audit, publicUrl: env.PUBLIC_URL, web: auditAuthFromEnv(process.env), replayEveryMs: 60_000 }), { log });
  const stop = async () => {
    await server.stop();
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
