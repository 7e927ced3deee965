import { describe, expect, it } from "@jest/globals";
import { COMMANDS, newCommands, parseCommands, REASON_MAX } from "../../../src/core/commands.js";

describe("parseCommands", () => {
  it.each([
    ["/safety sign-off", [{ kind: "sign-off" }]],
    ["/safety sign-off CSO", [{ kind: "sign-off", role: "cso" }]],
    ["  /safety sign-off cpm  ", [{ kind: "sign-off", role: "cpm" }]],
    ["/Safety Sign-Off", [{ kind: "sign-off" }]],
    ["/safety answer decision-logic yes", [{ kind: "answer", questionId: "decision-logic", answer: "yes" }]],
    ["/safety answer Calculations NO", [{ kind: "answer", questionId: "calculations", answer: "no" }]],
    [
      "/safety answer calculations no because rounding happens after the dose is chosen",
      [{ kind: "answer", questionId: "calculations", answer: "no", reason: "rounding happens after the dose is chosen" }],
    ],
    [
      "/safety answer calculations YES Because: it  changes\tunits",
      [{ kind: "answer", questionId: "calculations", answer: "yes", reason: "it changes units" }],
    ],
    ["/safety answer calculations no, because x", [{ kind: "answer", questionId: "calculations", answer: "no", reason: "x" }]],
    ["/safety answer because no because because", [{ kind: "answer", questionId: "because", answer: "no", reason: "because" }]],
    ["/safety link HAZ-007", [{ kind: "link", hazardId: "HAZ-007" }]],
    ["/safety Unlink HAZ-007", [{ kind: "unlink", hazardId: "HAZ-007" }]],
    ["Also touches HAZ-999 I think", []],
    ["/safety revoke", [{ kind: "revoke" }]],
    ["/safety object the rounding is wrong for neonates", [{ kind: "object", reason: "the rounding is wrong for neonates" }]],
    ["/safety withdraw-objection", [{ kind: "withdraw-objection" }]],
    ["/safety recheck", [{ kind: "recheck" }]],
    ["/safety help", [{ kind: "help" }]],
    ["/safety HELP", [{ kind: "help" }]],
    [
      "Looks good.\n/safety answer calculations yes\n/safety sign-off",
      [{ kind: "answer", questionId: "calculations", answer: "yes" }, { kind: "sign-off" }],
    ],
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
    ["/safety answer calculations no because", "write the reason after `because`"],
    ["/safety answer calculations no because   ", "write the reason after `because`"],
    ["/safety answer calculations no it is fine", "optionally followed by `because <reason>`"],
    ["/safety link", "write one hazard id: `/safety link HAZ-007`"],
    ["/safety unlink HAZ-007 HAZ-008", "write one hazard id: `/safety unlink HAZ-007`"],
    ["/safety approve", "`/safety link <hazard-id>`"],
  ])("%j is invalid: %s", (body, message) => {
    const [command] = parseCommands(body);
    expect(command?.kind).toBe("invalid");
    expect(command?.kind === "invalid" && command.message).toContain(message);
  });
});

describe("answer reasons are capped", () => {
  it("keeps at most REASON_MAX characters, the cut marked with an ellipsis", () => {
    const [command] = parseCommands(`/safety answer calculations no because ${"x".repeat(REASON_MAX + 50)}`);
    expect(command?.kind === "answer" && command.reason?.length).toBe(REASON_MAX);
    expect(command?.kind === "answer" && command.reason?.endsWith("…")).toBe(true);
  });

  it("a reason of exactly REASON_MAX characters is kept whole", () => {
    const [command] = parseCommands(`/safety answer calculations no because ${"y".repeat(REASON_MAX)}`);
    expect(command?.kind === "answer" && command.reason).toBe("y".repeat(REASON_MAX));
  });
});

describe("COMMANDS (for /safety help and the unknown-command message)", () => {
  it("names link, unlink and the because form", () => {
    const usages = COMMANDS.map((c) => c.usage);
    expect(usages).toEqual(
      expect.arrayContaining(["/safety link <hazard-id>", "/safety unlink <hazard-id>", "/safety answer <question-id> yes|no [because …]"]),
    );
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

describe("hole: text that is not a command counted as one — only text GitHub shows at the start of a line counts (CommonMark)", () => {
  const SIGN = [{ kind: "sign-off" }];
  it.each<[string, string, unknown[]]>([
    ["an indented code block (4 spaces)", "Example:\n\n    /safety sign-off", []],
    ["an indented code block (tab)", "\t/safety sign-off", []],
    ["up to 3 spaces is still text", "   /safety sign-off", SIGN],
    ["an HTML comment on one line", "<!-- /safety sign-off -->", []],
    ["an HTML comment over several lines", "<!--\n/safety sign-off\n-->\nthanks", []],
    ["an unterminated HTML comment hides the rest", "ok <!--\n/safety sign-off", []],
    ["a command after a closed comment on its own line", "<!-- note -->\n/safety sign-off", SIGN],
    ["a fence with an info string", "```js\n/safety sign-off\n```", []],
    ["a tilde fence", "~~~\n/safety sign-off\n~~~", []],
    ["a fence is closed only by the same character", "```\n~~~\n/safety sign-off\n```\n/safety recheck", [{ kind: "recheck" }]],
    ["a longer closing fence closes; a shorter one does not", "````\n```\n/safety sign-off\n`````\n/safety recheck", [{ kind: "recheck" }]],
    ["a closing fence with text after it is not a closing fence", "```\n``` js\n/safety sign-off\n```\n/safety recheck", [{ kind: "recheck" }]],
    ["inline code with backticks is not a fence", "```a`b```\n/safety sign-off", SIGN],
    ["a quoted command", "> /safety sign-off", []],
    ["a command mid-line", "I will /safety sign-off later", []],
  ])("%s", (_name, body, expected) => {
    expect(parseCommands(body)).toEqual(expected);
  });
});
