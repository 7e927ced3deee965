import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { publishCheckRun, type CheckAnnotation, type CheckRunView } from "../../../src/github/check-run.js";
import { createMswServer, type MswSimulator } from "../../simulator/msw.js";
import { GitHubState } from "../../simulator/state.js";
import { tokenClient } from "../simulator/client.js";

/** publishCheckRun against the simulator, which appends annotations on every update as GitHub does. */

const OWNER = "acme";
const REPO = "ehr";
const NAME = "Clinical safety";

const problem = (line: number, message = `problem on line ${line}`): CheckAnnotation => ({
  path: "docs/safety/hazard-log.yml",
  start_line: line,
  end_line: line,
  annotation_level: "failure",
  title: "Hazard log",
  message,
});

const view = (summary: string, annotations: CheckAnnotation[]): CheckRunView => ({
  conclusion: "failure",
  title: "Hazard log invalid",
  summary,
  annotations,
});

describe("publishCheckRun", () => {
  let state: GitHubState;
  let msw: MswSimulator;
  let headSha: string;
  const publish = (v: CheckRunView) => publishCheckRun(tokenClient(), { owner: OWNER, repo: REPO, headSha, name: NAME }, v);
  const annotationsOf = (id: number) => state.checkRuns.find((r) => r.id === id)?.output.annotations ?? [];

  beforeEach(() => {
    state = new GitHubState();
    state.addRepo({ owner: OWNER, name: REPO });
    headSha = state.openPullRequest({ owner: OWNER, repo: REPO, title: "t", author: "dev" }).headSha;
    msw = createMswServer(state);
    msw.listen();
  });
  afterEach(() => msw.close());

  it("creates the run with every annotation, 50 per request", async () => {
    const all = Array.from({ length: 120 }, (_, i) => problem(i + 1));
    const id = await publish(view("s", all));
    expect(annotationsOf(id)).toEqual(all);
    expect(state.requests.filter((r) => r.path.includes("/check-runs")).map((r) => r.method)).toEqual(["GET", "POST", "PATCH", "PATCH"]);
  });

  it("re-publishing the same head updates the one run and sends no annotation again", async () => {
    const all = Array.from({ length: 120 }, (_, i) => problem(i + 1));
    const first = await publish(view("first", all));
    expect(await publish(view("second", all))).toBe(first);
    expect(await publish(view("third", all))).toBe(first);
    expect(state.checkRuns.filter((r) => r.headSha === headSha)).toHaveLength(1);
    expect(annotationsOf(first)).toEqual(all);
    expect(state.checkRuns[0]?.output.summary).toBe("third");
  });

  it("keeps the annotations a run was created with when they change on the same head", async () => {
    // GitHub cannot replace them; the summary carries the current problems instead.
    const id = await publish(view("one problem", [problem(3)]));
    await publish(view("two other problems", [problem(7), problem(9)]));
    expect(annotationsOf(id)).toEqual([problem(3)]);
    expect(state.checkRuns[0]?.output.summary).toBe("two other problems");
  });

  it("a new head gets a new run with its own annotations", async () => {
    const before = await publish(view("s", [problem(3)]));
    headSha = state.pushToPullRequest({ owner: OWNER, repo: REPO, number: 1 }).after;
    const after = await publish(view("s", [problem(7)]));
    expect(after).not.toBe(before);
    expect(annotationsOf(after)).toEqual([problem(7)]);
  });
});
