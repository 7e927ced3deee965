import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { createMswServer, type MswSimulator } from "../../simulator/msw.js";
import { GitHubState } from "../../simulator/state.js";
import { tokenClient } from "./client.js";

/**
 * GitHub appends the annotations of every check-run update to those already there; nothing replaces or
 * deletes them. The simulator must do the same, or a test could not see an app annotating a run twice.
 */

const repoParams = { owner: "acme", repo: "ehr" };
const at = (line: number) => ({ path: "a.yml", start_line: line, end_line: line, annotation_level: "failure" as const, message: `line ${line}` });

describe("check-run annotations in the simulator", () => {
  let state: GitHubState;
  let msw: MswSimulator;
  beforeEach(() => {
    state = new GitHubState();
    state.addRepo({ owner: "acme", name: "ehr" });
    msw = createMswServer(state);
    msw.listen();
  });
  afterEach(() => msw.close());

  it("append on every update that has some, and stay when an update has none", async () => {
    const octokit = tokenClient();
    const { headSha } = state.openPullRequest({ ...repoParams, title: "t", author: "dev" });
    const { data: run } = await octokit.rest.checks.create({
      ...repoParams,
      name: "Clinical safety",
      head_sha: headSha,
      conclusion: "failure",
      output: { title: "t", summary: "first", annotations: [at(1), at(2)] },
    });
    await octokit.rest.checks.update({ ...repoParams, check_run_id: run.id, output: { summary: "second", annotations: [at(1)] } });
    await octokit.rest.checks.update({ ...repoParams, check_run_id: run.id, output: { summary: "third" } });
    const { data: annotations } = await octokit.rest.checks.listAnnotations({ ...repoParams, check_run_id: run.id });
    expect(annotations.map((a) => a.start_line)).toEqual([1, 2, 1]);
    const { data: latest } = await octokit.rest.checks.get({ ...repoParams, check_run_id: run.id });
    expect([latest.output.summary, latest.output.annotations_count]).toEqual(["third", 3]);
  });
});
