/**
 * The scripted history of three PRs the reliability tests replay against the real process: what people do
 * on GitHub (open, push, tick the app's checklist, comment `/safety …`), each a change of the simulator's
 * state and the webhook GitHub sends for it, and the outcome the uninterrupted history implies (derived by
 * hand from docs/life-of-a-pull-request.md, and stated with each PR).
 */
import { tickInComment } from "../fixtures/checklist.js";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../fixtures/repo.js";
import { issueCommentEvent, pullRequestEvent, reviewEvent } from "../simulator/payloads.js";
import { GitHubState } from "../simulator/state.js";
import { stickies, type WebhookEvent } from "./process-harness.js";

export const OWNER = "acme";
export const REPO = "eprescribe";

/** A repository with the product configuration (prescribing needs CSO and CPM), and the people. */
export function scriptedGitHub(): GitHubState {
  // The simulator's clock runs an hour ahead of the app's: a comment written after a push is always later
  // than any moment the app saw that push, however late a crash made it process it.
  const gh = new GitHubState({ now: new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000).toISOString() });
  gh.addRepo({ owner: OWNER, name: REPO, files: { ".github/clinical-safety.yml": PRODUCT_CONFIG, "docs/safety/hazard-log.yml": SAMPLE_HAZARD_LOG } });
  gh.addTeamMember(OWNER, "clinical-safety", "cso");
  gh.addTeamMember(OWNER, "clinical-product", "cpm");
  return gh;
}

/** One thing a person does; `ready` says whether it can be done now (a tick needs the app's comment). */
export interface Step {
  pr: number;
  label: string;
  ready(): boolean;
  /** Changes GitHub's state and returns the webhook GitHub sends for it. */
  act(): WebhookEvent;
}

export interface ScriptedPr {
  number: number;
  steps: Step[];
  /** What the uninterrupted history implies. */
  expected: { conclusion: "success" | "action_required"; signOffs: number; answers: number; refusedCommands: number };
}

type Action =
  | { do: "push" }
  | { do: "tick"; question: "decision-logic" | "calculations"; answer: "Yes" | "No"; by: string }
  | { do: "comment"; by: string; body: string }
  /**
   * A sign-off that a push follows is given in a review: a review names its commit, so it is recorded on it
   * however late the app processes it. The same in a comment, processed after the push reached GitHub, is
   * refused ("a new commit was pushed after you wrote this"), rightly: the outcome would depend on timing.
   */
  | { do: "review"; by: string; body: string };

function stepsFor(gh: GitHubState, number: number, actions: Action[]): Step[] {
  const ref = { owner: OWNER, repo: REPO, number };
  let pushes = 0;
  return actions.map((a): Step => {
    if (a.do === "push") {
      return {
        pr: number,
        label: `#${number} push`,
        ready: () => true,
        act: () => {
          gh.tick(5);
          pushes += 1;
          gh.pushToPullRequest(ref, undefined, [
            { filename: "src/prescribing/dose/round.ts", content: `export const round = 1; // push ${pushes}\n` },
          ]);
          return pullRequestEvent(gh, "synchronize", { ...ref, sender: "dev" });
        },
      };
    }
    if (a.do === "tick") {
      return {
        pr: number,
        label: `#${number} tick ${a.question} ${a.answer}`,
        ready: () => stickies(gh, number).length > 0,
        act: () => {
          gh.tick(5);
          const sticky = stickies(gh, number)[0];
          if (!sticky) throw new Error(`no comment to tick on #${number}`);
          const from = sticky.body;
          gh.editComment(sticky.id, tickInComment(from, a.question, a.answer));
          return issueCommentEvent(gh, "edited", { ...ref, commentId: sticky.id, sender: a.by, from });
        },
      };
    }
    if (a.do === "review") {
      return {
        pr: number,
        label: `#${number} review by @${a.by}: ${a.body}`,
        ready: () => true,
        act: () => {
          gh.tick(5);
          const r = gh.addReview({ ...ref, user: a.by, body: a.body, state: "APPROVED" });
          return reviewEvent(gh, "submitted", { ...ref, reviewId: r.id, sender: a.by });
        },
      };
    }
    return {
      pr: number,
      label: `#${number} @${a.by}: ${a.body}`,
      ready: () => true,
      act: () => {
        gh.tick(5);
        const c = gh.addComment({ ...ref, user: a.by, body: a.body });
        return issueCommentEvent(gh, "created", { ...ref, commentId: c.id, sender: a.by });
      },
    };
  });
}

/** Opens a PR touching prescribing code (CSO and CPM must sign; two checklist questions). */
function open(gh: GitHubState, title: string): { number: number; step: Step } {
  const pr = gh.openPullRequest({
    owner: OWNER,
    repo: REPO,
    title,
    author: "dev",
    files: [{ filename: "src/prescribing/dose/round.ts", content: "export const round = 0;\n" }],
  });
  let opened = false;
  return {
    number: pr.number,
    step: {
      pr: pr.number,
      label: `#${pr.number} opened`,
      ready: () => true,
      act: () => {
        if (opened) throw new Error("opened twice");
        opened = true;
        return pullRequestEvent(gh, "opened", { owner: OWNER, repo: REPO, number: pr.number, sender: "dev" });
      },
    },
  };
}

const TICKS: Action[] = [
  { do: "tick", question: "decision-logic", answer: "No", by: "dev" },
  { do: "tick", question: "calculations", answer: "No", by: "dev" },
];

/**
 * The three PRs, opened on GitHub at once. `opened` is each PR's first step: the tests deliver those and wait
 * for the app's comment (which a person needs to tick) before the rest.
 */
export function threePrs(gh: GitHubState): ScriptedPr[] {
  const a = open(gh, "Round doses");
  const b = open(gh, "Weight units");
  const c = open(gh, "Triage thresholds");
  return [
    {
      // The author's sign-off is refused; a push; both roles sign the new head: passes.
      number: a.number,
      steps: [
        a.step,
        ...stepsFor(gh, a.number, [
          ...TICKS,
          { do: "comment", by: "dev", body: "/safety sign-off" },
          { do: "push" },
          { do: "comment", by: "cpm", body: "Reviewed.\n/safety sign-off cpm" },
          { do: "comment", by: "cso", body: "/safety sign-off cso" },
        ]),
      ],
      expected: { conclusion: "success", signOffs: 2, answers: 2, refusedCommands: 1 },
    },
    {
      // The CSO signs (in a review), a push voids it, someone outside the team is refused, the CPM signs: still blocked.
      number: b.number,
      steps: [
        b.step,
        ...stepsFor(gh, b.number, [
          ...TICKS,
          { do: "review", by: "cso", body: "/safety sign-off cso" },
          { do: "push" },
          { do: "comment", by: "eve", body: "/safety sign-off cso" },
          { do: "comment", by: "cpm", body: "/safety sign-off" },
        ]),
      ],
      expected: { conclusion: "action_required", signOffs: 2, answers: 2, refusedCommands: 1 },
    },
    {
      // A push before anything; the author's sign-off refused; both sign (in reviews); a last push voids both: blocked.
      number: c.number,
      steps: [
        c.step,
        ...stepsFor(gh, c.number, [
          { do: "push" },
          { do: "comment", by: "dev", body: "/safety sign-off cpm" },
          ...TICKS,
          { do: "review", by: "cpm", body: "/safety sign-off cpm" },
          { do: "review", by: "cso", body: "/safety sign-off cso" },
          { do: "push" },
        ]),
      ],
      expected: { conclusion: "action_required", signOffs: 2, answers: 2, refusedCommands: 1 },
    },
  ];
}

/** The next step to take: the first ready one of a PR picked by `rand` among those with steps left. */
export function nextStep(queues: Step[][], rand: () => number): Step | undefined {
  const candidates = queues.filter((q) => q.length > 0 && q[0]?.ready());
  if (candidates.length === 0) return undefined;
  const queue = candidates[Math.floor(rand() * candidates.length)] as Step[];
  return queue.shift();
}
