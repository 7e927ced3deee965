import { describe, it, expect, beforeEach, afterEach } from "@jest/globals";
import { createMswServer } from "../../simulator/msw.js";
import { startSimulatorServer } from "../../simulator/server.js";
import { GitHubState } from "../../simulator/state.js";

/**
 * The simulator answers conditional GETs as GitHub does — a strong ETag on every successful GET, 304 with no
 * body when `If-None-Match` names the current one — over both transports, with plain fetch so the raw status
 * and headers are what is asserted.
 */

const OWNER = "acme";
const REPO = "ehr";
const CONFIG = ".github/clinical-safety.yml";

interface Started {
  base: string;
  stop(): Promise<void> | void;
}

const transports: [string, (state: GitHubState) => Promise<Started>][] = [
  [
    "msw",
    async (state) => {
      const msw = createMswServer(state);
      msw.listen();
      return { base: "https://api.github.com", stop: () => msw.close() };
    },
  ],
  [
    "HTTP",
    async (state) => {
      const server = await startSimulatorServer(state);
      return { base: server.apiUrl, stop: () => server.close() };
    },
  ],
];

describe.each(transports)("conditional requests over %s", (_, start) => {
  let state: GitHubState;
  let started: Started;

  beforeEach(async () => {
    state = new GitHubState({ now: "2024-05-01T10:00:00Z" });
    state.addRepo({ owner: OWNER, name: REPO, files: { [CONFIG]: "check:\n  name: Clinical safety\n" } });
    state.addRepo({ owner: "other", name: "private", installationId: 2 });
    started = await start(state);
  });
  afterEach(async () => {
    await started.stop();
  });

  function get(path: string, headers: Record<string, string> = {}, token = "x"): Promise<Response> {
    return fetch(`${started.base}${path}`, { headers: { authorization: `token ${token}`, ...headers } });
  }

  async function etagOf(path: string, headers: Record<string, string> = {}): Promise<string> {
    const response = await get(path, headers);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const etag = response.headers.get("etag");
    if (etag === null) throw new Error(`no ETag on GET ${path}`);
    return etag;
  }

  it("gives a successful GET a strong ETag, the same while the resource is unchanged", async () => {
    const first = await etagOf(`/repos/${OWNER}/${REPO}`);
    expect(first).toMatch(/^"[0-9a-f]{64}"$/);
    expect(await etagOf(`/repos/${OWNER}/${REPO}`)).toBe(first);
  });

  it("answers 304 with no body to a matching If-None-Match, and records it as 304", async () => {
    const path = `/repos/${OWNER}/${REPO}/contents/${CONFIG}`;
    const etag = await etagOf(path);
    const response = await get(path, { "if-none-match": etag });
    expect([response.status, await response.text(), response.headers.get("etag")]).toEqual([304, "", etag]);
    expect(state.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`GET ${path} 200`, `GET ${path} 304`]);
  });

  it("answers 200 with a new ETag once the resource changes", async () => {
    const path = `/repos/${OWNER}/${REPO}/contents/${CONFIG}`;
    const before = await etagOf(path);
    state.setFile(OWNER, REPO, "main", CONFIG, "check:\n  name: Renamed\n");
    const response = await get(path, { "if-none-match": before });
    const body = (await response.json()) as { content: string };
    expect(response.status).toBe(200);
    expect(Buffer.from(body.content, "base64").toString("utf8")).toBe("check:\n  name: Renamed\n");
    expect(response.headers.get("etag")).not.toBe(before);
  });

  it("changes the ETag of an unchanged page when the Link header changes (more pages behind it)", async () => {
    const pr = state.openPullRequest({ owner: OWNER, repo: REPO, title: "t", author: "dev" });
    for (let i = 0; i < 3; i += 1) state.addComment({ owner: OWNER, repo: REPO, number: pr.number, user: "dev", body: `c${i}` });
    const path = `/repos/${OWNER}/${REPO}/issues/${pr.number}/comments?per_page=2&page=1`;
    const before = await etagOf(path);
    for (let i = 3; i < 5; i += 1) state.addComment({ owner: OWNER, repo: REPO, number: pr.number, user: "dev", body: `c${i}` });
    const response = await get(path, { "if-none-match": before });
    const bodies = ((await response.json()) as { body: string }[]).map((c) => c.body);
    expect([response.status, bodies]).toEqual([200, ["c0", "c1"]]);
    expect(response.headers.get("link")).toContain('per_page=2&page=3>; rel="last"');
  });

  it("keeps the raw and JSON forms of a file apart", async () => {
    const path = `/repos/${OWNER}/${REPO}/contents/${CONFIG}`;
    const raw = await etagOf(path, { accept: "application/vnd.github.raw" });
    const json = await etagOf(path);
    expect(raw).not.toBe(json);
    expect((await get(path, { "if-none-match": raw })).status).toBe(200);
  });

  it("accepts a list, a weak form of the tag, and *", async () => {
    const path = `/repos/${OWNER}/${REPO}`;
    const etag = await etagOf(path);
    expect((await get(path, { "if-none-match": `"nope", ${etag}` })).status).toBe(304);
    expect((await get(path, { "if-none-match": `W/${etag}` })).status).toBe(304);
    expect((await get(path, { "if-none-match": "*" })).status).toBe(304);
    expect((await get(path, { "if-none-match": `"nope"` })).status).toBe(200);
  });

  it("never answers 304 to a caller who may not read the resource", async () => {
    const path = "/repos/other/private";
    const etag = await etagOf(path); // the simulator's catch-all token sees every repository
    const outsider = state.issueInstallationToken(1);
    const response = await get(path, { "if-none-match": etag }, outsider);
    expect(response.status).toBe(404);
    await response.arrayBuffer();
  });

  it("puts no ETag on writes or errors, and ignores If-None-Match on them", async () => {
    const pr = state.openPullRequest({ owner: OWNER, repo: REPO, title: "t", author: "dev" });
    const created = await fetch(`${started.base}/repos/${OWNER}/${REPO}/issues/${pr.number}/comments`, {
      method: "POST",
      headers: { authorization: "token x", "content-type": "application/json", "if-none-match": "*" },
      body: JSON.stringify({ body: "hello" }),
    });
    const missing = await get(`/repos/${OWNER}/${REPO}/contents/absent.txt`, { "if-none-match": "*" });
    await Promise.all([created.arrayBuffer(), missing.arrayBuffer()]);
    expect([created.status, created.headers.get("etag"), missing.status, missing.headers.get("etag")]).toEqual([201, null, 404, null]);
  });
});
