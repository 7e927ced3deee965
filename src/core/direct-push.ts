import { classify } from "./match.js";
import type { ConfigView } from "./evaluate.js";
import type { PullRequestSnapshot } from "./types.js";

/** A push to the default branch, as the push webhook describes it. */
export interface DirectPush {
  owner: string;
  repo: string;
  branch: string;
  after: string;
  pusher: string;
  /** Every path the listed commits added, modified or removed. */
  paths: readonly string[];
  /** The push had more commits than the payload lists: other paths may be touched. */
  truncated: boolean;
}

/**
 * Whether a push that no PR brought (its head commit belongs to no merged PR) bypassed the gate: it did
 * when it touches rule paths, or when the configuration is invalid and relevance cannot be told (fail
 * closed). Undefined: not a bypass (or the gate is not configured for the repository). Pure.
 */
export function directPushBypass(config: ConfigView, push: DirectPush): { rules: string[]; detail: string } | undefined {
  if (config.state === "missing") return undefined;
  if (config.state === "invalid") {
    return { rules: [], detail: "pushed while the clinical safety configuration is invalid: the gate cannot tell whether it is relevant" };
  }
  const files = push.paths.map((path) => ({ path, status: "modified" as const }));
  const snapshot: PullRequestSnapshot = {
    owner: push.owner,
    repo: push.repo,
    number: 0,
    title: "",
    body: "",
    author: push.pusher,
    draft: false,
    headSha: push.after,
    baseRef: push.branch,
    labels: [],
    files,
    filesTruncated: push.truncated,
    changedFiles: push.truncated ? files.length + 1 : files.length,
  };
  const classification = classify(config.config, snapshot);
  if (!classification.relevant) return undefined;
  const rules = classification.matches.map((m) => m.ruleId);
  return { rules, detail: `pushed directly to ${push.branch} without a pull request, touching rule ${rules.join(", ")}` };
}
