/**
 * What the signing pages (a strong sign-off, a release approval) need beyond the trail: the app's own access
 * to the repository (authority is asked of GitHub with the installation's token, as the gate does, never
 * taken from the page), the gate's reader, and the inbox the signature is applied through.
 */
import type { GateDeps } from "../../handlers/gate.js";
import type { InternalQueue } from "../../intake/internal-delivery.js";
import type { Octokit } from "../../github/octokit.js";

/** The app's installation on one repository. */
export interface AppRepository {
  octokit: Octokit;
  installationId: number;
  defaultBranch: string;
}

export interface SigningDeps {
  /** The app's client for `owner/repo`; undefined when the app is not installed there. */
  repository(owner: string, repo: string): Promise<AppRepository | undefined>;
  /** What the gate's reader needs (the trail, the clock, the bot's login, the audit pages' address). */
  gate: Pick<GateDeps, "audit" | "now" | "botLogin" | "publish" | "profiles">;
  /** Where a PR signature goes to be applied in order with the PR's events. */
  queue: InternalQueue;
  /** How long a signing request waits for the worker to record the signature (default 10 s). */
  waitMs?: number;
}
