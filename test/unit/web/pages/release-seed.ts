/**
 * Release 2.1.0 of the page tests' story (seed.ts), for the release report: #20 re-scores HAZ-002's residual
 * risk 3 → 4 (and adds HAZ-010, closes HAZ-003) with a reasoned answer and a named CSO signer; #21, a hotfix
 * with the CSO's objection still open, merged without a passing gate and the bypass accepted on review; and
 * the CSO's approval of v2.0.0…v2.1.0 as the given SHAs resolve them. `hostile` (for the escaping tests) is
 * appended to every text a person typed.
 */
import type { MergeData } from "../../../../src/audit/evidence.js";
import type { HazardLogVersion } from "../../../../src/audit/hazard-log-version.js";
import type { AuditInput } from "../../../../src/audit/record.js";
import { BOT, HAZ_002, record, sha, story } from "./seed.js";

export const E = "acme/eprescribe";
export const RESCORE = "Re-score HAZ-002 after field reports";
/** Text a person typed, with `hostile` (an XSS payload, for the escaping tests) after it when given. */
const typed = (text: string, hostile: string) => (hostile === "" ? text : `${text} ${hostile}`);
/** #21's title. */
export const hotfixTitle = (hostile = ""): string => typed("Hotfix the dose table", hostile);

/** v2.0.0...v2.1.0 holds the re-score (#20) and the hotfix merged without a passing gate (#21). */
export const V2 = [sha("20"), sha("21")];

const hazardLog = (hostile: string): HazardLogVersion => ({
  path: "docs/safety/hazard-log.yml",
  blobBefore: sha("b0"),
  blobAfter: sha("b1"),
  changes: [
    {
      id: "HAZ-002",
      title: HAZ_002.title,
      change: "rescored",
      fields: ["residual", "justification"],
      initialBefore: 5,
      initialAfter: 5,
      residualBefore: 3,
      residualAfter: 4,
      statusBefore: "open",
      statusAfter: "open",
      justification: "Field reports of stale weights",
    },
    {
      id: "HAZ-010",
      title: "Unit confusion mg/mL",
      change: "added",
      fields: ["title", "initial", "residual"],
      initialBefore: null,
      initialAfter: 4,
      residualBefore: null,
      residualAfter: 2,
      statusBefore: null,
      statusAfter: "open",
    },
    {
      id: "HAZ-003",
      title: "Allergy held as free text so no alert fires",
      change: "closed",
      fields: ["status", "justification"],
      initialBefore: 3,
      initialAfter: 3,
      residualBefore: 3,
      residualAfter: 3,
      statusBefore: "transferred",
      statusAfter: "closed",
      justification: typed("Coded allergies shipped", hostile),
    },
  ],
});

/** The merge record of `pr` (merged on May `pr - 19`, as `sha(pr)`), with `over` in its data. */
function merge(pr: number, title: string, over: Partial<MergeData> = {}): AuditInput {
  const at = `2026-05-0${pr - 19}T12:00:00Z`;
  return record("merge", E, pr, at, "dev-dan", sha(`${pr}`), {
    title,
    author: "dev-dan",
    baseRef: "main",
    headSha: sha(`${pr}`),
    mergeSha: sha(`${pr}`),
    mergedAt: at,
    mergedBy: "dev-dan",
    passed: true,
    relevant: true,
    gate: { state: "pass", headline: "All required sign-offs given" },
    rules: ["hazard-log"],
    answers: [],
    hazards: [],
    risk: null,
    requiredRoles: ["cso"],
    signOffs: [],
    timeline: { openedAt: "2026-05-01T09:00:00Z", checklistCompleteAt: null, checklistCompleteWhileDraft: false, finalSignOffAt: null },
    ...over,
  });
}

/** The story, then release 2.1.0: a re-score with a reasoned answer and a named signer, and a reviewed bypass with an objection open. */
export function v2Story(approved: { fromSha: string; toSha: string }, hostile = ""): AuditInput[] {
  const HOTFIX = hotfixTitle(hostile);
  return [
    ...story(),
    merge(20, RESCORE, {
      hazards: [{ ...HAZ_002, residualRating: 4 }],
      risk: 4,
      answers: [
        {
          questionId: "calculations",
          question: "Does this change a calculation?",
          answer: "no",
          answeredBy: "dev-dan",
          answeredAt: "2026-05-01T10:00:00Z",
          reason: typed("only the log changes", hostile),
        },
      ],
      signOffs: [
        {
          role: "cso",
          actor: "dr-cso",
          name: "Dr Cleo Smith",
          at: "2026-05-01T11:00:00Z",
          headSha: sha("20"),
          meaning: "clinical safety approval as CSO",
        },
      ],
      hazardLog: hazardLog(hostile),
    }),
    {
      kind: "objection",
      repo: E,
      pr: 21,
      at: "2026-05-02T09:00:00Z",
      actor: "dr-cso",
      headSha: sha("21"),
      configSha: null,
      data: { title: HOTFIX, role: "cso", reason: typed("Needs a boundary test", hostile) },
    },
    merge(21, HOTFIX, { passed: false, gate: { state: "waiting", headline: "Objection by dr-cso" } }),
    {
      kind: "bypass",
      repo: E,
      pr: 21,
      at: "2026-05-02T12:00:01Z",
      actor: BOT,
      headSha: sha("21"),
      configSha: null,
      data: {
        title: HOTFIX,
        reason: "merged-without-passing-gate",
        detail: "Objection by dr-cso",
        files: [],
        rules: [],
        issue: 30,
        before: null,
        after: sha("21"),
      },
    },
    {
      kind: "bypass-review",
      repo: E,
      pr: 21,
      at: "2026-05-03T09:00:00Z",
      actor: "dr-cso",
      headSha: sha("21"),
      configSha: null,
      data: {
        title: HOTFIX,
        decision: "accept",
        reason: "Boundary test added in #22",
        role: "cso",
        bypass: { id: "x", seq: 0, at: "", reason: "" },
        source: "c#1",
        writtenOn: 21,
      },
    },
    {
      kind: "release-approval",
      repo: E,
      pr: null,
      at: "2026-05-04T09:00:00Z",
      actor: "dr-cso",
      headSha: approved.toSha,
      configSha: null,
      data: {
        from: "v2.0.0",
        to: "v2.1.0",
        fromSha: approved.fromSha,
        toSha: approved.toSha,
        meaning: "clinical safety approval of the release as CSO",
        name: "Dr Cleo Smith",
        method: "audit-page",
        rationale: typed("Re-score reviewed", hostile),
        auditHead: { seq: 29, hash: "c".repeat(64) },
      },
    },
  ];
}
