import { describe, expect, it } from "@jest/globals";
import type { HazardLogVersion } from "../../../../src/audit/hazard-log-version.js";
import type { AuditInput } from "../../../../src/audit/record.js";
import { renderPage } from "../../../../src/web/pages/index.js";
import type { PageResponse } from "../../../../src/web/types.js";
import { MemoryAuditStore } from "../../../fakes/memory-audit-store.js";
import { PRODUCT_CONFIG } from "../../../fixtures/repo.js";
import { FakeGitHub, IMG, SCRIPT, XSS } from "./seed.js";
import { mainText, rowHeads } from "./text.js";

const REPO = "acme/eprescribe";
const LOG = "docs/safety/hazard-log.yml";

/** A two-hazard log whose typed texts carry the XSS payloads. */
const XSS_LOG = `hazards:
  - id: HAZ-001
    title: "Stale context ${SCRIPT}"
    initial: { severity: major, likelihood: medium }
    residual: { severity: major, likelihood: very-low }
    status: closed
    justification: "Bound to the tab ${IMG}"
    owner: dr-cso
    raised: 2026-01-01
  - id: HAZ-002
    title: Paediatric dose uses a stale weight
    initial: { severity: catastrophic, likelihood: high }
    residual: { severity: catastrophic, likelihood: low }
    status: open
    owner: dr-cso
    raised: 2026-01-01
`;

const version: HazardLogVersion = {
  path: LOG,
  blobBefore: "1".repeat(40),
  blobAfter: "2".repeat(40),
  changes: [
    {
      id: "HAZ-001",
      title: `Stale context ${SCRIPT}`,
      change: "closed",
      fields: ["description", "status", "justification"],
      initialBefore: 3,
      initialAfter: 3,
      residualBefore: 2,
      residualAfter: 2,
      statusBefore: "open",
      statusAfter: "closed",
      justification: `Bound to the tab ${IMG}`,
      before: { description: `Old ${SCRIPT}`, status: "open", justification: null },
      after: { description: `New ${IMG}`, status: "closed", justification: `Bound to the tab ${IMG}` },
    },
  ],
};

function merge(pr: number, title: string, hazardLog?: HazardLogVersion): AuditInput {
  return {
    kind: "merge",
    actor: "acme",
    at: "2026-03-05T12:00:00.000Z",
    repo: REPO,
    pr,
    headSha: "3".repeat(40),
    configSha: null,
    data: {
      title,
      author: "dev",
      headSha: "3".repeat(40),
      mergeSha: "4".repeat(40),
      mergedAt: "2026-03-05T12:00:00.000Z",
      mergedBy: "acme",
      passed: true,
      relevant: true,
      hazards: [],
      signOffs: [
        { role: "cso", actor: "cleo", at: "2026-03-05T11:00:00.000Z", headSha: "3".repeat(40), meaning: `approval ${XSS}`, name: `Dr ${XSS}` },
      ],
      ...(hazardLog ? { hazardLog: hazardLog } : {}),
    },
  };
}

async function trail(inputs: AuditInput[]): Promise<MemoryAuditStore> {
  const audit = new MemoryAuditStore();
  await audit.appendAll(inputs);
  return audit;
}

function get(
  audit: MemoryAuditStore,
  path: string,
  files: Record<string, string> = { ".github/clinical-safety.yml": PRODUCT_CONFIG, [LOG]: XSS_LOG },
): Promise<PageResponse> {
  const github = new FakeGitHub("dr-cso", [REPO], { [REPO]: files });
  return renderPage(
    { method: "GET", url: new URL(path, "http://localhost"), github },
    { audit, publicUrl: "https://gate.example.org", now: () => new Date("2026-12-01T00:00:00Z") },
  );
}

describe("/audit/:owner/:repo/hazards: the hazard index", () => {
  it("lists every hazard of the log with its current ratings and status, each linking to its page", async () => {
    const res = await get(await trail([merge(7, "Close HAZ-001", version)]), `/audit/${REPO}/hazards`);
    expect(res.status).toBe(200);
    expect(rowHeads(res.body)).toEqual(["HAZ-001", "HAZ-002"]);
    const text = mainText(res.body);
    expect(text).toContain(`2 hazards in ${LOG} on the default branch: 1 open, 0 transferred, 1 closed.`);
    expect(text).toContain("HAZ-002 Paediatric dose uses a stale weight open 5 — unacceptable 4 — must be reduced none");
    expect(text).toContain("#7 closed");
    expect(res.body).toContain(`<a class="nowrap" href="/audit/${REPO}/hazard/HAZ-002">HAZ-002</a>`);
    expect(res.body).toContain(`<a href="/audit/${REPO}/pull/7">#7</a>`);
  });

  it("escapes every typed text", async () => {
    const res = await get(await trail([merge(7, `Close ${XSS}`, version)]), `/audit/${REPO}/hazards`);
    expect(res.body).not.toContain(SCRIPT);
    expect(res.body).not.toContain(IMG);
    expect(res.body).toContain("Stale context &lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("lists after the log the ids that only the trail records", async () => {
    const gone: HazardLogVersion = { ...version, changes: [{ ...version.changes[0]!, id: "HAZ-077", title: "Removed by a bypass" }] };
    const res = await get(await trail([merge(8, "Drop HAZ-077", gone)]), `/audit/${REPO}/hazards`);
    expect(rowHeads(res.body)).toEqual(["HAZ-001", "HAZ-002", "HAZ-077"]);
    expect(mainText(res.body)).toContain("Recorded in the trail, not in the log");
  });

  it("says when there is no log, and when the log has problems", async () => {
    const none = await get(await trail([]), `/audit/${REPO}/hazards`, {});
    expect(none.status).toBe(200);
    expect(mainText(none.body)).toContain(`There is no hazard log at ${LOG} on the default branch.`);
    const invalid = await get(await trail([]), `/audit/${REPO}/hazards`, { [LOG]: XSS_LOG.replace("status: open", "status: pending") });
    expect(mainText(invalid.body)).toMatch(/The hazard log at docs\/safety\/hazard-log.yml has 1 problem; the entries that could be read are shown./);
  });

  it("downloads as JSON and CSV, and refuses another format", async () => {
    const audit = await trail([merge(7, "Close HAZ-001", version)]);
    const json = await get(audit, `/audit/${REPO}/hazards?format=json`);
    expect(json.headers["content-disposition"]).toBe('attachment; filename="acme-eprescribe-hazards.json"');
    const body = JSON.parse(json.body) as {
      logPath: string;
      hazards: { id: string; status: string; residualRating: number; url: string; pullRequests: unknown[] }[];
    };
    expect(body.logPath).toBe(LOG);
    expect(body.hazards.map((h) => [h.id, h.status, h.residualRating])).toEqual([
      ["HAZ-001", "closed", 2],
      ["HAZ-002", "open", 4],
    ]);
    expect(body.hazards[0]?.url).toBe(`https://gate.example.org/audit/${REPO}/hazard/HAZ-001`);
    expect(body.hazards[0]?.pullRequests).toEqual([expect.objectContaining({ pr: 7, linked: false, changes: ["closed"] })]);
    const csv = await get(audit, `/audit/${REPO}/hazards?format=csv`);
    expect(csv.body.split("\r\n")[0]).toBe("id,title,status,initial_rating,residual_rating,in_log,pull_requests,audit_url");
    expect(csv.body).toContain("HAZ-002,Paediatric dose uses a stale weight,open,5,4,yes,,");
    expect((await get(audit, `/audit/${REPO}/hazards?format=pdf`)).status).toBe(400);
  });

  it("answers a repository the person cannot read as one that does not exist", async () => {
    const github = new FakeGitHub("dr-cso", []);
    const res = await renderPage(
      { method: "GET", url: new URL("/audit/acme/secret/hazards", "http://localhost"), github },
      { audit: new MemoryAuditStore(), publicUrl: "", now: () => new Date() },
    );
    expect(res.status).toBe(404);
  });
});

describe("/audit/:owner/:repo/hazard/:id: the hazard's history", () => {
  it("shows each merged change before → after with the approval, escaped", async () => {
    const res = await get(await trail([merge(7, `Close ${XSS}`, version)]), `/audit/${REPO}/hazard/HAZ-001`);
    expect(res.status).toBe(200);
    expect(res.body).not.toContain(SCRIPT);
    expect(res.body).not.toContain(IMG);
    const text = mainText(res.body);
    expect(text).toContain(`Closed in ${REPO}#7 Close ${XSS}, merged 2026-03-05 12:00 UTC`);
    expect(text).toContain("Status open → closed");
    expect(text).toContain(`description: Old ${SCRIPT} → New ${IMG}`);
    expect(text).toContain(`Justification Bound to the tab ${IMG}`);
    expect(text).toContain(`Dr ${XSS} (cleo), cso: approval ${XSS} — 2026-03-05 11:00 UTC on 3333333`);
    expect(text).toContain(`Hazard log after ${LOG} blob 2222222 (before: 1111111)`);
    expect(text).not.toContain("Risk increased");
  });

  it("is found for an id only the history knows (deleted from the log through a bypass)", async () => {
    const gone: HazardLogVersion = {
      ...version,
      changes: [{ ...version.changes[0]!, id: "HAZ-077", statusAfter: null, initialAfter: null, residualAfter: null }],
    };
    const res = await get(await trail([merge(8, "Drop HAZ-077", gone)]), `/audit/${REPO}/hazard/HAZ-077`);
    expect(res.status).toBe(200);
    expect(mainText(res.body)).toContain("Status open → deleted from the log");
  });
});

describe("links to the hazard index", () => {
  it("from the merge history filtered to one repository, and not from the unfiltered history", async () => {
    const audit = await trail([merge(7, "Close HAZ-001", version)]);
    const filtered = await get(audit, `/audit?repo=${encodeURIComponent(REPO)}`);
    expect(filtered.body).toContain(`<a href="/audit/${REPO}/hazards">Hazard index of ${REPO}</a>`);
    expect((await get(audit, "/audit")).body).not.toContain("Hazard index of");
  });

  it("from every hazard page", async () => {
    const res = await get(await trail([]), `/audit/${REPO}/hazard/HAZ-002`);
    expect(res.body).toContain(`<a href="/audit/${REPO}/hazards">All hazards of ${REPO}</a>`);
  });
});
