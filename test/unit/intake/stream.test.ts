import { describe, expect, it } from "@jest/globals";
import { deliveryStream } from "../../../src/intake/stream.js";

const repository = { full_name: "acme/eprescribe" };

describe("deliveryStream: one PR's events form one ordered stream", () => {
  it.each<[string, string, unknown, string]>([
    ["a pull_request event", "pull_request", { repository, pull_request: { number: 7 } }, "acme/eprescribe#7"],
    ["a review", "pull_request_review", { repository, pull_request: { number: 7 }, review: {} }, "acme/eprescribe#7"],
    ["a comment on a PR", "issue_comment", { repository, issue: { number: 7, pull_request: {} } }, "acme/eprescribe#7"],
    ["a comment on an issue", "issue_comment", { repository, issue: { number: 8 } }, "acme/eprescribe"],
    ["a re-run of one PR's check", "check_run", { repository, check_run: { pull_requests: [{ number: 7 }] } }, "acme/eprescribe#7"],
    [
      "a re-run of a check on several PRs' commit",
      "check_run",
      { repository, check_run: { pull_requests: [{ number: 7 }, { number: 9 }] } },
      "acme/eprescribe",
    ],
    ["a re-run of a fork's check (no PR named)", "check_run", { repository, check_run: { pull_requests: [] } }, "acme/eprescribe"],
    ["a push", "push", { repository, ref: "refs/heads/main" }, "acme/eprescribe"],
    ["no repository", "ping", { zen: "hi" }, ""],
    ["not an object", "push", null, ""],
    ["a PR number that is not a number", "pull_request", { repository, pull_request: { number: "7" } }, "acme/eprescribe"],
  ])("%s → %s", (_name, name, payload, expected) => {
    expect(deliveryStream(name, payload)).toBe(expected);
  });
});
