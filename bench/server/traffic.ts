/**
 * The traffic bench/server.ts sends to a service, and what it reads back from the simulator: a repository
 * per service (so counts never mix), PRs of 100 changed files under src/prescribing/, real-shaped signed
 * deliveries, the request log split by event kind, and the moment each head's check run arrives.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { sign } from "@octokit/webhooks-methods";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../../test/fixtures/repo.js";
import { issueCommentEvent, pullRequestEvent } from "../../test/simulator/payloads.js";
import type { GitHubState, IssueRef, RecordedRequest } from "../../test/simulator/state.js";

export const OWNER = "acme";
export const SECRET = "bench-secret";
const FILES_PER_PR = 100;

/** The event kinds whose GitHub requests are counted apart. */
export const KINDS = ["synchronize", "labeled", "comment", "recheck", "redelivery"] as const;
export type Kind = (typeof KINDS)[number];

export interface Delivery {
  id: string;
  name: string;
  payload: unknown;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------
// The simulated GitHub
// ---------------------------------------------------------------------------------------------------------

/** The organisation's teams the config's roles name, with one member each (as in a real org). */
export function addTeams(gh: GitHubState): void {
  gh.addTeam(OWNER, "clinical-safety");
  gh.addTeam(OWNER, "clinical-product");
  gh.addTeamMember(OWNER, "clinical-safety", "cso");
  gh.addTeamMember(OWNER, "clinical-product", "cpm");
}

/** A repository holding the product config and the sample hazard log, with `prs` open PRs of 100 files. */
export function addRepoWithPrs(gh: GitHubState, repo: string, prs: number): IssueRef[] {
  gh.addRepo({ owner: OWNER, name: repo, files: { ".github/clinical-safety.yml": PRODUCT_CONFIG, "docs/safety/hazard-log.yml": SAMPLE_HAZARD_LOG } });
  gh.setPermission(OWNER, repo, "dev", "write");
  return Array.from({ length: prs }, (_, p) => {
    const files = Array.from({ length: FILES_PER_PR }, (_, i) => ({
      filename: `src/prescribing/module-${i % 10}/file-${i}.ts`,
      content: `export const value${i} = ${p * 1000 + i};\n`,
    }));
    const pr = gh.openPullRequest({ owner: OWNER, repo, title: `Prescribing change ${p}`, author: "dev", files });
    return { owner: OWNER, repo, number: pr.number };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Deliveries: built from the state as it is now, so every payload agrees with what the API answers
// ---------------------------------------------------------------------------------------------------------

/** A push of a new head to the PR, then its `synchronize` delivery. Returns the delivery and the new head. */
export function synchronize(gh: GitHubState, ref: IssueRef): { delivery: Delivery; headSha: string } {
  const { after } = gh.pushToPullRequest(ref);
  return { delivery: pullRequestEvent(gh, "synchronize", ref), headSha: after };
}

/** A label no rule names, added by a person. */
export function unrelatedLabel(gh: GitHubState, ref: IssueRef): Delivery {
  gh.addLabels(ref, ["documentation"]);
  return pullRequestEvent(gh, "labeled", { ...ref, label: "documentation", sender: "dev" });
}

/** A review comment without any command. */
export function plainComment(gh: GitHubState, ref: IssueRef): Delivery {
  const comment = gh.addComment({ ...ref, user: "reviewer", body: "Looks fine to me; could the rounding helper get a unit test?" });
  return issueCommentEvent(gh, "created", { owner: ref.owner, repo: ref.repo, commentId: comment.id });
}

/** `/safety recheck`, by the author. */
export function recheck(gh: GitHubState, ref: IssueRef): Delivery {
  const comment = gh.addComment({ ...ref, user: "dev", body: "/safety recheck" });
  return issueCommentEvent(gh, "created", { owner: ref.owner, repo: ref.repo, commentId: comment.id });
}

/** `opened`, to bring a PR to the state a gated PR is normally in (sticky comment, label, check). */
export function opened(gh: GitHubState, ref: IssueRef): Delivery {
  return pullRequestEvent(gh, "opened", ref);
}

export interface Answer {
  status: number;
  /** POST sent → response body read, ms. */
  ms: number;
}

/** POSTs one delivery the way GitHub does (signed JSON; the same id when it is a redelivery). */
export async function deliver(webhookUrl: string, delivery: Delivery): Promise<Answer> {
  const body = JSON.stringify(delivery.payload);
  const signature = await sign(SECRET, body); // before the clock starts: GitHub signs before it sends
  const t0 = performance.now();
  const response = await fetch(webhookUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/bench",
      "x-github-event": delivery.name,
      "x-github-delivery": delivery.id || randomUUID(),
      "x-hub-signature-256": signature,
    },
    body,
  });
  await response.text();
  return { status: response.status, ms: performance.now() - t0 };
}

// ---------------------------------------------------------------------------------------------------------
// The request log
// ---------------------------------------------------------------------------------------------------------

export interface RequestCounts {
  /** GETs answered with anything but 304. */
  reads: number;
  /** Conditional GETs answered 304 Not Modified (free against GitHub's rate limit). */
  notModified: number;
  /** POST, PATCH, PUT, DELETE on the API (installation-token requests excluded). */
  writes: number;
  /** Installation-token requests (Probot caches tokens, so normally 0 after the first event). */
  auth: number;
  /** 404s among the reads: GitHub's ordinary "no" (not a team member, no such file). */
  notFound: number;
  /** Other answers ≥ 400: a sign that the bench or the simulator, not the service, is wrong. */
  errors: number;
}

/** Splits recorded requests into reads, 304s, writes and token requests. */
export function countRequests(records: readonly RecordedRequest[]): RequestCounts {
  const counts: RequestCounts = { reads: 0, notModified: 0, writes: 0, auth: 0, notFound: 0, errors: 0 };
  for (const r of records) {
    if (r.status === 404) counts.notFound++;
    else if ((r.status ?? 0) >= 400) counts.errors++;
    if (/^\/app\/installations\/\d+\/access_tokens$/.test(r.path)) counts.auth++;
    else if (r.method === "GET" || r.method === "HEAD") {
      if (r.status === 304) counts.notModified++;
      else counts.reads++;
    } else counts.writes++;
  }
  return counts;
}

/** Waits until the simulator has seen no request for `quietMs` (whatever the service does after answering). */
export async function settle(gh: GitHubState, quietMs = 250): Promise<void> {
  let seen = gh.requests.length;
  let since = performance.now();
  while (performance.now() - since < quietMs) {
    await sleep(20);
    if (gh.requests.length !== seen) {
      seen = gh.requests.length;
      since = performance.now();
    }
  }
}

/**
 * Notes when the first successful check-run write (create, or update of a run on that head) for each
 * repository + head arrives at the simulator, and the last request about each repository. Hooks the request log instead of polling the state: polling
 * would take CPU from the services being measured on a 2-core machine.
 */
export class CheckWatcher {
  private readonly firstAt = new Map<string, number>();
  private readonly lastAt = new Map<string, number>();

  constructor(private readonly gh: GitHubState) {
    // The simulator records a request before handling it (synchronously): the status is known a tick later.
    // (gh.clearRequests() would replace the array and this hook with it: the bench never calls it.)
    const requests = gh.requests;
    const push = requests.push.bind(requests);
    requests.push = (...records: RecordedRequest[]) => {
      const at = performance.now();
      for (const record of records) setImmediate(() => this.note(record, at));
      return push(...records);
    };
  }

  private note(record: RecordedRequest, at: number): void {
    const repo = /^\/repos\/([^/]+\/[^/]+)/.exec(record.path)?.[1];
    if (repo !== undefined) this.lastAt.set(repo, at);
    if (record.status === undefined || record.status >= 300) return;
    const match = /^\/repos\/([^/]+)\/([^/]+)\/check-runs(?:\/(\d+))?$/.exec(record.path);
    if (!match) return;
    let headSha: string | undefined;
    if (record.method === "POST" && match[3] === undefined) headSha = (record.body as { head_sha?: string } | undefined)?.head_sha;
    if (record.method === "PATCH" && match[3] !== undefined) headSha = this.gh.checkRuns.find((c) => c.id === Number(match[3]))?.headSha;
    if (headSha === undefined) return;
    const key = `${match[1]}/${match[2]}@${headSha}`;
    if (!this.firstAt.has(key)) this.firstAt.set(key, at);
  }

  /** performance.now() of the last request about this repository. */
  lastRequestAt(repo: string): number | undefined {
    return this.lastAt.get(`${OWNER}/${repo}`);
  }

  /** performance.now() of the first check-run write for this head, if any yet. */
  firstCheckAt(repo: string, headSha: string): number | undefined {
    return this.firstAt.get(`${OWNER}/${repo}@${headSha}`);
  }
}
