import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { OpenPull, OpenPulls, TeamMembership } from "../../../../src/github/user-github.js";
import type { SqlAuditStore } from "../../../../src/store/audit-store.js";
import type { SqlStore } from "../../../../src/store/sql-store.js";
import { PRODUCT_CONFIG } from "../../../fixtures/repo.js";
import { E, S, WAITING, headOf, needsMeStory } from "./needs-me-seed.js";
import { FakeGitHub, PUBLIC_URL, SCRIPT, XSS, get, record, seededStore, sha } from "./seed.js";
import { textOf } from "./text.js";

/**
 * `/audit/needs-me` over the pages' story (test/unit/web/pages/seed.ts) and a few more PRs, with a fake of
 * the person's GitHub that records what it was asked: the page asks only about repositories the person can
 * read, and only what the lists need.
 */

const open = (number: keyof typeof WAITING | 11, draft = false): OpenPull => ({
  number,
  title: number === 11 ? "Change dose rounding" : WAITING[number],
  draft,
  headSha: number === 11 ? sha("4b") : headOf(number),
});

/** The fake person's GitHub, recording the membership and open-PR questions. */
class Recording extends FakeGitHub {
  readonly membershipAsked: string[] = [];
  readonly openAsked: string[] = [];

  override async teamMembership(org: string, slug: string): Promise<TeamMembership> {
    this.membershipAsked.push(`${org}/${slug}`);
    return super.teamMembership(org, slug);
  }

  override async openPulls(repo: string): Promise<OpenPulls> {
    this.openAsked.push(repo);
    return super.openPulls(repo);
  }
}

/** dr-cso, in the clinical-safety team, with #11, #12 and #13 (a draft) open in eprescribe. */
function drCso(teams = ["acme/clinical-safety"], config = PRODUCT_CONFIG): Recording {
  const person = new Recording("dr-cso", [E, "acme/triage"], { [E]: { ".github/clinical-safety.yml": config } });
  person.teams = teams;
  person.open = {
    [E]: [open(13, true), open(12), open(11)],
    [S]: [open(5)],
  };
  return person;
}

type ItemJson = {
  repo: string;
  pr: number | null;
  need: string;
  command: string;
  detail: string | null;
  since: string;
  ageHours: number;
  auditUrl: string;
  githubUrl: string | null;
};
type Lists = { signOffs: ItemJson[]; objections: ItemJson[]; drafts: ItemJson[]; bypasses: ItemJson[]; notes: string[]; login: string };

describe("/audit/needs-me", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;

  // One trail for every case: each only reads it, but the last, which adds to it.
  beforeAll(async () => {
    ({ sql, audit } = await seededStore(needsMeStory()));
  });
  afterAll(async () => {
    await sql.close();
  });

  const lists = async (github: FakeGitHub): Promise<Lists> => {
    const response = await get(audit, github, "/audit/needs-me?format=json");
    expect(response.status).toBe(200);
    expect(response.headers["content-disposition"]).toBe('attachment; filename="needs-me.json"');
    return JSON.parse(response.body) as Lists;
  };
  const short = (items: ItemJson[]) => items.map((i) => `${i.repo}#${i.pr ?? "push"}`);

  it("gives a CSO the four lists, oldest first, from repositories they can read only", async () => {
    const github = drCso();
    const result = await lists(github);
    expect({
      signOffs: short(result.signOffs),
      objections: short(result.objections),
      drafts: short(result.drafts),
      bypasses: short(result.bypasses),
    }).toEqual({
      signOffs: ["acme/eprescribe#12"],
      objections: ["acme/eprescribe#11"],
      drafts: ["acme/eprescribe#13"],
      bypasses: ["acme/eprescribe#8", "acme/eprescribe#push"],
    });
    // Nothing of the secret repository: not listed, not asked about.
    expect([github.openAsked, github.membershipAsked]).toEqual([[E], ["acme/clinical-safety", "acme/clinical-product"]]);
    expect(github.asked).toContain(S);
  });

  it("says what is needed, since when and how old, with links to the evidence and to GitHub", async () => {
    const { signOffs, objections, bypasses } = await lists(drCso());
    expect(signOffs[0]).toMatchObject({
      need: "Sign-off as cso",
      command: "/safety sign-off cso",
      since: "2026-04-12T09:00:00.000Z",
      ageHours: 8 * 24 + 3,
      auditUrl: `${PUBLIC_URL}/audit/acme/eprescribe/pull/12`,
      githubUrl: "https://github.com/acme/eprescribe/pull/12",
    });
    expect(objections[0]).toMatchObject({ detail: "Rounding must be tested at 0.5 mg boundaries", command: "/safety withdraw-objection" });
    expect(bypasses[1]).toMatchObject({
      pr: null,
      auditUrl: `${PUBLIC_URL}/audit/acme/eprescribe/push/${"07".repeat(20)}`,
      githubUrl: expect.stringMatching(/^https:\/\/github\.com\/acme\/eprescribe\/commit\/[0-9a-f]{40}$/) as unknown,
    });
  });

  it("gives someone in no role only their own objections", async () => {
    const result = await lists(drCso([]));
    expect([result.signOffs, result.drafts, result.bypasses, short(result.objections)]).toEqual([[], [], [], ["acme/eprescribe#11"]]);
  });

  it("leaves out a PR GitHub no longer lists as open", async () => {
    const github = drCso();
    github.open[E] = [];
    const result = await lists(github);
    expect([result.signOffs, result.objections, result.drafts, short(result.bypasses)]).toEqual([
      [],
      [],
      [],
      ["acme/eprescribe#8", "acme/eprescribe#push"],
    ]);
  });

  it("shows the lists as a page: sections, ages, links, escaped titles, the navigation at Needs me", async () => {
    const response = await get(audit, drCso(), "/audit/needs-me");
    expect(response.status).toBe(200);
    const text = textOf(response.body);
    expect(text).toContain("5 things need you.");
    expect(text).toContain("Waiting for your sign-off (1)");
    expect(text).toContain("Bypasses awaiting your review (2)");
    expect(response.body).toContain("Your reason: <q>Rounding must be tested at 0.5 mg boundaries</q>");
    expect(text).toContain("8 d 3 h");
    expect(response.body).toContain('<a href="/audit/acme/eprescribe/pull/12">acme/eprescribe#12</a>');
    expect(response.body).toContain('<a href="https://github.com/acme/eprescribe/pull/12">Pull request #12</a>');
    expect(response.body).toContain('<a href="https://github.com/acme/eprescribe/issues/13">Bypass issue #13</a>');
    expect(response.body).toContain('<a href="/audit/needs-me" aria-current="page">Needs me</a>');
    expect(response.body).not.toContain(SCRIPT);
    expect(text).toContain(`Dose limits ${XSS}`);
  });

  it("links the audit page where a role configured to reauthenticate signs", async () => {
    const config = PRODUCT_CONFIG.replace("sign_off:\n", "sign_off:\n  reauthenticate: [cso]\n");
    expect(config).toContain("reauthenticate: [cso]");
    const response = await get(audit, drCso(undefined, config), "/audit/needs-me");
    expect(response.body).toContain('<a href="/audit/acme/eprescribe/pull/12/sign?role=cso">Sign as cso on the audit page</a>');
    expect(response.body).toContain('<a href="/audit/acme/eprescribe/pull/13/sign?role=cso">Sign as cso on the audit page</a>');
    expect((await get(audit, drCso(), "/audit/needs-me")).body).not.toContain("on the audit page</a>");
  });

  it("says when nothing needs the person", async () => {
    const response = await get(audit, new Recording("nurse-nia", []), "/audit/needs-me");
    const text = textOf(response.body);
    expect(text).toContain("0 things need you.");
    expect(text).toContain("No open pull request is waiting for a sign-off you could give.");
  });

  it.each(["csv", "md"])("refuses format=%s", async (format) => {
    const response = await get(audit, drCso(), `/audit/needs-me?format=${format}`);
    expect([response.status, response.body]).toEqual([400, "This page can be downloaded as format=json.\n"]);
  });

  it("notes a repository whose roles cannot be told", async () => {
    const extra = record("bypass", "acme/triage", null, "2026-04-15T09:00:00Z", "admin-ann", sha("5c"), {
      title: "",
      reason: "direct-push",
      detail: "pushed to main without a pull request",
      files: ["src/triage/score.ts"],
      rules: ["triage"],
      issue: null,
      before: null,
      after: sha("5c"),
    });
    await audit.append(extra);
    const result = await lists(drCso());
    expect(result.notes).toEqual(["acme/triage has no .github/clinical-safety.yml, so the roles you hold there cannot be told."]);
    expect(short(result.bypasses)).toEqual(["acme/eprescribe#8", "acme/eprescribe#push"]);
  });
});
