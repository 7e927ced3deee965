import { generateKeyPairSync } from "node:crypto";
import { ProbotOctokit } from "probot";
import { pino } from "pino";

/** Test clients for the simulator: the same Octokit class the app uses, with retries and throttling off. */

/** Octokit with the plugins Probot uses, minus the ones that would retry or delay a failing request. */
export const TestOctokit = ProbotOctokit.defaults({ throttle: { enabled: false }, retry: { enabled: false } });

/** A token-authenticated client; `baseUrl` defaults to https://api.github.com (msw mode). */
export function tokenClient(baseUrl?: string, token = "x"): InstanceType<typeof ProbotOctokit> {
  return new TestOctokit({ auth: { token }, ...(baseUrl ? { baseUrl } : {}), log: silentLog });
}

/** A logger that drops everything, so expected 4xx/5xx answers do not clutter test output. */
export const silentLog = pino({ level: "silent" });

/** A fresh RSA key in the PKCS#1 PEM form GitHub hands out for apps. */
export function appPrivateKey(): string {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
}

/** The status of a failed Octokit call (RequestError), or "resolved" when it did not fail. */
export async function statusOf(call: Promise<unknown>): Promise<number | "resolved"> {
  try {
    await call;
    return "resolved";
  } catch (error) {
    return (error as { status: number }).status;
  }
}
