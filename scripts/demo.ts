/**
 * `npm run demo`: the app, with embedded storage, against the GitHub simulator over HTTP. One realistic PR
 * goes through its whole life, and each step is printed as the people involved would see it: the app's
 * comment on the PR, its replies, and the check's conclusion and title.
 *
 * Nothing external is needed: the simulator listens on 127.0.0.1, the app's webhooks are delivered to it
 * signed, exactly as GitHub would, and PGlite keeps the app's data in a temporary directory.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { Probot } from "probot";
import type { AuditRecord } from "../src/audit/record.js";
import { verifyChain } from "../src/audit/verify-chain.js";
import { SqlAuditStore } from "../src/store/audit-store.js";
import { openPgliteStore } from "../src/store/pglite.js";
import { startService } from "../src/service.js";
import { issueCommentEvent, pullRequestEvent } from "../test/simulator/payloads.js";
import { generatePrivateKey, UNTHROTTLED } from "../test/simulator/probot.js";
import { deliverWebhook, startSimulatorServer } from "../test/simulator/server.js";
import { GitHubState, type SimComment } from "../test/simulator/state.js";
import { tickInComment } from "../test/fixtures/checklist.js";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../test/fixtures/repo.js";

const OWNER = "acme";
const REPO = "eprescribe";
const SECRET = "demo-webhook-secret";
const BOT = "clinical-safety-gate[bot]";

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);
/** A value of a record's data as text: JSON for a list or a mapping. */
const asText = (v: unknown) => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v));
/** A Markdown comment cut at its headings, so two versions can be compared section by section. */
const sections = (markdown: string) => markdown.split(/\n(?=#{2,3} )/).map((s) => s.trimEnd());
const indent = (text: string) =>
  text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "clinical-safety-demo-"));
  const gh = new GitHubState({ now: "2026-11-23T09:00:00Z" });
  gh.addRepo({
    owner: OWNER,
    name: REPO,
    files: {
      ".github/clinical-safety.yml": PRODUCT_CONFIG,
      "docs/safety/hazard-log.yml": SAMPLE_HAZARD_LOG,
      "src/prescribing/dose/round.ts": "export const round = (ml: number) => Math.round(ml);\n",
    },
  });
  gh.addTeamMember(OWNER, "clinical-safety", "dr-cleo");
  gh.addTeamMember(OWNER, "clinical-product", "pat-cpm");

  const simulator = await startSimulatorServer(gh);
  const store = await openPgliteStore(dataDir);
  // The service, as `npm start` runs it (src/service.ts: intake, inbox, worker, app), but in this process
  // so the demo can read the simulator's state. Throttling is off so the demo does not wait a second between
  // writes, as the real app does.
  const log = pino({ level: process.env.LOG_LEVEL ?? "silent" });
  const audit = new SqlAuditStore(store.driver);
  const service = await startService({
    probot: new Probot({ appId: 1, privateKey: generatePrivateKey(), secret: SECRET, baseUrl: simulator.apiUrl, Octokit: UNTHROTTLED, log }),
    store,
    audit,
    secret: SECRET,
    host: "127.0.0.1",
    port: 0,
    log,
    // The app's clock is the simulator's, so the audit trail reads as one story.
    now: () => new Date(gh.now()),
  });
  const appUrl = `http://127.0.0.1:${service.port}/api/github/webhooks`;

  let stepNo = 0;
  let lastComment = "";
  const seenReplies = new Set<number>();
  const ref = { owner: OWNER, repo: REPO, number: 0 };

  // Each delivery is answered as soon as it is stored; the demo then waits for the worker to process it.
  const deliver = async (event: { id: string; name: string; payload: unknown }) => {
    const status = await deliverWebhook({ appUrl, secret: SECRET, ...(event as { id: string; name: "pull_request"; payload: never }) });
    if (status >= 300) throw new Error(`the app answered ${status} to ${event.name}`);
    await service.settled();
  };

  const sticky = (): SimComment | undefined =>
    gh.comments.find((c) => c.issueNumber === ref.number && c.user === BOT && c.body.includes("clinical-safety-gate:sticky"));

  /** Prints what changed on the PR since the last step: new replies, the comment if it changed, the check. */
  const show = (title: string, what: string) => {
    stepNo += 1;
    console.log(`\n${bold(`━━ ${stepNo}. ${title}`)}`);
    console.log(dim(what));
    for (const c of gh.comments.filter((c) => c.issueNumber === ref.number && c.user === BOT && !seenReplies.has(c.id))) {
      seenReplies.add(c.id);
      if (c === sticky()) continue;
      console.log(`\n  ${bold("The app replies:")}\n${indent(c.body)}`);
    }
    const comment = sticky();
    if (comment && !lastComment) {
      console.log(`\n  ${bold("The app's comment on the PR:")}\n${indent(comment.body)}`);
    } else if (comment && comment.body !== lastComment) {
      // After the first time, only the sections of the comment that changed: that is what a reader looks at.
      const before = sections(lastComment);
      const changed = sections(comment.body).filter((s) => !before.includes(s));
      console.log(`\n  ${bold("The app's comment, updated in place; what changed:")}\n${indent(changed.join("\n"))}`);
    } else if (comment) {
      console.log(`\n  ${dim("(the app's comment is unchanged)")}`);
    }
    if (comment) lastComment = comment.body;
    const head = gh.requirePull(ref).headSha;
    const check = gh.checkRuns.filter((c) => c.headSha === head).at(-1);
    const labels = gh.labelsOf(ref).map((l) => l.name);
    console.log(`\n  ${bold("Check")} "${check?.name}" on ${head.slice(0, 7)}: ${bold(check?.conclusion ?? "none")} — ${check?.output.title ?? ""}`);
    console.log(`  ${bold("Labels")}: ${labels.length ? labels.join(", ") : "none"}`);
  };

  const comment = async (user: string, body: string) => {
    gh.tick(60);
    const c = gh.addComment({ ...ref, user, body });
    await deliver(issueCommentEvent(gh, "created", { ...ref, commentId: c.id, sender: user }));
  };

  /** A person ticks one box in the app's comment: GitHub sends issue_comment.edited with the old body. */
  const tick = async (user: string, questionId: string, answer: "Yes" | "No") => {
    gh.tick(60);
    const current = sticky();
    if (!current) throw new Error("no comment to tick");
    const from = current.body;
    gh.editComment(current.id, tickInComment(from, questionId, answer));
    await deliver(issueCommentEvent(gh, "edited", { ...ref, commentId: current.id, sender: user, from }));
  };

  try {
    console.log(bold("Clinical Safety Gate — demo"));
    console.log(dim(`GitHub simulator at ${simulator.apiUrl}; the app at ${appUrl}; data in ${dataDir}`));
    console.log(dim("People: @dev (developer), @pat-cpm (Clinical Product Manager), @dr-cleo (Clinical Safety Officer)."));

    const pr = gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "Round paediatric liquid doses to 0.1 mL",
      author: "dev",
      draft: true,
      body: "Oral syringes measure 0.1 mL; rounding to whole mL over-doses small children.",
      files: [
        { filename: "src/prescribing/dose/round.ts", content: "export const round = (ml: number) => Math.round(ml * 10) / 10;\n" },
        { filename: "src/prescribing/dose/round.test.ts", content: "// boundary tests\n" },
      ],
    });
    ref.number = pr.number;
    await deliver(pullRequestEvent(gh, "opened", { ...ref, sender: "dev" }));
    show("A draft PR touching prescribing code is opened", "@dev opens a draft PR early, before the design is locked; the gate flags it at once.");

    await tick("dev", "decision-logic", "No");
    await tick("dev", "calculations", "Yes");
    show("The developer answers the checklist by ticking boxes", "@dev ticks No for decision logic and Yes for calculations.");

    gh.tick(60);
    gh.editPullRequest(ref, { body: `${pr.body}\n\nAffects HAZ-002 (stale weight / wrong unit in paediatric doses).` });
    await deliver(pullRequestEvent(gh, "edited", { ...ref, sender: "dev" }));
    show("The developer links the hazard", "@dev adds HAZ-002 to the PR description, as the comment proposed.");

    gh.setDraft(ref, false);
    await deliver(pullRequestEvent(gh, "ready_for_review", { ...ref, sender: "dev" }));
    await comment("dev", "/safety sign-off");
    show("The author tries to sign off their own change", "@dev comments `/safety sign-off`: refused, segregation of duties.");

    await comment("pat-cpm", "Reviewed the clinical impact with the paediatric pharmacist.\n/safety sign-off cpm");
    show("The Clinical Product Manager signs off", "@pat-cpm comments `/safety sign-off cpm`.");

    await comment("dr-cleo", "/safety sign-off cso");
    show("The Clinical Safety Officer signs off", "@dr-cleo comments `/safety sign-off cso`: every required role has signed this exact commit.");

    gh.tick(600);
    gh.pushToPullRequest(ref, undefined, [
      { filename: "src/prescribing/dose/round.ts", content: "export const round = (ml: number) => Math.round(ml * 10 + Number.EPSILON) / 10;\n" },
      { filename: "src/prescribing/dose/round.test.ts", content: "// boundary tests, now with 0.05 mL\n" },
    ]);
    await deliver(pullRequestEvent(gh, "synchronize", { ...ref, sender: "dev" }));
    show("The developer pushes a fix", "A new commit: the sign-offs were for the old commit, so they are void.");

    await comment("pat-cpm", "/safety sign-off cpm");
    await comment("dr-cleo", "/safety sign-off cso");
    show("CPM and CSO sign off the new commit", "@pat-cpm and @dr-cleo sign off again; the gate passes and the PR may merge.");

    gh.tick(300);
    gh.closePullRequest(ref, { merged: true });
    await deliver(pullRequestEvent(gh, "closed", { ...ref, sender: "pat-cpm" }));
    stepNo += 1;
    console.log(`\n${bold(`━━ ${stepNo}. The PR is merged: the audit trail keeps the evidence`)}`);
    const records: AuditRecord[] = [];
    for await (const r of audit.all()) records.push(r);
    for (const r of records) {
      const d = r.data;
      const what =
        r.kind === "answer"
          ? `${asText(d.questionId)}=${asText(d.answer)}`
          : r.kind === "sign-off"
            ? asText(d.meaning)
            : r.kind === "hazard-link"
              ? asText(d.hazardId)
              : r.kind === "void"
                ? asText(d.detail)
                : r.kind === "check-conclusion"
                  ? `${asText(d.conclusion)}: ${asText(d.checkTitle)}`
                  : r.kind === "merge"
                    ? `passed=${asText(d.passed)}, risk ${asText(d.risk)}`
                    : "";
      console.log(
        `  #${String(r.seq).padStart(2)} ${r.at.slice(11, 19)} ${r.kind.padEnd(17)} @${r.actor.padEnd(26)} ${what}  ${dim(r.hash.slice(0, 12))}`,
      );
    }
    const verdict = verifyChain(records);
    console.log(`  ${bold("Hash chain")}: ${verdict.ok ? `intact (${verdict.count} records)` : `BROKEN at record ${verdict.at.seq}`}`);

    const requests = gh.requests.length;
    console.log(`\n${bold("Done.")} ${requests} GitHub API requests, none unexpected (${gh.unhandled.length} unhandled).`);
    gh.assertNoUnhandled();
  } finally {
    await service.stop();
    await store.close();
    await simulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
