import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { SqlAuditStore } from "../../../../src/store/audit-store.js";
import type { SqlStore } from "../../../../src/store/sql-store.js";
import { cso, get, seededStore } from "./seed.js";

/**
 * Whether a private repository exists must not be learnt from any page: a repository the person cannot
 * read gets exactly the answer of one that does not exist, in every format.
 */
describe("access to repository pages", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;
  beforeAll(async () => {
    ({ sql, audit } = await seededStore());
  });
  afterAll(() => sql.close());

  it.each([
    ["/audit/acme/secret-pharmacy/pull/1", "/audit/acme/no-such-repo/pull/1"],
    ["/audit/acme/secret-pharmacy/pull/1?format=csv", "/audit/acme/no-such-repo/pull/1?format=csv"],
    ["/audit/acme/secret-pharmacy/pull/1?format=json", "/audit/acme/no-such-repo/pull/1?format=json"],
    ["/audit/acme/secret-pharmacy/hazard/HAZ-002", "/audit/acme/no-such-repo/hazard/HAZ-002"],
    ["/audit/acme/secret-pharmacy/release?from=a&to=b&format=md", "/audit/acme/no-such-repo/release?from=a&to=b&format=md"],
    ["/audit/acme/secret-pharmacy/release", "/audit/acme/no-such-repo/release"],
  ])("%s is answered as %s", async (hidden, missing) => {
    const a = await get(audit, cso(), hidden);
    const b = await get(audit, cso(), missing);
    expect(a.status).toBe(404);
    expect(a).toEqual(b);
    expect(a.body).not.toContain("Secret");
  });

  it("is the same answer as for a page that does not exist at all", async () => {
    expect(await get(audit, cso(), "/audit/acme/secret-pharmacy/pull/1")).toEqual(await get(audit, cso(), "/audit/nothing/here/at/all"));
  });

  it("asks before reading: a readable repository's page is shown", async () => {
    const github = cso();
    expect((await get(audit, github, "/audit/acme/eprescribe/pull/7")).status).toBe(200);
    expect(github.asked).toEqual(["acme/eprescribe"]);
  });

  it.each(["POST", "PUT", "DELETE"])("refuses %s: the pages only read", async (method) => {
    const res = await get(audit, cso(), "/audit/acme/eprescribe/pull/7", method);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET, HEAD");
  });

  it("answers HEAD as GET (the router drops the body)", async () => {
    expect((await get(audit, cso(), "/audit", "HEAD")).status).toBe(200);
  });

  it("keeps every page out of shared caches", async () => {
    for (const path of ["/audit", "/audit/acme/eprescribe/pull/7?format=csv", "/audit/nothing"]) {
      expect((await get(audit, cso(), path)).headers["cache-control"]).toBe("no-store");
    }
  });
});
