import { pino } from "pino";
import { Probot } from "probot";
import { createApp } from "../../src/app.js";
import { MemoryStore } from "../../src/store/memory.js";
import type { FactStore } from "../../src/store/port.js";
import { createMswServer } from "../simulator/msw.js";
import { generatePrivateKey, UNTHROTTLED } from "../simulator/probot.js";
import { GitHubState } from "../simulator/state.js";
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
  close(): Promise<void>;
}

/**
 * An in-process GitHub (msw in front of the simulator, failing on any request it does not model), the app
 * loaded into a Probot instance with retries and throttling off, and a fresh store.
 */
export async function startHarness(opts: { files?: Record<string, string>; store?: FactStore } = {}): Promise<Harness> {
  const gh = new GitHubState({ now: "2026-11-23T09:00:00Z" });
  gh.addRepo({
    owner: OWNER,
    name: REPO,
    files: opts.files ?? { ".github/clinical-safety.yml": CONFIG_YML, "docs/safety/hazard-log.yml": HAZARD_LOG_YML },
  });
  gh.addTeamMember(OWNER, "clinical-safety", "cleo");
  gh.addTeamMember(OWNER, "clinical-product", "pat");
  gh.addTeamMember(OWNER, "clinical-safety", "dual");
  gh.addTeamMember(OWNER, "clinical-product", "dual");
  gh.addTeamMember(OWNER, "clinical-safety", "dev"); // the author happens to be in the CSO team too
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
  await probot.load(createApp({ store }), { cwd: process.cwd(), addHandler: () => {} });
  return {
    gh,
    probot,
    store,
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
