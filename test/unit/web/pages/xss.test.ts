import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { SqlAuditStore } from "../../../../src/store/audit-store.js";
import type { SqlStore } from "../../../../src/store/sql-store.js";
import { SCRIPT, cso, get, seededStore } from "./seed.js";

/**
 * acme/triage #3 carries `<script>alert(1)</script>` and `<img src=x onerror=alert(1)>` in its title, its
 * hazard's title, an objection's reason, an answer's question, a signature's meaning, a file path and
 * a source; its hazard log carries them in the hazard's title, description and owner. Every page that
 * shows them must show them as text.
 */
describe("hostile text on every page", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;
  beforeAll(async () => {
    ({ sql, audit } = await seededStore());
  });
  afterAll(() => sql.close());

  const ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;";
  const ESCAPED_IMG = "&lt;img src=x onerror=alert(1)&gt;";
  /**
   * Markup the payloads would have made had they not been escaped: a script or img element, or an event
   * handler attribute. Attribute values are blanked first (every `"` the pages write is a delimiter: one
   * in text is escaped), so an escaped payload inside `value="…"` is not mistaken for an attribute.
   */
  const LIVE = /<script|<img|<[a-z][^>]*\son\w+\s*=/i;
  const markup = (body: string) => body.replace(/"[^"]*"/g, '""');

  it.each([
    ["the merge history", "/audit"],
    ["the merge history filtered to the PR", "/audit?repo=acme%2Ftriage"],
    ["the PR's evidence", "/audit/acme/triage/pull/3"],
    ["the hazard page", "/audit/acme/triage/hazard/HAZ-006"],
    ["the release report", "/audit/acme/triage/release?from=v2.0.0&to=v2.1.0"],
  ])("%s shows the payloads as text", async (_page, path) => {
    const res = await get(audit, cso(), path);
    expect(res.status).toBe(200);
    expect(markup(res.body)).not.toMatch(LIVE);
    expect(res.body).toContain(ESCAPED_SCRIPT);
    expect(res.body).toContain(ESCAPED_IMG);
  });

  it("shows the objection's reason, the signature's meaning and the file path as text", async () => {
    const res = await get(audit, cso(), "/audit/acme/triage/pull/3");
    expect(res.body).toContain(`As <strong>cso</strong>: Not yet: ${ESCAPED_SCRIPT} ${ESCAPED_IMG}`);
    expect(res.body).toContain(`Meaning: clinical safety approval as CSO ${ESCAPED_SCRIPT}`);
    expect(res.body).toContain(`<code>src/triage/${ESCAPED_IMG}.ts</code>`);
  });

  it("escapes the hazard log's own text", async () => {
    const res = await get(audit, cso(), "/audit/acme/triage/hazard/HAZ-006");
    expect(res.body).toContain(`<dt>Description</dt><dd>Under-triage of chest pain ${ESCAPED_SCRIPT}</dd>`);
    expect(res.body).toContain(`<dt>Owner</dt><dd>dr-cso ${ESCAPED_IMG}</dd>`);
  });

  it.each([
    [
      "a filter value echoed into the form",
      `/audit?hazard=${encodeURIComponent(`"><img src=x onerror=alert(1)>`)}`,
      `value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"`,
    ],
    ["a bad filter echoed in its problem", `/audit?from=${encodeURIComponent(SCRIPT)}`, `not &quot;${ESCAPED_SCRIPT}&quot;.`],
    ["a repository name echoed back", `/audit?repo=${encodeURIComponent(`a/"onfocus=alert(1)`)}`, "not &quot;a/&quot;onfocus=alert(1)&quot;"],
    [
      "a ref echoed into the release form",
      `/audit/acme/triage/release?from=${encodeURIComponent(`"><script>alert(1)</script>`)}&to=v2.1.0`,
      `value="&quot;&gt;${ESCAPED_SCRIPT}"`,
    ],
  ])("escapes %s, attribute included", async (_what, path, escaped) => {
    const res = await get(audit, cso(), path);
    expect(markup(res.body)).not.toMatch(LIVE);
    expect(res.body).toContain(escaped);
  });

  it("keeps the payloads inert in the Markdown report", async () => {
    const res = await get(audit, cso(), "/audit/acme/triage/release?from=v2.0.0&to=v2.1.0&format=md");
    expect(markup(res.body)).not.toMatch(LIVE);
    expect(res.body).toContain("Triage scoring &lt;script&gt;alert\\(1\\)&lt;/script&gt; &lt;img src=x onerror=alert\\(1\\)&gt;");
  });

  it("keeps a PR title from running as a spreadsheet formula in CSV", async () => {
    const { sql: sql2, audit: audit2 } = await seededStore([
      {
        kind: "merge",
        repo: "acme/triage",
        pr: 5,
        at: "2026-04-07T10:00:00Z",
        actor: "dev",
        headSha: "a".repeat(40),
        configSha: null,
        data: { title: '=HYPERLINK("https://evil.example","x")', mergedAt: "2026-04-07T10:00:00Z", relevant: true, passed: true },
      },
    ]);
    try {
      const res = await get(audit2, cso(), "/audit?format=csv");
      expect(res.body).toContain(`,"'=HYPERLINK(""https://evil.example"",""x"")",`);
    } finally {
      await sql2.close();
    }
  });
});
