/**
 * The service as `npm start` puts it together (src/service.ts: intake, inbox worker, app, audit pages),
 * on a real port, with embedded PGlite (the inbox and the trail), against the GitHub simulator over HTTP —
 * what strong signing needs end to end: a person signs in through the simulator's OAuth, the signing page
 * puts the signature into the PR's stream of the inbox, and the worker records and publishes it. The clock
 * is the simulator's (`gh.tick`), for the pages and the gate alike, so a session can be made old.
 */
import { pino } from "pino";
import { Probot } from "probot";
import { startService, type Service } from "../../src/service.js";
import { SqlAuditStore } from "../../src/store/audit-store.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import type { SqlStore } from "../../src/store/sql-store.js";
import { MemoryRevokedSessions } from "../fakes/memory-revoked-sessions.js";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../fixtures/repo.js";
import { freePort } from "../simulator/free-port.js";
import { issueCommentEvent, pullRequestEvent } from "../simulator/payloads.js";
import { generatePrivateKey, UNTHROTTLED } from "../simulator/probot.js";
import { deliverWebhook, startSimulatorServer, type SimulatorServer } from "../simulator/server.js";
import { GitHubState } from "../simulator/state.js";
import { authorizeForm, last, TestBrowser, type Exchange } from "../web/browser.js";

export const OWNER = "acme";
export const REPO = "eprescribe";
const SECRET = "signing-secret";
const PRIVATE_KEY = generatePrivateKey();

/** PRODUCT.md's configuration with strong signing for the CSO, within five minutes of a GitHub sign-in. */
export const STRONG_CONFIG = PRODUCT_CONFIG.replace(
  "  distinct_signers: true       # one person cannot fill two required roles\n",
  "  distinct_signers: true       # one person cannot fill two required roles\n  reauthenticate: [cso]\n  sign_in_max_age_minutes: 5\n",
);
if (!STRONG_CONFIG.includes("reauthenticate")) throw new Error("the fixture's sign_off block changed: update STRONG_CONFIG");

export interface SigningService {
  gh: GitHubState;
  simulator: SimulatorServer;
  service: Service;
  store: SqlStore;
  audit: SqlAuditStore;
  /** The service's origin (its PUBLIC_URL). */
  url: string;
  /** Delivers a simulator event as GitHub would and waits until the worker has processed everything. */
  deliver(event: { id: string; name: string; payload: unknown }): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts everything. The repository has the strong-signing config and the sample hazard log; cleo is the CSO,
 * pat the CPM, dev the author; eve holds no role.
 */
export async function startSigningService(options: { config?: string; store?: () => Promise<SqlStore> } = {}): Promise<SigningService> {
  const gh = new GitHubState({ now: "2026-11-23T09:00:00Z" });
  gh.addRepo({
    owner: OWNER,
    name: REPO,
    files: { ".github/clinical-safety.yml": options.config ?? STRONG_CONFIG, "docs/safety/hazard-log.yml": SAMPLE_HAZARD_LOG },
  });
  gh.addTeamMember(OWNER, "clinical-safety", "cleo");
  gh.addTeamMember(OWNER, "clinical-product", "pat");
  const simulator = await startSimulatorServer(gh);
  const store = await (options.store ?? (() => openPgliteStore()))();
  const audit = new SqlAuditStore(store.driver);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const silent = pino({ level: "silent" });
  const service = await startService({
    probot: new Probot({ appId: 1, privateKey: PRIVATE_KEY, secret: SECRET, baseUrl: simulator.apiUrl, Octokit: UNTHROTTLED, log: silent }),
    store,
    audit,
    secret: SECRET,
    host: "127.0.0.1",
    port,
    publicUrl: url,
    web: {
      clientId: gh.oauthClient.clientId,
      clientSecret: gh.oauthClient.clientSecret,
      sessionSecret: undefined,
      webBase: simulator.url,
      apiBase: simulator.apiUrl,
      revokedSessions: new MemoryRevokedSessions(),
    },
    log: silent,
    now: () => new Date(gh.now()),
  });
  return {
    gh,
    simulator,
    service,
    store,
    audit,
    url,
    async deliver(event) {
      const status = await deliverWebhook({ appUrl: `${url}/api/github/webhooks`, secret: SECRET, ...event });
      if (status !== 202) throw new Error(`the intake answered ${status}`);
      await service.settled();
    },
    async close() {
      await service.stop();
      await store.close();
      await simulator.close();
      gh.assertNoUnhandled();
    },
  };
}

/** A relevant PR by dev with its checklist answered (no Yes, so no hazard is needed), processed. */
export async function readyPullRequest(s: SigningService): Promise<{ number: number; headSha: string }> {
  const pr = s.gh.openPullRequest({
    owner: OWNER,
    repo: REPO,
    title: "Round paediatric doses to 0.1 mL",
    author: "dev",
    draft: false,
    body: "",
    labels: [],
    files: [{ filename: "src/prescribing/dose/round.ts", content: "// rounding\n" }],
  });
  const ref = { owner: OWNER, repo: REPO, number: pr.number };
  await s.deliver(pullRequestEvent(s.gh, "opened", { ...ref, sender: "dev" }));
  await comment(s, pr.number, "dev", "/safety answer decision-logic no\n/safety answer calculations no");
  return { number: pr.number, headSha: s.gh.requirePull(ref).headSha };
}

/** A comment on the PR, delivered and processed. */
export async function comment(s: SigningService, number: number, user: string, body: string): Promise<void> {
  s.gh.tick(30);
  const c = s.gh.addComment({ owner: OWNER, repo: REPO, number, user, body });
  await s.deliver(issueCommentEvent(s.gh, "created", { owner: OWNER, repo: REPO, commentId: c.id, sender: user }));
}

/** Signs `login` in through the simulator's OAuth flow, landing on `next`; returns every hop. */
export async function signIn(browser: TestBrowser, s: SigningService, login: string, next = "/audit"): Promise<Exchange[]> {
  return completeSignIn(browser, await browser.follow(`${s.url}/audit/login?${new URLSearchParams({ next }).toString()}`), login);
}

/** Submits the simulator's authorize form reached by `hops` as `login` and follows the way back. */
export async function completeSignIn(browser: TestBrowser, hops: Exchange[], login: string): Promise<Exchange[]> {
  const authorizePage = last(hops);
  const form = authorizeForm(authorizePage.body);
  const back = await browser.follow(new URL(form.action, authorizePage.url).toString(), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...form.fields, login, decision: "authorize" }).toString(),
  });
  return [...hops, ...back];
}

/** The hidden fields of the signing form on a page (undefined when the page shows none). */
export function signingForm(page: string): Record<string, string> | undefined {
  const form = /<form class="sign" method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(page);
  if (!form) return undefined;
  const fields: Record<string, string> = {};
  for (const m of (form[2] ?? "").matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1] ?? ""] = decode(m[2] ?? "");
  return fields;
}

/** Posts a form to the page as a browser would (same origin, form-encoded), without following redirects. */
export function post(browser: TestBrowser, s: SigningService, path: string, fields: Record<string, string>): Promise<Exchange> {
  return browser.request(`${s.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: s.url },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Text of a page, tags stripped and entities decoded, whitespace folded. */
export function textOf(page: string): string {
  return decode(page.replace(/<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
