import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

/**
 * `.env` for `npm start`: where `npm run setup` (src/setup/) writes the app's credentials.
 *
 * Read only when the environment has no APP_ID: the credentials then come from one place, never half from
 * each (another app's client secret beside this APP_ID would make sign-in fail in a way that is hard to
 * see), and a process started with its whole configuration in the environment (a container, the tests) is
 * not changed by a `.env` that happens to lie in its working directory. Variables set in the environment
 * still win over the file's, key by key, as with Node's `--env-file`.
 */
export function applyDotEnv(env: NodeJS.ProcessEnv, cwd: string): void {
  const path = join(cwd, ".env");
  let found = false;
  if (!env.APP_ID?.trim()) {
    let text: string | undefined;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    if (text !== undefined) {
      found = true;
      for (const [key, value] of Object.entries(parseEnv(text))) if (env[key] === undefined && value !== undefined) env[key] = value;
    }
  }
  const missing = [
    ...(env.APP_ID?.trim() ? [] : ["APP_ID"]),
    ...(env.PRIVATE_KEY?.trim() || env.PRIVATE_KEY_PATH?.trim() ? [] : ["PRIVATE_KEY (or PRIVATE_KEY_PATH)"]),
  ];
  // The app's identity only: anything else missing (WEBHOOK_SECRET…) is src/env.ts's to report, all at once.
  if (missing.length === 0) return;
  throw new Error(
    `No GitHub App credentials: ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set, in the environment or in ${found ? path : `a .env file (there is none at ${path})`}.\n` +
      `Run \`npm run setup\` to register the app on GitHub and write them to .env (docs/getting-started.md), ` +
      `or set APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, and WEBHOOK_SECRET in the environment.`,
  );
}
