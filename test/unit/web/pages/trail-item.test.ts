import { describe, expect, it } from "@jest/globals";
import type { AuditRecord, JsonObject } from "../../../../src/audit/record.js";
import { trailItem } from "../../../../src/web/pages/trail-item.js";

const record = (kind: AuditRecord["kind"], data: JsonObject): AuditRecord => ({
  seq: 1,
  id: "00000000-0000-4000-8000-000000000001",
  kind,
  actor: "dev",
  at: "2026-11-23T10:00:00.000Z",
  repo: "acme/eprescribe",
  pr: 7,
  headSha: "a".repeat(40),
  configSha: null,
  data,
  prevHash: "0".repeat(64),
  hash: "1".repeat(64),
});

const answer = (extra: JsonObject = {}) =>
  record("answer", {
    title: "t",
    questionId: "calculations",
    question: "A calculation?",
    answer: "no",
    via: "command",
    draft: true,
    checklistComplete: false,
    ...extra,
  });

describe("trailItem: reasons and links on purpose on the evidence page", () => {
  it("shows an answer's reason, escaped", () => {
    const item = trailItem(answer({ reason: "only <script>alert(1)</script> labels" }));
    expect(String(item.details)).toContain("<p>Because: only &lt;script&gt;alert(1)&lt;/script&gt; labels</p>");
    expect(String(item.details)).not.toContain("<script>");
  });

  it("says nothing of a reason when none was given", () => {
    expect(String(trailItem(answer()).details)).not.toContain("Because");
  });

  it.each([
    [{ command: "link", source: "/safety link by @dev" }, "Hazard linked", "By /safety link by @dev"],
    [{ command: "unlink", source: "/safety unlink by @dev" }, "Hazard unlinked", "By /safety unlink by @dev"],
    [{ source: "PR description" }, "Hazard linked", "Written in PR description"],
  ])("a hazard-link record %j", (extra, event, by) => {
    const item = trailItem(record("hazard-link", { title: "t", hazardId: "HAZ-002", known: true, hazard: null, ...extra }));
    expect(item.event).toBe(event);
    expect(String(item.details)).toContain(by);
  });
});

describe("trailItem: review requests", () => {
  it.each([
    [{ outcome: "requested" }, "Reviews requested", "<p>From the teams clinical-product, clinical-safety</p>"],
    [{ outcome: "already-requested" }, "Reviews requested", "<p>From the teams clinical-product, clinical-safety</p>"],
    [
      { outcome: "failed", error: "422: not a <b>collaborator</b>" },
      "Review request refused by GitHub",
      "<p>From the teams clinical-product, clinical-safety: 422: not a &lt;b&gt;collaborator&lt;/b&gt;</p>",
    ],
  ])("a review-request record %j", (extra, event, details) => {
    const item = trailItem(record("review-request", { title: "t", teams: ["clinical-product", "clinical-safety"], ...extra }));
    expect(item.event).toBe(event);
    expect(String(item.details)).toBe(details);
  });
});

describe("trailItem: how a sign-off was made", () => {
  const signOff = (extra: JsonObject) => record("sign-off", { title: "t", role: "cso", meaning: "clinical safety approval as CSO", ...extra });
  it.each([
    [
      { method: "audit-page", signedInAt: "2026-11-23T09:58:00.000Z", rationale: "dose table <b>re-checked</b>" },
      ["<p>Signed on the audit page after a GitHub sign-in at", "2026-11-23 09:58 UTC", "<p>Rationale: dose table &lt;b&gt;re-checked&lt;/b&gt;</p>"],
    ],
    [{ method: "audit-page" }, ["<p>Signed on the audit page</p>"]],
    [{ method: "comment" }, ["<p>Signed by a <code>/safety sign-off</code> comment</p>"]],
  ])("%j", (extra, shown) => {
    const details = String(trailItem(signOff(extra)).details);
    for (const s of shown) expect(details).toContain(s);
    expect(details).not.toContain("<b>");
  });

  it("says nothing of the method for a record from before methods were kept", () => {
    expect(String(trailItem(signOff({})).details)).not.toMatch(/Signed on|Signed by a/);
  });
});
