/**
 * The world of the `report release` tests: a GitHub (the simulator) whose acme/eprescribe history holds
 * the merges of the audit-page story (test/unit/web/pages/seed.ts), tagged as two releases, and a CSO's
 * token that can read it. The trail itself is the story's, so the CLI and the pages report on one history.
 */
import { GitHubState } from "../simulator/state.js";
import { SHA, sha } from "../unit/web/pages/seed.js";

export const REPO = "acme/eprescribe";
/** The CSO's personal token: distinctive, so that a test can search every output for it. */
export const TOKEN = "ghp_ReleaseReportTokenNeverPrinted0001";
/** Where the report's links lead. */
export const PUBLIC_URL = "https://gate.example.org";
/** A commit with no ancestor in common with the releases (a history pushed from elsewhere). */
export const ORPHAN = sha("ee");

/**
 * acme/eprescribe, private, read by dr-cso:
 * `main`: initial → v1.0.0 → #7's merge → #8's merge → #9's merge → the direct push (v1.1.0) → v1.2.0.
 * v1.0.0...v1.1.0 thus holds two relevant merges (#7 with a pass, #8 without one), an irrelevant one (#9)
 * and a direct push; v1.1.0...v1.2.0 holds one commit the trail knows nothing of.
 */
export function releaseGitHub(): GitHubState {
  const gh = new GitHubState({ now: "2026-04-20T12:00:00Z" });
  const repo = gh.addRepo({ owner: "acme", name: "eprescribe", private: true, files: { "README.md": "# eprescribe\n" } });
  const commit = (path: string, sha?: string) => gh.commitToBranch("acme", "eprescribe", "main", { [path]: `${path}\n` }, sha ? { sha } : {}).after;
  // The simulator has no tags: a branch of the same name resolves the same way in the compare API.
  repo.branches["v1.0.0"] = commit("CHANGELOG.md");
  commit("src/prescribing/dose/weight.ts", SHA.p7merge);
  commit("web/src/banner.tsx", SHA.p8merge);
  commit("README.md", SHA.p9merge);
  repo.branches["v1.1.0"] = commit("src/prescribing/dose.ts", SHA.push);
  repo.branches["v1.2.0"] = commit("docs/release-notes.md");
  gh.setFile("acme", "eprescribe", ORPHAN, "orphan.txt", "pushed from elsewhere\n");
  gh.setPermission("acme", "eprescribe", "dr-cso", "read");
  gh.addUserToken(TOKEN, "dr-cso");
  return gh;
}

/**
 * The report with the audit trail's head hash as `HEAD`: the hash covers each record's random id, so the
 * story's trail written twice is another chain.
 */
export function withHeadHidden(report: string): string {
  return report.replace(/hash `[0-9a-f]{64}`/, "hash `HEAD`");
}

/**
 * The report of v1.0.0...v1.1.0, as the command prints it (its head hash hidden, {@link withHeadHidden});
 * `generated` is when, "YYYY-MM-DD HH:MM"; `fromSha` the commit v1.0.0 names (v1.1.0 is the direct push).
 * Not approved, no hazard log change; #8 and the direct push as bypasses not reviewed; #7 under its hazard
 * with both sign-offs, #8 under its own, the direct push under no hazard, and each of them in detail; #9 (not
 * clinically relevant) and the other repositories' merges are absent but for #9's commit.
 */
export function expectedReport(generated: string, fromSha: string): string {
  return `# Clinically relevant changes in acme/eprescribe: \`v1.0.0\` → \`v1.1.0\`

From the Clinical Safety Gate audit trail, ${generated} UTC. 3 clinically relevant changes among 4 commits; **2 reached the branch without a passing gate** (marked below).

Every commit is accounted for: 1 assessed, 1 not relevant, 2 bypass, 0 unassessed.

Range: \`v1.0.0\` at \`${fromSha}\` → \`v1.1.0\` at \`${SHA.push}\`. Audit trail head at the time of this report: record 24, hash \`HEAD\`.

## Release approval

**Not approved**: no release approval by the CSO is recorded for this range. Approve it at <${PUBLIC_URL}/audit/acme/eprescribe/release/approve?from=v1.0.0&to=v1.1.0>.

## Hazard log changes in this release

No change to the hazard log was merged in this release.

## Open objections and bypasses

- **Bypass**: [acme/eprescribe\\#8](${PUBLIC_URL}/audit/acme/eprescribe/pull/8) \`e5e5e5e\` Show allergy free text in the banner — merged without a passing gate: Waiting for sign-off: cso (issue \\#12); **not reviewed**
- **Bypass**: \`0707070\` Direct push of src/prescribing/dose.ts — direct push: pushed to main without a pull request (issue \\#13); **not reviewed**

## HAZ-002 — Paediatric dose uses a stale weight or the wrong unit

Residual risk 3 — undesirable · status open

| Change | Title | Merged (UTC) | Merge commit | Risk | Sign-offs | Gate | Other checks |
| --- | --- | --- | --- | --- | --- | --- | --- |
| [acme/eprescribe\\#7](${PUBLIC_URL}/audit/acme/eprescribe/pull/7) | Recalculate paediatric dose from current weight | 2026-03-05 12:00 | \`c3c3c3c\` | 3 — undesirable | cso: dr-cso @ \`b2b2b2b\`; cpm: pm-pat @ \`b2b2b2b\` | passed | not recorded |

## HAZ-003 — Allergy held as free text so no alert fires

Residual risk 3 — undesirable · status transferred

| Change | Title | Merged (UTC) | Merge commit | Risk | Sign-offs | Gate | Other checks |
| --- | --- | --- | --- | --- | --- | --- | --- |
| [acme/eprescribe\\#8](${PUBLIC_URL}/audit/acme/eprescribe/pull/8) | Show allergy free text in the banner | 2026-03-20 16:00 | \`e5e5e5e\` | 3 — undesirable | cpm: pm-pat @ \`d4d4d4d\` | **bypass**: merged without a passing gate: Waiting for sign-off: cso | not recorded |

## No hazard linked

| Change | Title | Merged (UTC) | Merge commit | Risk | Sign-offs | Gate | Other checks |
| --- | --- | --- | --- | --- | --- | --- | --- |
| [direct push](${PUBLIC_URL}/audit/acme/eprescribe/push/0707070707070707070707070707070707070707) | Direct push of src/prescribing/dose.ts | 2026-04-02 07:30 | \`0707070\` | none linked | none | **bypass**: direct push: pushed to main without a pull request | not recorded |

## Changes in detail

### [acme/eprescribe\\#7](${PUBLIC_URL}/audit/acme/eprescribe/pull/7) — Recalculate paediatric dose from current weight

Merged 2026-03-05 12:00 UTC by dev-dan as \`c3c3c3c\` (head \`b2b2b2b\`) · gate passed · rules prescribing

Checklist:

- Does this change a calculation? (\`calculations\`): **Yes** — dev-dan, 2026-03-02 15:00 UTC

Hazards:

- HAZ-002 — Paediatric dose uses a stale weight or the wrong unit: initial 5 — unacceptable, residual 3 — undesirable, open

Sign-offs:

| Signer (login) | Role | Signed (UTC) | Meaning | Commit |
| --- | --- | --- | --- | --- |
| dr-cso | cso | 2026-03-05 09:00 | clinical safety approval as CSO | \`${SHA.p7head}\` |
| pm-pat | cpm | 2026-03-05 11:00 | clinical product approval as CPM | \`${SHA.p7head}\` |

Other checks: not recorded

### [acme/eprescribe\\#8](${PUBLIC_URL}/audit/acme/eprescribe/pull/8) — Show allergy free text in the banner

Merged 2026-03-20 16:00 UTC by admin-ann as \`e5e5e5e\` (head \`d4d4d4d\`) · **bypass**: merged without a passing gate: Waiting for sign-off: cso · rules interface

Checklist:

- no answer recorded

Hazards:

- HAZ-003 — Allergy held as free text so no alert fires: initial 3 — undesirable, residual 3 — undesirable, transferred

Sign-offs:

| Signer (login) | Role | Signed (UTC) | Meaning | Commit |
| --- | --- | --- | --- | --- |
| pm-pat | cpm | 2026-03-19 10:00 | clinical product approval as CPM | \`${SHA.p8head}\` |

Other checks: not recorded

### [direct push](${PUBLIC_URL}/audit/acme/eprescribe/push/0707070707070707070707070707070707070707) — Direct push of src/prescribing/dose.ts

Pushed 2026-04-02 07:30 UTC by admin-ann as \`0707070\` · **bypass**: direct push: pushed to main without a pull request · rules prescribing

Checklist:

- no answer recorded

Hazards:

- none linked

Sign-offs:

- none

Other checks: not recorded

## Every commit in the release

| Commit | State | Change | What the trail says |
| --- | --- | --- | --- |
| \`c3c3c3c\` | assessed | \\#7 | signed off by cso dr-cso at 2026-03-05 09:00 UTC, cpm pm-pat at 2026-03-05 11:00 UTC, under config cfcfcfc |
| \`e5e5e5e\` | bypass | \\#8 | merged without a passing gate: Waiting for sign-off: cso; not reviewed |
| \`f6f6f6f\` | not relevant | \\#9 | classified not clinically relevant at 2026-04-01 08:00 UTC, under config cfcfcfc |
| \`0707070\` | bypass | direct push | direct push: pushed to main without a pull request; not reviewed |
`;
}
