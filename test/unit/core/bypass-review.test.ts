import { describe, expect, it } from "@jest/globals";
import { GENESIS_HASH, type AuditRecord } from "../../../src/audit/record.js";
import { bypassTargetOf, decideBypassReview, isBypassReviewCommand, type BypassReviewContext } from "../../../src/core/bypass-review.js";
import { COMMANDS, parseCommands } from "../../../src/core/commands.js";
import { mayChangeGate } from "../../../src/core/may-change-gate.js";
import { bypassMarker } from "../../../src/render/bypass-issue.js";
import { HistoryBuilder } from "../../../src/reports/read-model.js";
import { bypassCell } from "../../../src/web/pages/components.js";
import { trailItem } from "../../../src/web/pages/trail-item.js";

let seq = 0;
function record(kind: AuditRecord["kind"], pr: number | null, data: AuditRecord["data"], extra: Partial<AuditRecord> = {}): AuditRecord {
  seq += 1;
  return {
    seq,
    id: `id-${seq}`,
    kind,
    actor: "gate[bot]",
    at: "2026-11-23T10:00:00.000Z",
    repo: "acme/eprescribe",
    pr,
    headSha: "b".repeat(40),
    configSha: null,
    data,
    prevHash: GENESIS_HASH,
    hash: "h",
    ...extra,
  };
}

const bypass = record("bypass", 7, {
  title: "Round doses",
  reason: "merged-without-passing-gate",
  detail: "Waiting for sign-off: cso",
  files: [],
  rules: [],
  issue: 12,
  before: null,
  after: null,
});
const push = record("bypass", null, {
  title: "",
  reason: "direct-push",
  detail: "",
  files: ["src/a.ts"],
  rules: ["prescribing"],
  issue: 13,
  before: "a".repeat(40),
  after: "c".repeat(40),
});

const ctx = (extra: Partial<BypassReviewContext> = {}): BypassReviewContext => ({
  actor: "cleo",
  at: "2026-11-24T09:00:00.000Z",
  held: ["cso"],
  reviewers: "team clinical-safety",
  target: { kind: "pr", number: 7 },
  records: [bypass],
  source: "review-bypass:5:created#0",
  writtenOn: 7,
  ...extra,
});

const accept = { kind: "review-bypass" as const, decision: "accept" as const, reason: "assessed after the fact" };

describe("/safety review-bypass: parsing", () => {
  it.each([
    ["/safety review-bypass accept assessed after the fact", [accept]],
    ["/safety Review-Bypass REVERT  never  assessed", [{ kind: "review-bypass", decision: "revert", reason: "never  assessed" }]],
  ])("%s", (body, expected) => expect(parseCommands(body)).toEqual(expected));

  it.each(["/safety review-bypass accept", "/safety review-bypass maybe because", "/safety review-bypass"])(
    "%s is refused with how to write it, and still counts as a bypass review",
    (body) => {
      const [c] = parseCommands(body);
      expect(c).toMatchObject({ kind: "invalid", message: expect.stringContaining("/safety review-bypass accept <reason>") });
      expect(c && isBypassReviewCommand(c)).toBe(true);
    },
  );

  it("is listed for /safety help", () => {
    expect(COMMANDS.map((c) => c.usage)).toContain("/safety review-bypass accept|revert <reason>");
  });

  it("is the only command read on an issue", () => {
    const onIssue = (body: string) =>
      mayChangeGate({ kind: "comment", action: "created", onPullRequest: false, isSticky: false, body }, false, undefined);
    expect(onIssue("/safety review-bypass accept fine").evaluate).toBe(true);
    expect(onIssue("/safety sign-off").evaluate).toBe(false);
    expect(onIssue("HAZ-002 is affected").evaluate).toBe(false);
  });
});

describe("/safety review-bypass: the decision", () => {
  it("a CSO's review of the PR's bypass is recorded against that bypass record", () => {
    const d = decideBypassReview(accept, ctx());
    expect(d).toEqual({
      record: {
        actor: "cleo",
        at: "2026-11-24T09:00:00.000Z",
        pr: 7,
        headSha: bypass.headSha,
        data: {
          title: "Round doses",
          decision: "accept",
          reason: "assessed after the fact",
          role: "cso",
          bypass: { id: bypass.id, seq: bypass.seq, at: bypass.at, reason: "merged-without-passing-gate" },
          source: "review-bypass:5:created#0",
          writtenOn: 7,
        },
      },
    });
  });

  it("someone without the cso role is refused, naming who may", () => {
    expect(decideBypassReview(accept, ctx({ held: ["cpm"] }))).toEqual({
      refuse: "only members of the cso role (team clinical-safety) can review a bypass",
    });
  });

  it("no bypass to review: refused", () => {
    expect(decideBypassReview(accept, ctx({ records: [] }))).toEqual({ refuse: "the audit trail holds no bypass of pull request #7 to review" });
    expect(decideBypassReview(accept, ctx({ target: { kind: "push", sha: "d".repeat(40) }, records: [push] }))).toMatchObject({
      refuse: expect.stringContaining("no bypass of the push of `ddddddd`"),
    });
  });

  it("a direct push's bypass is found by its commit", () => {
    const d = decideBypassReview(accept, ctx({ target: { kind: "push", sha: "c".repeat(40) }, records: [bypass, push] }));
    expect(d).toMatchObject({ record: { pr: null, data: { bypass: { id: push.id, reason: "direct-push" } } } });
  });

  it("the same command decided again (a redelivery) finds its record and appends nothing", () => {
    const first = decideBypassReview(accept, ctx());
    if (!("record" in first)) throw new Error("not recorded");
    const stored = record("bypass-review", 7, first.record.data, { actor: "cleo", at: first.record.at });
    expect(decideBypassReview(accept, ctx({ records: [bypass, stored] }))).toMatchObject({ recorded: { decision: "accept", actor: "cleo" } });
  });
});

describe("the bypass issue's marker names what it reports", () => {
  const report = { repo: { owner: "acme", repo: "eprescribe" }, detail: "", files: [], rules: [], cso: undefined };
  it("a merged PR", () => {
    const marker = bypassMarker({ ...report, pr: { number: 7, title: "t", mergedBy: "admin", headSha: "b".repeat(40) } });
    expect(bypassTargetOf(`text\n\n${marker}`, "acme/eprescribe")).toEqual({ kind: "pr", number: 7 });
    expect(bypassTargetOf(marker, "acme/other")).toBeUndefined();
  });
  it("a direct push", () => {
    const marker = bypassMarker({ ...report, push: { pusher: "dev", before: "a".repeat(40), after: "c".repeat(40) } });
    expect(bypassTargetOf(marker, "ACME/eprescribe")).toEqual({ kind: "push", sha: "c".repeat(40) });
  });
  it("no marker", () => expect(bypassTargetOf("<!-- clinical-safety-gate:sticky -->", "acme/eprescribe")).toBeUndefined());
});

describe("pages show the review", () => {
  const review = record(
    "bypass-review",
    7,
    { title: "t", decision: "revert", reason: "never <b>assessed</b>", role: "cso", bypass: { id: bypass.id, seq: bypass.seq } },
    {
      actor: "dr-cso",
      at: "2026-11-24T09:00:00.000Z",
    },
  );

  it("the history row's bypass carries its latest review, and the cell says so (escaped)", () => {
    const b = new HistoryBuilder();
    for (const r of [bypass, review]) b.add(r);
    const row = b.rows()[0];
    expect(row?.bypass?.review).toEqual({
      decision: "revert requested",
      by: "dr-cso",
      at: "2026-11-24T09:00:00.000Z",
      reason: "never <b>assessed</b>",
    });
    expect(String(bypassCell(row?.bypass ?? null))).toContain(
      "— reviewed by dr-cso on 2026-11-24 09:00 UTC (revert requested): never &lt;b&gt;assessed&lt;/b&gt;",
    );
  });

  it("an unreviewed bypass says so", () => {
    const b = new HistoryBuilder();
    b.add(bypass);
    expect(String(bypassCell(b.rows()[0]?.bypass ?? null))).toContain("not reviewed");
  });

  it("the evidence trail names the reviewer, the time, the decision and the reason", () => {
    const item = trailItem(review);
    expect(item.event).toBe("Bypass reviewed");
    expect(String(item.details).replace(/\s+/g, " ")).toContain(
      "by <strong>dr-cso</strong> on 2026-11-24 09:00 UTC (<strong>revert requested</strong>): never &lt;b&gt;assessed&lt;/b&gt;",
    );
  });
});
