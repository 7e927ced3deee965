import { generateKeyPairSync } from "node:crypto";
import { ProbotOctokit } from "probot";
import { conditionalRequests } from "../../src/github/conditional-requests.js";

/**
 * Probot replaces a plain `throttle` default with its own options (shallowly), which switches throttling back
 * on and spaces writes a second apart; the function form sees Probot's options and overrides them. Retries are
 * off too, so an injected fault is seen at once. Conditional requests are on, as in production (src/main.ts),
 * sharing the module-level ETag cache.
 */
export const UNTHROTTLED = ProbotOctokit.plugin(conditionalRequests).defaults<typeof ProbotOctokit>((options: Record<string, unknown>) => ({
  ...options,
  throttle: { ...(options.throttle as object), enabled: false },
  retry: { enabled: false },
}));

/** A fresh RSA key for the app: the simulator does not verify JWTs, but Probot must sign them. */
export function generatePrivateKey(): string {
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
}
