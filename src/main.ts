import { run } from "probot";
import { createApp } from "./app.js";
import { parseEnv } from "./env.js";
import { SqlAuditStore } from "./store/audit-store.js";
import { openPgliteStore } from "./store/pglite.js";
import { openPostgresStore } from "./store/postgres.js";

/** Process entry: environment → store → Probot server (webhooks on WEBHOOK_PATH, default /api/github/webhooks). */
async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const store = env.DATABASE_URL ? await openPostgresStore(env.DATABASE_URL) : await openPgliteStore(env.DATA_DIR);
  const audit = new SqlAuditStore(store.driver);
  const server = await run(createApp({ store, audit, publicUrl: env.PUBLIC_URL }));
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
