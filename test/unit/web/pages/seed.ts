/**
 * A realistic audit trail for the page tests, written through the real store in the shapes of
 * `src/audit/evidence.ts` (typed, so a change to those shapes breaks this file, not silently the tests),
 * and a fake of the signed-in person's GitHub: the boundary the pages talk to, not the thing under test.
 *
 * The story:
 * - acme/eprescribe #7 "Recalculate paediatric dose from current weight": draft, checklist complete while
 *   draft, HAZ-002 linked, CSO sign-off voided by a push, signed again, CPM signed, merged with a pass.
 * - acme/eprescribe #8 "Show allergy free text in the banner": HAZ-003, merged without a passing gate
 *   (bypass record follows).
 * - acme/eprescribe #9 "Fix typo in README": merged, not clinically relevant.
 * - acme/eprescribe direct push of src/prescribing/dose.ts (a bypass without a PR).
 * - acme/eprescribe #11: open, not merged (classification, an objection).
 * - acme/triage #3: every typed text carries an XSS payload; HAZ-006; merged with a pass.
 * - acme/secret-pharmacy #1: a repository the signed-in person cannot read.
 */
import type {
  AnswerData,
  BypassData,
  CheckConclusionData,
  ClassificationData,
  HazardEvidence,
  HazardLinkData,
  MergeData,
  ObjectionData,
  SignOffData,
  SignOffEvidence,
  VoidData,
} from "../../../../src/audit/evidence.js";
import { createHash } from "node:crypto";
import type { AuditInput, AuditKind } from "../../../../src/audit/record.js";
import type { ComparedRefs, OpenPull, OpenPulls, TeamMembership } from "../../../../src/github/user-github.js";
import { SqlAuditStore } from "../../../../src/store/audit-store.js";
import { openPgliteStore } from "../../../../src/store/pglite.js";
import type { SqlStore } from "../../../../src/store/sql-store.js";
import type { PageDeps, PageRequest, PageResponse, UserGitHub } from "../../../../src/web/types.js";
import { renderPage } from "../../../../src/web/pages/index.js";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../../../fixtures/repo.js";

/** The two XSS payloads the issue names. */
export const SCRIPT = "<script>alert(1)</script>";
export const IMG = "<img src=x onerror=alert(1)>";
export const XSS = `${SCRIPT} ${IMG}`;

/** A 40-character SHA made of `pair` repeated. */
export const sha = (pair: string): string => pair.repeat(20);

export const BOT = "clinical-safety-gate[bot]";
export const SHA = {
  p7first: sha("a1"),
  p7head: sha("b2"),
  p7merge: sha("c3"),
  p8head: sha("d4"),
  p8merge: sha("e5"),
  p9merge: sha("f6"),
  push: sha("07"),
  t3head: sha("18"),
  t3merge: sha("29"),
  secret: sha("3a"),
} as const;

export const HAZ_002: HazardEvidence = {
  id: "HAZ-002",
  title: "Paediatric dose uses a stale weight or the wrong unit",
  status: "open",
  initialRating: 5,
  residualRating: 3,
};
export const HAZ_003: HazardEvidence = {
  id: "HAZ-003",
  title: "Allergy held as free text so no alert fires",
  status: "transferred",
  initialRating: 3,
  residualRating: 3,
};
export const HAZ_006_XSS: HazardEvidence = { id: "HAZ-006", title: `Triage ${XSS}`, status: "open", initialRating: 4, residualRating: 3 };

const csoSigned = (at: string, headSha: string): SignOffEvidence => ({
  role: "cso",
  actor: "dr-cso",
  at,
  headSha,
  meaning: "clinical safety approval as CSO",
});
const cpmSigned = (at: string, headSha: string): SignOffEvidence => ({
  role: "cpm",
  actor: "pm-pat",
  at,
  headSha,
  meaning: "clinical product approval as CPM",
});

type Data<K extends AuditKind> = K extends "classification"
  ? ClassificationData
  : K extends "answer"
    ? AnswerData
    : K extends "hazard-link"
      ? HazardLinkData
      : K extends "sign-off" | "revocation"
        ? SignOffData
        : K extends "objection" | "objection-withdrawn"
          ? ObjectionData
          : K extends "void"
            ? VoidData
            : K extends "check-conclusion"
              ? CheckConclusionData
              : K extends "merge"
                ? MergeData
                : BypassData;

/** One record to append, its `data` typed by its kind. */
export function record<K extends AuditKind>(
  kind: K,
  repo: string,
  pr: number | null,
  at: string,
  actor: string,
  headSha: string | null,
  data: Data<K>,
): AuditInput {
  return { kind, repo, pr, at, actor, headSha, configSha: sha("cf"), data: { ...data } };
}

const E = "acme/eprescribe";
const T = "acme/triage";
const S = "acme/secret-pharmacy";
const P7 = "Recalculate paediatric dose from current weight";
const P8 = "Show allergy free text in the banner";
const T3 = `Triage scoring ${XSS}`;

function mergeData(over: Partial<MergeData> & Pick<MergeData, "title" | "mergedAt" | "headSha" | "mergeSha">): MergeData {
  return {
    author: "dev-dan",
    baseRef: "main",
    mergedBy: "dev-dan",
    passed: true,
    relevant: true,
    gate: { state: "pass", headline: "All required sign-offs given" },
    rules: ["prescribing"],
    answers: [],
    hazards: [],
    risk: null,
    requiredRoles: ["cso", "cpm"],
    signOffs: [],
    timeline: { openedAt: over.mergedAt, checklistCompleteAt: null, checklistCompleteWhileDraft: false, finalSignOffAt: null },
    ...over,
  };
}

/** The whole story, in the order the app would have recorded it. */
export function story(): AuditInput[] {
  return [
    // acme/eprescribe #7: safety asked early.
    record("classification", E, 7, "2026-03-02T09:00:00Z", BOT, SHA.p7first, {
      title: P7,
      author: "dev-dan",
      draft: true,
      state: "waiting",
      headline: "Waiting for the checklist and sign-off by cso, cpm",
      rules: [{ ruleId: "prescribing", reasons: [{ kind: "path", file: "src/prescribing/dose/weight.ts", pattern: "src/prescribing/**" }] }],
      requiredRoles: ["cso", "cpm"],
      questions: ["decision-logic", "calculations"],
    }),
    record("answer", E, 7, "2026-03-02T11:00:00Z", "dev-dan", SHA.p7first, {
      title: P7,
      questionId: "decision-logic",
      question: "Does this change clinical decision logic?",
      answer: "no",
      via: "checkbox",
      draft: true,
      checklistComplete: false,
    }),
    record("answer", E, 7, "2026-03-02T15:00:00Z", "dev-dan", SHA.p7first, {
      title: P7,
      questionId: "calculations",
      question: "Does this change a calculation?",
      answer: "yes",
      via: "command",
      draft: true,
      checklistComplete: true,
    }),
    record("hazard-link", E, 7, "2026-03-02T15:05:00Z", "dev-dan", SHA.p7first, {
      title: P7,
      hazard: HAZ_002,
      hazardId: "HAZ-002",
      source: "PR description",
      known: true,
    }),
    record("sign-off", E, 7, "2026-03-04T10:00:00Z", "dr-cso", SHA.p7first, { title: P7, role: "cso", meaning: "clinical safety approval as CSO" }),
    record("void", E, 7, "2026-03-04T12:00:00Z", BOT, SHA.p7head, {
      title: P7,
      signOff: csoSigned("2026-03-04T10:00:00Z", SHA.p7first),
      reason: "voided-by-push",
      detail: `voided by push of ${SHA.p7head.slice(0, 7)}`,
    }),
    record("sign-off", E, 7, "2026-03-05T09:00:00Z", "dr-cso", SHA.p7head, { title: P7, role: "cso", meaning: "clinical safety approval as CSO" }),
    record("sign-off", E, 7, "2026-03-05T11:00:00Z", "pm-pat", SHA.p7head, { title: P7, role: "cpm", meaning: "clinical product approval as CPM" }),
    record("check-conclusion", E, 7, "2026-03-05T11:00:01Z", BOT, SHA.p7head, {
      title: P7,
      conclusion: "success",
      checkTitle: "Clinical safety: passed",
      state: "pass",
    }),
    record(
      "merge",
      E,
      7,
      "2026-03-05T12:00:00Z",
      "dev-dan",
      SHA.p7head,
      mergeData({
        title: P7,
        headSha: SHA.p7head,
        mergeSha: SHA.p7merge,
        mergedAt: "2026-03-05T12:00:00Z",
        hazards: [HAZ_002],
        risk: 3,
        answers: [
          {
            questionId: "calculations",
            question: "Does this change a calculation?",
            answer: "yes",
            answeredBy: "dev-dan",
            answeredAt: "2026-03-02T15:00:00Z",
          },
        ],
        signOffs: [csoSigned("2026-03-05T09:00:00Z", SHA.p7head), cpmSigned("2026-03-05T11:00:00Z", SHA.p7head)],
        timeline: {
          openedAt: "2026-03-02T09:00:00Z",
          checklistCompleteAt: "2026-03-02T15:00:00Z",
          checklistCompleteWhileDraft: true,
          finalSignOffAt: "2026-03-05T11:00:00Z",
        },
      }),
    ),
    // acme/eprescribe #8: merged by an admin without a passing gate.
    record(
      "merge",
      E,
      8,
      "2026-03-20T16:00:00Z",
      "admin-ann",
      SHA.p8head,
      mergeData({
        title: P8,
        headSha: SHA.p8head,
        mergeSha: SHA.p8merge,
        mergedAt: "2026-03-20T16:00:00Z",
        mergedBy: "admin-ann",
        passed: false,
        gate: { state: "waiting", headline: "Waiting for sign-off: cso" },
        rules: ["interface"],
        hazards: [HAZ_003],
        risk: 3,
        requiredRoles: ["cpm", "cso"],
        signOffs: [cpmSigned("2026-03-19T10:00:00Z", SHA.p8head)],
        timeline: {
          openedAt: "2026-03-18T09:00:00Z",
          checklistCompleteAt: "2026-03-19T09:00:00Z",
          checklistCompleteWhileDraft: false,
          finalSignOffAt: null,
        },
      }),
    ),
    record("bypass", E, 8, "2026-03-20T16:00:01Z", BOT, SHA.p8head, {
      title: P8,
      reason: "merged-without-passing-gate",
      detail: "Waiting for sign-off: cso",
      files: ["web/src/banner.tsx"],
      rules: ["interface"],
      issue: 12,
      before: null,
      after: SHA.p8merge,
    }),
    // acme/eprescribe #9: not clinically relevant.
    record(
      "merge",
      E,
      9,
      "2026-04-01T08:00:00Z",
      "dev-dan",
      SHA.p9merge,
      mergeData({
        title: "Fix typo in README",
        headSha: SHA.p9merge,
        mergeSha: SHA.p9merge,
        mergedAt: "2026-04-01T08:00:00Z",
        relevant: false,
        gate: { state: "not-relevant", headline: "No clinical impact" },
        rules: [],
        requiredRoles: [],
      }),
    ),
    // acme/eprescribe: a direct push of relevant code.
    record("bypass", E, null, "2026-04-02T07:30:00Z", "admin-ann", SHA.push, {
      title: "",
      reason: "direct-push",
      detail: "pushed to main without a pull request",
      files: ["src/prescribing/dose.ts"],
      rules: ["prescribing"],
      issue: 13,
      before: SHA.p9merge,
      after: SHA.push,
    }),
    // acme/eprescribe #11: still open, with an objection.
    record("classification", E, 11, "2026-04-03T09:00:00Z", BOT, sha("4b"), {
      title: "Change dose rounding",
      author: "dev-eve",
      draft: false,
      state: "waiting",
      headline: "Waiting for sign-off by cso, cpm",
      rules: [{ ruleId: "prescribing", reasons: [{ kind: "label", label: "clinical-impact" }] }],
      requiredRoles: ["cso", "cpm"],
      questions: ["calculations"],
    }),
    record("objection", E, 11, "2026-04-03T10:00:00Z", "dr-cso", sha("4b"), {
      title: "Change dose rounding",
      role: "cso",
      reason: "Rounding must be tested at 0.5 mg boundaries",
    }),
    // acme/triage #3: every typed text is hostile.
    record("classification", T, 3, "2026-04-05T09:00:00Z", BOT, SHA.t3head, {
      title: T3,
      author: "dev-dan",
      draft: false,
      state: "waiting",
      headline: "Waiting for sign-off by cso",
      rules: [{ ruleId: "triage", reasons: [{ kind: "path", file: `src/triage/${IMG}.ts`, pattern: "src/triage/**" }] }],
      requiredRoles: ["cso"],
      questions: ["decision-logic"],
    }),
    record("answer", T, 3, "2026-04-05T10:00:00Z", "dev-dan", SHA.t3head, {
      title: T3,
      questionId: "decision-logic",
      question: `Decision logic? ${SCRIPT}`,
      answer: "yes",
      via: "command",
      draft: false,
      checklistComplete: true,
    }),
    record("hazard-link", T, 3, "2026-04-05T10:05:00Z", "dev-dan", SHA.t3head, {
      title: T3,
      hazard: HAZ_006_XSS,
      hazardId: "HAZ-006",
      source: `comment by ${IMG}`,
      known: true,
    }),
    record("objection", T, 3, "2026-04-05T11:00:00Z", "dr-cso", SHA.t3head, { title: T3, role: "cso", reason: `Not yet: ${XSS}` }),
    record("objection-withdrawn", T, 3, "2026-04-06T09:00:00Z", "dr-cso", SHA.t3head, { title: T3, role: "cso", reason: `Fixed ${XSS}` }),
    record("sign-off", T, 3, "2026-04-06T10:00:00Z", "dr-cso", SHA.t3head, {
      title: T3,
      role: "cso",
      meaning: `clinical safety approval as CSO ${XSS}`,
    }),
    record(
      "merge",
      T,
      3,
      "2026-04-06T12:00:00Z",
      "dev-dan",
      SHA.t3head,
      mergeData({
        title: T3,
        headSha: SHA.t3head,
        mergeSha: SHA.t3merge,
        mergedAt: "2026-04-06T12:00:00Z",
        rules: ["triage"],
        hazards: [HAZ_006_XSS],
        risk: 3,
        requiredRoles: ["cso"],
        signOffs: [{ ...csoSigned("2026-04-06T10:00:00Z", SHA.t3head), meaning: `approval ${XSS}` }],
        timeline: {
          openedAt: "2026-04-05T09:00:00Z",
          checklistCompleteAt: "2026-04-05T10:00:00Z",
          checklistCompleteWhileDraft: false,
          finalSignOffAt: "2026-04-06T10:00:00Z",
        },
      }),
    ),
    // acme/secret-pharmacy #1: the signed-in person cannot read this repository.
    record(
      "merge",
      S,
      1,
      "2026-03-10T12:00:00Z",
      "dev-sam",
      SHA.secret,
      mergeData({
        title: "Secret formulary change",
        headSha: SHA.secret,
        mergeSha: SHA.secret,
        mergedAt: "2026-03-10T12:00:00Z",
        hazards: [{ ...HAZ_002, title: "Secret hazard" }],
        risk: 5,
        signOffs: [csoSigned("2026-03-10T11:00:00Z", SHA.secret)],
      }),
    ),
  ];
}

/** The triage repository's hazard log: HAZ-006 with a hostile title. */
export const TRIAGE_HAZARD_LOG = `hazards:
  - id: HAZ-006
    title: "Triage ${XSS}"
    description: "Under-triage of chest pain ${SCRIPT}"
    initial: { severity: catastrophic, likelihood: low }
    residual: { severity: catastrophic, likelihood: very-low }
    status: open
    owner: "dr-cso ${IMG}"
    raised: 2026-01-10
    code: ["src/triage/**"]
`;

/** A fake of the person's GitHub: what they can read, the files, and the commits between refs. */
export class FakeGitHub implements UserGitHub {
  /** Every repository `canRead` was asked about, in order. */
  readonly asked: string[] = [];

  constructor(
    readonly login: string,
    private readonly readable: readonly string[],
    private readonly files: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
    private readonly compare: Readonly<Record<string, readonly string[]>> = {},
  ) {}

  async canRead(repo: string): Promise<boolean> {
    this.asked.push(repo);
    return this.readable.includes(repo);
  }

  readonly webBase = "https://github.com";
  /** Teams (`org/slug`) the person is an active member of; any other team answers "none". */
  teams: string[] = [];
  /** Open PRs per repository, as GitHub would list them. */
  open: Record<string, OpenPull[]> = {};

  async teamMembership(org: string, slug: string): Promise<TeamMembership> {
    return this.teams.includes(`${org}/${slug}`) ? "active" : "none";
  }

  async openPulls(repo: string): Promise<OpenPulls> {
    return { pulls: this.readable.includes(repo) ? [...(this.open[repo] ?? [])] : [], complete: true };
  }

  async getFile(repo: string, path: string): Promise<string | null> {
    return this.readable.includes(repo) ? (this.files[repo]?.[path] ?? null) : null;
  }

  async commitsBetween(repo: string, from: string, to: string): Promise<string[] | null> {
    const commits = this.compare[`${repo} ${from}...${to}`];
    return commits === undefined ? null : [...commits];
  }

  /** Each ref resolves to {@link refSha} of its name (a SHA to itself). */
  async compareRefs(repo: string, from: string, to: string): Promise<ComparedRefs | null> {
    const commits = await this.commitsBetween(repo, from, to);
    return commits === null ? null : { fromSha: refSha(from), toSha: refSha(to), commits };
  }
}

/** The commit a ref names in {@link FakeGitHub}: a 40-hex SHA is itself, a tag or branch a SHA made of its name. */
export function refSha(ref: string): string {
  return /^[0-9a-f]{40}$/.test(ref) ? ref : createHash("sha1").update(`ref ${ref}`).digest("hex");
}

/** The CSO of the story: reads eprescribe and triage, not secret-pharmacy. */
export function cso(): FakeGitHub {
  return new FakeGitHub(
    "dr-cso",
    [E, T],
    {
      [E]: { ".github/clinical-safety.yml": PRODUCT_CONFIG, "docs/safety/hazard-log.yml": SAMPLE_HAZARD_LOG },
      [T]: { "docs/safety/hazard-log.yml": TRIAGE_HAZARD_LOG },
    },
    {
      // v1.0.0 → v1.1.0 holds #7's merge, #9's merge (not relevant) and the direct push.
      [`${E} v1.0.0...v1.1.0`]: [SHA.p7merge, SHA.p9merge, SHA.push, sha("99")],
      [`${E} v1.1.0...v1.2.0`]: [],
      [`${T} v2.0.0...v2.1.0`]: [SHA.t3merge],
    },
  );
}

/** A fresh in-memory database holding `inputs`. */
export async function seededStore(inputs: readonly AuditInput[] = story()): Promise<{ sql: SqlStore; audit: SqlAuditStore }> {
  const sql = await openPgliteStore();
  const audit = new SqlAuditStore(sql.driver);
  for (const input of inputs) await audit.append(input);
  return { sql, audit };
}

export const PUBLIC_URL = "https://gate.example.org";
export const NOW = new Date("2026-04-20T12:00:00Z");

/** Calls the pages as the router would. */
export function get(audit: SqlAuditStore, github: UserGitHub, path: string, method = "GET"): Promise<PageResponse> {
  const request: PageRequest = { method, url: new URL(path, "http://localhost"), github };
  const deps: PageDeps = { audit, publicUrl: PUBLIC_URL, now: () => NOW };
  return renderPage(request, deps);
}
