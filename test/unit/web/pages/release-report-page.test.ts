import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { ReleaseJson } from "../../../../src/reports/release-json.js";
import type { SqlAuditStore } from "../../../../src/store/audit-store.js";
import type { SqlStore } from "../../../../src/store/sql-store.js";
import { renderPage } from "../../../../src/web/pages/index.js";
import type { PageDeps, PageResponse } from "../../../../src/web/types.js";
import { E, hotfixTitle, V2, v2Story } from "./release-seed.js";
import { FakeGitHub, NOW, PUBLIC_URL, XSS, refSha, seededStore, sha } from "./seed.js";
import { mainText } from "./text.js";

const RELEASE = "/audit/acme/eprescribe/release";
const HOTFIX = hotfixTitle(XSS);

/**
 * The release report for the safety case on the page and its downloads: the risk-increased banner, the
 * hazard log's changes, answers with reasons, signers with their names, open objections, a reviewed bypass,
 * the CSO's approval of exactly this range, the trail's head, and the PDF (with a printer standing in for
 * Chromium; test/e2e/browser/release-report.test.ts prints with the real one).
 */

describe("the release report for the safety case", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;
  const github = () => new FakeGitHub("dr-cso", [E], {}, { [`${E} v2.0.0...v2.1.0`]: V2, [`${E} v2.0.0...main`]: V2, [`${E} v1.1.0...v1.2.0`]: [] });
  const get = (path: string, deps: Partial<PageDeps> = {}): Promise<PageResponse> =>
    renderPage(
      { method: "GET", url: new URL(path, "http://localhost"), github: github() },
      { audit, publicUrl: PUBLIC_URL, now: () => NOW, ...deps },
    );

  beforeAll(async () => {
    ({ sql, audit } = await seededStore(v2Story({ fromSha: refSha("v2.0.0"), toSha: refSha("v2.1.0") }, XSS)));
  });
  afterAll(() => sql.close());

  it("puts the risk-increased banner first, naming the hazard, its ratings and the change", async () => {
    const res = await get(`${RELEASE}?from=v2.0.0&to=v2.1.0`);
    expect(res.status).toBe(200);
    const banner = /<div class="notice warn risk-increased" role="alert">([\s\S]*?)<\/div>/.exec(res.body)?.[1] ?? "";
    expect(mainText(`<main>${banner}</main>`)).toBe(
      "Risk increased: the safety case must be re-issued (DCB0129 §7.3). Residual risk went up in this release for: HAZ-002 Paediatric dose uses a stale weight or the wrong unit: residual 3 — undesirable → 4 — must be reduced, by #20",
    );
    // Before anything else the report says.
    expect(res.body.indexOf("risk-increased")).toBeLessThan(res.body.indexOf('role="status"'));
    const md = (await get(`${RELEASE}?from=v2.0.0&to=v2.1.0&format=md`)).body;
    expect(md.split("\n")[2]).toBe(
      "> **Risk increased: the safety case must be re-issued (DCB0129 §7.3).** Residual risk went up in this release for HAZ-002 (Paediatric dose uses a stale weight or the wrong unit): residual 3 — undesirable → 4 — must be reduced, by \\#20.",
    );
  });

  it("lists the hazard log's changes: added, re-scored from → to, closed with its justification, each with PR, approver and SHA", async () => {
    const res = await get(`${RELEASE}?from=v2.0.0&to=v2.1.0`);
    const section = /<section aria-label="Hazard log changes">([\s\S]*?)<\/section>/.exec(res.body)?.[1] ?? "";
    const rows = [...section.matchAll(/<tr><th scope="row">([\s\S]*?)<\/tr>/g)].map((m) => mainText(`<main><th>${m[1]}</main>`));
    expect(rows).toEqual([
      `HAZ-002 Paediatric dose uses a stale weight or the wrong unit re-scored: residual 3 — undesirable → 4 — must be reduced; justification: Field reports of stale weights #20 Dr Cleo Smith (dr-cso), cso 2020202 b0b0b0b → b1b1b1b`,
      "HAZ-010 Unit confusion mg/mL added added: initial 4 — must be reduced, residual 2 — acceptable if further reduction is disproportionate, status open #20 Dr Cleo Smith (dr-cso), cso 2020202 b0b0b0b → b1b1b1b",
      `HAZ-003 Allergy held as free text so no alert fires closed (was transferred): justification: Coded allergies shipped ${XSS} #20 Dr Cleo Smith (dr-cso), cso 2020202 b0b0b0b → b1b1b1b`,
    ]);
    expect(res.body).not.toContain("<script>");
  });

  it("shows each change's answers with their reasons and its signers with name, login, role, UTC time, meaning and SHA", async () => {
    const text = mainText((await get(`${RELEASE}?from=v2.0.0&to=v2.1.0`)).body);
    expect(text).toContain(`Does this change a calculation? calculations No because only the log changes ${XSS} dev-dan, 2026-05-01 10:00 UTC`);
    expect(text).toContain(`Dr Cleo Smith (dr-cso) cso 2026-05-01 11:00 UTC clinical safety approval as CSO ${sha("20")}`);
    const md = (await get(`${RELEASE}?from=v2.0.0&to=v2.1.0&format=md`)).body;
    expect(md).toContain(
      "- Does this change a calculation? (`calculations`): **No** — dev-dan, 2026-05-01 10:00 UTC; because only the log changes &lt;script&gt;alert\\(1\\)&lt;/script&gt; &lt;img src=x onerror=alert\\(1\\)&gt;",
    );
    expect(md).toContain(`| Dr Cleo Smith (dr-cso) | cso | 2026-05-01 11:00 | clinical safety approval as CSO | \`${sha("20")}\` |`);
  });

  it("lists open objections and bypasses with their review", async () => {
    const res = await get(`${RELEASE}?from=v2.0.0&to=v2.1.0`);
    const section = mainText(`<main>${/<section aria-label="Open objections and bypasses">([\s\S]*?)<\/section>/.exec(res.body)?.[1] ?? ""}</main>`);
    expect(section).toBe(
      `Open objections and bypasses acme/eprescribe#21 ${HOTFIX}: Bypass merged without a passing gate: Objection by dr-cso (issue #30) — reviewed by dr-cso on 2026-05-03 09:00 UTC (accepted): Boundary test added in #22 ` +
        `Open objection on acme/eprescribe#21 by dr-cso (cso) on 2026-05-02 09:00 UTC: Needs a boundary test ${XSS}`,
    );
    const json = JSON.parse((await get(`${RELEASE}?from=v2.0.0&to=v2.1.0&format=json`)).body) as ReleaseJson;
    expect(json.bypasses).toEqual([
      {
        pr: 21,
        sha: sha("21"),
        title: HOTFIX,
        bypass: {
          reason: "merged-without-passing-gate",
          detail: "Objection by dr-cso",
          issue: 30,
          review: { decision: "accepted", by: "dr-cso", at: "2026-05-03T09:00:00.000Z", reason: "Boundary test added in #22" },
        },
      },
    ]);
    expect(json.openObjections).toEqual([
      { repo: E, pr: 21, title: HOTFIX, by: "dr-cso", role: "cso", reason: `Needs a boundary test ${XSS}`, at: "2026-05-02T09:00:00.000Z" },
    ]);
  });

  it("gives PRODUCT.md's JSON: commits, hazardChanges, riskIncreased, approval and the trail's head", async () => {
    const json = JSON.parse((await get(`${RELEASE}?from=v2.0.0&to=v2.1.0&format=json`)).body) as ReleaseJson;
    const head = await audit.latest();
    expect({ repo: json.repo, from: json.from, to: json.to, fromSha: json.fromSha, toSha: json.toSha }).toEqual({
      repo: E,
      from: "v2.0.0",
      to: "v2.1.0",
      fromSha: refSha("v2.0.0"),
      toSha: refSha("v2.1.0"),
    });
    expect(json.commits.map(({ sha: s, status, pr }) => ({ sha: s, status, pr }))).toEqual([
      { sha: sha("20"), status: "assessed", pr: 20 },
      { sha: sha("21"), status: "bypass", pr: 21 },
    ]);
    expect(
      json.hazardChanges.map(({ id, change, pr, residualBefore, residualAfter }) => ({ id, change, pr, residualBefore, residualAfter })),
    ).toEqual([
      { id: "HAZ-002", change: "rescored", pr: 20, residualBefore: 3, residualAfter: 4 },
      { id: "HAZ-010", change: "added", pr: 20, residualBefore: null, residualAfter: 2 },
      { id: "HAZ-003", change: "closed", pr: 20, residualBefore: 3, residualAfter: 3 },
    ]);
    expect(json.hazardChanges[0]).toMatchObject({
      mergeSha: sha("20"),
      blobBefore: sha("b0"),
      blobAfter: sha("b1"),
      approvers: [{ actor: "dr-cso", name: "Dr Cleo Smith" }],
    });
    expect(json.riskIncreased).toEqual(["HAZ-002"]);
    expect(json.approval).toEqual({
      by: "dr-cso",
      name: "Dr Cleo Smith",
      at: "2026-05-04T09:00:00.000Z",
      meaning: "clinical safety approval of the release as CSO",
      method: "audit-page",
      rationale: `Re-score reviewed ${XSS}`,
      auditHead: { seq: 29, hash: "c".repeat(64) },
      seq: head?.seq,
    });
    expect(json.auditHead).toEqual({ seq: head?.seq, hash: head?.hash });
  });

  it("shows the approval of exactly this range; another range is not approved and links to where it can be", async () => {
    const approved = mainText((await get(`${RELEASE}?from=v2.0.0&to=v2.1.0`)).body);
    expect(approved).toContain(
      `Approved by Dr Cleo Smith (dr-cso) on 2026-05-04 09:00 UTC: clinical safety approval of the release as CSO. Method audit-page Rationale Re-score reviewed ${XSS}`,
    );
    expect(approved).not.toContain("Not approved");

    // `main` holds the same commits today, but it names another commit than the tag: not what was approved.
    const other = await get(`${RELEASE}?from=v2.0.0&to=main`);
    expect(mainText(other.body)).toContain("Not approved: no release approval by the CSO is recorded for this range. Approve this release");
    expect(other.body).toContain('<a href="/audit/acme/eprescribe/release/approve?from=v2.0.0&amp;to=main">Approve this release</a>');
    expect(JSON.parse((await get(`${RELEASE}?from=v2.0.0&to=main&format=json`)).body)).toMatchObject({ approval: null, riskIncreased: ["HAZ-002"] });
  });

  it("says nothing went up, and no approval, when the log did not change", async () => {
    const res = await get(`${RELEASE}?from=v1.1.0&to=v1.2.0`);
    expect(res.body).not.toContain('role="alert"');
    expect(mainText(res.body)).toContain("No change to the hazard log was merged in this release.");
    expect(mainText(res.body)).toContain("No open objection and no bypass in this release.");
    expect(JSON.parse((await get(`${RELEASE}?from=v1.1.0&to=v1.2.0&format=json`)).body)).toMatchObject({
      hazardChanges: [],
      riskIncreased: [],
      approval: null,
    });
  });

  describe("format=pdf", () => {
    it("prints the report's page without the form and the download links, fitted to A4, as a PDF download", async () => {
      const printed: string[] = [];
      const res = await get(`${RELEASE}?from=v2.0.0&to=v2.1.0&format=pdf`, {
        printPdf: async (page) => {
          printed.push(page);
          return new TextEncoder().encode("%PDF-1.4 test");
        },
      });
      expect(res.status).toBe(200);
      expect(res.headers).toMatchObject({
        "content-type": "application/pdf",
        "content-disposition": 'attachment; filename="acme-eprescribe-release-v2.0.0-to-v2.1.0.pdf"',
        "cache-control": "no-store",
      });
      expect(new TextDecoder().decode(res.bytes)).toBe("%PDF-1.4 test");
      expect(printed).toHaveLength(1);
      const page = printed[0] ?? "";
      expect(page).toContain("@page{size:A4");
      expect(page).toContain("Risk increased: the safety case must be re-issued (DCB0129 §7.3).");
      expect(page).not.toContain("<form");
      expect(page).not.toContain("Download the report");
      expect(page).not.toContain("<script>");
    });

    it("is refused with 501 and what to do when the service has no Chromium", async () => {
      const saved = process.env.CHROMIUM_PATH;
      delete process.env.CHROMIUM_PATH;
      try {
        const res = await get(`${RELEASE}?from=v2.0.0&to=v2.1.0&format=pdf`);
        expect([res.status, res.headers["content-type"], res.bytes]).toEqual([501, "text/plain; charset=utf-8", undefined]);
        expect(res.body).toContain("set CHROMIUM_PATH");
      } finally {
        if (saved !== undefined) process.env.CHROMIUM_PATH = saved;
      }
    });

    it("answers 503 with the reason when printing fails", async () => {
      const { PdfPrintError } = await import("../../../../src/web/pages/pdf-printer.js");
      const res = await get(`${RELEASE}?from=v2.0.0&to=v2.1.0&format=pdf`, {
        printPdf: async () => {
          throw new PdfPrintError("Chromium did not finish printing within 60 s");
        },
      });
      expect([res.status, res.body]).toEqual([
        503,
        "The PDF could not be made: Chromium did not finish printing within 60 s. Download the report as Markdown, or print this page from the browser.\n",
      ]);
    });

    it("offers the PDF beside the other downloads", async () => {
      const res = await get(`${RELEASE}?from=v2.0.0&to=v2.1.0`);
      expect(res.body).toContain(
        '<a href="/audit/acme/eprescribe/release?from=v2.0.0&amp;to=v2.1.0&amp;format=pdf" download>Download the report as PDF (A4)</a>',
      );
    });
  });
});
