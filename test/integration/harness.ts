import { pino } from "pino";
import { Probot } from "probot";
import { createApp } from "../../src/app.js";
import { MemoryAuditStore } from "../fakes/memory-audit-store.js";
import { MemoryStore } from "../fakes/memory-store.js";
import type { FactStore } from "../../src/store/port.js";
import { createMswServer } from "../simulator/msw.js";
import { issueCommentEvent, pullRequestEvent, reviewEvent } from "../simulator/payloads.js";
import { COMMENT_MARKER } from "../../src/render/comment.js";
import { tickInComment } from "../fixtures/checklist.js";
import { generatePrivateKey, UNTHROTTLED } from "../simulator/probot.js";
import { GitHubState } from "../simulator/state.js";
import { handleRequest } from "../simulator/routes.js";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../fixtures/repo.js";

/** One RSA key for every test in a file. */
const PRIVATE_KEY = generatePrivateKey();

export const OWNER = "acme";
export const REPO = "eprescribe";

/** The repository's files: PRODUCT.md's example config and DOMAIN.md's sample hazard log. */
export const CONFIG_YML = PRODUCT_CONFIG;
export const HAZARD_LOG_YML = SAMPLE_HAZARD_LOG;

/** People: cleo is the CSO, pat the CPM, dual holds both roles, dev writes code, eve is nobody in particular. */
export const BOT = "clinical-safety-gate[bot]";

export interface Harness {
  gh: GitHubState;
  probot: Probot;
  store: FactStore;
  audit: MemoryAuditStore;
  close(): Promise<void>;
}

/** The repository with its config and hazard log, and the teams: cleo CSO, pat CPM, dual both. */
function newGitHub(files?: Record<string, string>): GitHubState {
  const gh = new GitHubState({ now: "2026-11-23T09:00:00Z" });
  gh.addRepo({
    owner: OWNER,
    name: REPO,
    files: files ?? { ".github/clinical-safety.yml": CONFIG_YML, "docs/safety/hazard-log.yml": HAZARD_LOG_YML },
  });
  gh.addTeamMember(OWNER, "clinical-safety", "cleo");
  gh.addTeamMember(OWNER, "clinical-product", "pat");
  gh.addTeamMember(OWNER, "clinical-safety", "dual");
  gh.addTeamMember(OWNER, "clinical-product", "dual");
  gh.addTeamMember(OWNER, "clinical-safety", "dev"); // the author happens to be in the CSO team too
  return gh;
}

/**
 * An in-process GitHub (msw in front of the simulator, failing on any request it does not model), the app
 * loaded into a Probot instance with retries and throttling off, and a fresh store.
 */
export async function startHarness(
  opts: { files?: Record<string, string>; store?: FactStore; audit?: MemoryAuditStore; publicUrl?: string; gh?: GitHubState } = {},
): Promise<Harness> {
  // An existing GitHub is the same one seen by a restarted app.
  const gh = opts.gh ?? newGitHub(opts.files);
  const msw = createMswServer(gh);
  msw.listen();
  const store = opts.store ?? new MemoryStore();
  const probot = new Probot({
    appId: 1,
    privateKey: PRIVATE_KEY,
    secret: "test-secret",
    log: pino({ level: "silent" }),
    Octokit: UNTHROTTLED,
  });
  const audit = opts.audit ?? new MemoryAuditStore();
  await probot.load(createApp({ store, audit, now: () => new Date(gh.now()), ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}) }), {
    cwd: process.cwd(),
    addHandler: () => {},
  });
  return {
    gh,
    probot,
    store,
    audit,
    async close() {
      msw.close();
      gh.assertNoUnhandled();
    },
  };
}

/** The PR's check runs on its current head, newest first. */
export function checksOnHead(gh: GitHubState, number: number) {
  const pr = gh.requirePull({ owner: OWNER, repo: REPO, number });
  return gh.checkRuns.filter((c) => c.headSha === pr.headSha);
}

/** The app's comments on the PR. */
export function appComments(gh: GitHubState, number: number) {
  return gh.comments.filter((c) => c.issueNumber === number && c.user === BOT);
}

/** A PR driven through the app the way GitHub would: each change to the state, then its webhook. */
export class PrDriver {
  constructor(
    readonly h: Harness,
    readonly number: number,
  ) {}

  get ref() {
    return { owner: OWNER, repo: REPO, number: this.number };
  }

  /** Opens a PR and delivers `pull_request.opened`. */
  static async open(
    h: Harness,
    opts: { files?: string[]; body?: string; author?: string; draft?: boolean; labels?: string[]; title?: string; base?: string } = {},
  ): Promise<PrDriver> {
    const pr = h.gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: opts.title ?? "Round paediatric doses to 0.1 mL",
      author: opts.author ?? "dev",
      draft: opts.draft ?? true,
      body: opts.body ?? "",
      labels: opts.labels ?? [],
      ...(opts.base ? { baseRef: opts.base } : {}),
      files: (opts.files ?? ["src/prescribing/dose/round.ts"]).map((filename) => ({ filename, content: `// ${filename}\n` })),
    });
    const driver = new PrDriver(h, pr.number);
    await h.probot.receive(pullRequestEvent(h.gh, "opened", { ...driver.ref, sender: opts.author ?? "dev" }));
    return driver;
  }

  /** The app's sticky comment. */
  sticky() {
    const found = this.h.gh.comments.find((c) => c.issueNumber === this.number && c.user === BOT && c.body.includes(COMMENT_MARKER));
    if (!found) throw new Error("the app has not commented");
    return found;
  }

  /** The app's other comments (replies), in order. */
  replies() {
    return this.h.gh.comments.filter((c) => c.issueNumber === this.number && c.user === BOT && !c.body.includes(COMMENT_MARKER));
  }

  /** The gate's check run on the current head. */
  check() {
    const runs = checksOnHead(this.h.gh, this.number);
    if (runs.length !== 1) throw new Error(`expected one check run on the head, found ${runs.length}`);
    return runs[0] as (typeof runs)[number];
  }

  labels() {
    return this.h.gh.labelsOf(this.ref).map((l) => l.name);
  }

  async comment(user: string, body: string): Promise<number> {
    this.h.gh.tick(60);
    const c = this.h.gh.addComment({ ...this.ref, user, body });
    await this.h.probot.receive(issueCommentEvent(this.h.gh, "created", { ...this.ref, commentId: c.id, sender: user }));
    return c.id;
  }

  async editComment(id: number, user: string, body: string): Promise<void> {
    this.h.gh.tick(60);
    const from = this.h.gh.comment(id)?.body ?? "";
    this.h.gh.editComment(id, body);
    await this.h.probot.receive(issueCommentEvent(this.h.gh, "edited", { ...this.ref, commentId: id, sender: user, from }));
  }

  /** A person ticks (or unticks) one box in the app's comment. */
  async tick(user: string, questionId: string, answer: "Yes" | "No", ticked = true): Promise<void> {
    const sticky = this.sticky();
    await this.editComment(sticky.id, user, tickInComment(sticky.body, questionId, answer, ticked));
  }

  async answerAll(user = "dev", answer: "Yes" | "No" = "No"): Promise<void> {
    await this.tick(user, "decision-logic", answer);
    await this.tick(user, "calculations", answer);
  }

  async review(user: string, body: string, commitId?: string): Promise<void> {
    this.h.gh.tick(60);
    const r = this.h.gh.addReview({ ...this.ref, user, body, state: "COMMENTED", ...(commitId ? { commitId } : {}) });
    await this.h.probot.receive(reviewEvent(this.h.gh, "submitted", { ...this.ref, reviewId: r.id, sender: user }));
  }

  async push(files?: string[]): Promise<string> {
    this.h.gh.tick(60);
    const { after } = this.h.gh.pushToPullRequest(
      this.ref,
      undefined,
      files?.map((filename) => ({ filename, content: `// ${filename} v2\n` })),
    );
    await this.h.probot.receive(pullRequestEvent(this.h.gh, "synchronize", { ...this.ref, sender: "dev" }));
    return after;
  }

  async editBody(body: string): Promise<void> {
    this.h.gh.editPullRequest(this.ref, { body });
    await this.h.probot.receive(pullRequestEvent(this.h.gh, "edited", { ...this.ref, sender: "dev" }));
  }
}

/**
 * A `fetch` answered by the harness's simulator in-process, for code that takes a fetch of its own (the
 * audit pages' user client): the same routes, state and request log as the app's Octokit.
 */
export function simulatorFetch(h: Harness): typeof fetch {
  return async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = typeof init?.body === "string" ? init.body : undefined;
    const answer = handleRequest(h.gh, { method: init?.method ?? "GET", url, headers, ...(body === undefined ? {} : { body }) });
    return new Response(answer.body === "" || answer.status === 204 ? null : answer.body, { status: answer.status, headers: answer.headers });
  };
}
