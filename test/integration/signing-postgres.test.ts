import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { openPostgresStore } from "../../src/store/postgres.js";
import { POSTGRES_URL, scratchPostgres, type ScratchDatabase } from "../audit/databases.js";
import { TestBrowser } from "../web/browser.js";
import { comment, OWNER, post, readyPullRequest, REPO, signIn, signingForm, startSigningService, type SigningService } from "./signing-harness.js";

/**
 * The same signatures on PostgreSQL (what several replicas share): a strong sign-off goes through the
 * PostgreSQL inbox and is recorded and published once, and the same release approval sent twice at once is
 * recorded once. Run when TEST_DATABASE_URL is set (CI sets it), on a scratch database of its own.
 */
const describeOnPostgres = POSTGRES_URL ? describe : describe.skip;

describeOnPostgres("signing on the audit pages, on PostgreSQL", () => {
  let db: ScratchDatabase;
  let s: SigningService;
  beforeAll(async () => {
    db = await scratchPostgres();
    s = await startSigningService({ store: () => openPostgresStore(db.url) });
  }, 30_000);
  afterAll(async () => {
    await s?.close();
    await db?.drop();
  });

  const kinds = async (kind: string) => {
    const found = [];
    for await (const r of s.audit.stream({ repo: `${OWNER}/${REPO}` })) if (r.kind === kind) found.push(r);
    return found;
  };

  it("records a strong sign-off once and the check passes once", async () => {
    const { number } = await readyPullRequest(s);
    await comment(s, number, "pat", "/safety sign-off cpm");
    const browser = new TestBrowser();
    await signIn(browser, s, "cleo");
    const path = `/audit/${OWNER}/${REPO}/pull/${number}/sign?role=cso`;
    const form = signingForm((await browser.request(`${s.url}${path}`)).body) ?? {};
    s.gh.clearRequests();
    expect((await post(browser, s, path, { ...form })).status).toBe(303);
    await s.service.settled();
    expect((await kinds("sign-off")).filter((r) => r.actor === "cleo" && r.data.method === "audit-page")).toHaveLength(1);
    const successes = s.gh.requests.filter(
      (r) => /\/check-runs(\/\d+)?$/.test(r.path) && (r.body as { conclusion?: string }).conclusion === "success",
    );
    expect(successes).toHaveLength(1);
  });

  it("records the same release approval sent twice at once only once", async () => {
    s.gh.commitToBranch(OWNER, REPO, "v2.0.0", {}, { message: "Release 2.0.0" });
    s.gh.commitToBranch(OWNER, REPO, "main", { "README.md": "# eprescribe\n" }, { message: "Docs" });
    s.gh.commitToBranch(OWNER, REPO, "v2.1.0", {}, { message: "Release 2.1.0" });
    const browser = new TestBrowser();
    await signIn(browser, s, "cleo");
    const path = `/audit/${OWNER}/${REPO}/release/approve?from=v2.0.0&to=v2.1.0`;
    const form = signingForm((await browser.request(`${s.url}${path}`)).body) ?? {};
    const answers = await Promise.all([post(browser, s, path, { ...form }), post(browser, s, path, { ...form })]);
    expect(answers.map((a) => a.status)).toEqual([303, 303]);
    expect(await kinds("release-approval")).toHaveLength(1);
  });
});
