import { describe, expect, it } from "@jest/globals";
import { newCommands, parseCommands } from "../../../src/core/commands.js";

describe("parseCommands", () => {
  it.each([
    ["/safety sign-off", [{ kind: "sign-off" }]],
    ["/safety sign-off CSO", [{ kind: "sign-off", role: "cso" }]],
    ["  /safety sign-off cpm  ", [{ kind: "sign-off", role: "cpm" }]],
    ["/Safety Sign-Off", [{ kind: "sign-off" }]],
    ["/safety answer decision-logic yes", [{ kind: "answer", questionId: "decision-logic", answer: "yes" }]],
    ["/safety answer Calculations NO", [{ kind: "answer", questionId: "calculations", answer: "no" }]],
    ["/safety revoke", [{ kind: "revoke" }]],
    ["/safety object the rounding is wrong for neonates", [{ kind: "object", reason: "the rounding is wrong for neonates" }]],
    ["/safety withdraw-objection", [{ kind: "withdraw-objection" }]],
    ["/safety recheck", [{ kind: "recheck" }]],
    ["Looks good.\n/safety answer calculations yes\n/safety sign-off", [{ kind: "answer", questionId: "calculations", answer: "yes" }, { kind: "sign-off" }]],
    ["please run /safety sign-off later", []],
    ["/safetysign-off", []],
    ["> /safety sign-off", []],
    ["```\n/safety sign-off\n```", []],
    ["~~~\n/safety sign-off\n~~~\n/safety revoke", [{ kind: "revoke" }]],
    ["", []],
  ])("%j", (body, expected) => {
    expect(parseCommands(body)).toEqual(expected);
  });

  it.each([
    ["/safety", "commands are"],
    ["/safety approve", "unknown command `approve`"],
    ["/safety answer decision-logic maybe", "write `/safety answer <question-id> yes`"],
    ["/safety answer decision-logic", "write `/safety answer <question-id> yes`"],
    ["/safety object", "an objection needs a reason"],
    ["/safety sign-off cso cpm", "at most one role"],
  ])("%j is invalid: %s", (body, message) => {
    const [command] = parseCommands(body);
    expect(command?.kind).toBe("invalid");
    expect(command?.kind === "invalid" && command.message).toContain(message);
  });
});

describe("newCommands", () => {
  it.each([
    ["nothing → a sign-off", "typo", "typo\n/safety sign-off", [{ kind: "sign-off" }]],
    ["the same sign-off re-saved", "/safety sign-off", "/safety sign-off\nthanks", []],
    ["a second identical line", "/safety sign-off", "/safety sign-off\n/safety sign-off", [{ kind: "sign-off" }]],
    ["from nothing at all", undefined, "/safety revoke", [{ kind: "revoke" }]],
  ])("%s", (_name, before, after, expected) => {
    expect(newCommands(before, after)).toEqual(expected);
  });
});
