/**
 * What a signing page reads before it shows or accepts a signature: the app's installation on the
 * repository, and the PR as the gate reads it (the same reader, src/handlers/read-snapshot.ts) with the
 * signer's roles asked of GitHub now — never from a cache, never from the page.
 */
import { withSignerName } from "../../handlers/gate.js";
import { auditUrl } from "../../handlers/publish.js";
import { readSnapshot } from "../../handlers/read-snapshot.js";
import type { Snapshot, SignatureEvent } from "../../core/plan.js";
import { isNotFound } from "../../github/octokit.js";
import type { AppRepository, SigningDeps } from "./sign-deps.js";

/** The PR ready to be signed, or why it cannot be read. */
export type SigningRead = { app: AppRepository; snapshot: Snapshot } | { missing: "installation" | "pull-request" };

/**
 * Reads PR `number` of `repo` for `login` signing `event` (for the printed name the signature will carry). A
 * repository the app is not installed on, or a PR that does not exist, is `missing`; any other GitHub error
 * propagates (the page fails closed).
 */
export async function readForSigning(
  signing: SigningDeps,
  repo: string,
  number: number,
  login: string,
  event?: SignatureEvent,
): Promise<SigningRead> {
  const [owner = "", name = ""] = repo.split("/");
  const app = await signing.repository(owner, name);
  if (app === undefined) return { missing: "installation" };
  const ref = { owner, repo: name, number };
  const url = auditUrl(ref, signing.gate.publish);
  try {
    const read = await readSnapshot(app.octokit, { audit: signing.gate.audit, now: signing.gate.now }, ref, {
      defaultBranch: app.defaultBranch,
      botLogin: await signing.gate.botLogin(),
      extraActors: [login],
      ...(url === undefined ? {} : { auditUrl: url }),
    });
    const snapshot = event === undefined ? read : await withSignerName(app.octokit, signing.gate, read, event);
    return { app, snapshot };
  } catch (error) {
    if (isNotFound(error)) return { missing: "pull-request" };
    throw error;
  }
}

/** Waits until `found` answers true or `ms` have passed, asking every `everyMs`; whether it was found. */
export async function waitFor(found: () => Promise<boolean>, ms: number, everyMs = 100): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await found()) return true;
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
