/**
 * parseCommands and newCommands on comment bodies anyone can write: they never throw, every command comes
 * from a line that starts with `/safety`, and an edit yields only what it added.
 */
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { newCommands, parseCommands, type Command } from "../../src/core/commands.js";
import { anyText, BUDGET_MS, RUNS } from "./arbitraries.js";

const KINDS = ["sign-off", "answer", "revoke", "object", "withdraw-objection", "recheck", "not-relevant", "invalid"];

function expectWellFormed(commands: readonly Command[]): void {
  for (const c of commands) {
    expect(KINDS).toContain(c.kind);
    if (c.kind === "invalid") {
      expect(c.message.trim()).not.toBe("");
      expect(c.text).toMatch(/^\/safety/i);
    }
    if (c.kind === "object" || c.kind === "not-relevant") expect(c.reason.trim()).not.toBe("");
    if (c.kind === "answer") expect(["yes", "no"]).toContain(c.answer);
  }
}

/**
 * The lines that could hold a command, judged independently of commandLines: after the HTML comments
 * that open and close on the line are taken out, `/safety` at the start, after at most three spaces.
 */
function candidateLines(body: string): number {
  return body
    .split(/\r?\n/)
    .map((line) => line.replace(/<!--.*?-->/g, ""))
    .filter((line) => !/^( {4,}|\t| {0,3}\t)/.test(line) && /^\/safety(?:\s|$)/i.test(line.trimStart())).length;
}

/** Lines a comment is made of: commands (good and bad), look-alikes, code fences, quotes, HTML comments. */
const line = fc.oneof(
  fc.constantFrom(
    "/safety sign-off",
    "/safety sign-off cso",
    "/Safety SIGN-OFF   cpm  ",
    "   /safety revoke",
    "    /safety revoke",
    "\t/safety recheck",
    "> /safety sign-off",
    "/safety answer calculations yes",
    "/safety answer calculations maybe",
    "/safety object too risky",
    "/safety object",
    "/safety not-relevant docs only",
    "/safety withdraw-objection",
    "/safety",
    "/safetysign-off",
    "/safety frobnicate",
    "please /safety sign-off",
    "```",
    "```js",
    "~~~",
    "````",
    "<!--",
    "-->",
    "<!-- /safety sign-off -->",
    "<!-- x --> /safety sign-off",
    "",
    "\r",
  ),
  fc.string({ maxLength: 20 }),
  fc.tuple(fc.constantFrom("/safety ", "/safety object ", "/safety answer "), anyText).map(([a, b]) => a + b),
);
const body = fc.array(line, { maxLength: 25 }).map((lines) => lines.join("\n"));
const anyBody = fc.oneof(body, anyText);

describe("parseCommands", () => {
  it(
    "never throws and returns well-formed commands, for any text",
    () =>
      fc.assert(
        fc.property(anyBody, (b) => expectWellFormed(parseCommands(b))),
        RUNS,
      ),
    BUDGET_MS,
  );

  it(
    "finds no more commands than there are lines starting with /safety (after up to 3 spaces)",
    () =>
      fc.assert(
        fc.property(anyBody, (b) => {
          expect(parseCommands(b).length).toBeLessThanOrEqual(candidateLines(b));
        }),
        RUNS,
      ),
    BUDGET_MS,
  );

  it(
    "finds every command of a body made only of command lines",
    () =>
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom("/safety sign-off", "  /safety revoke", "/safety recheck", "/safety object x", "/safety nope"), { maxLength: 20 }),
          (lines) => {
            expect(parseCommands(lines.join("\n"))).toHaveLength(lines.length);
            expect(parseCommands(lines.join("\r\n"))).toHaveLength(lines.length);
          },
        ),
        RUNS,
      ),
    BUDGET_MS,
  );

  it("reads null and undefined as no commands", () => {
    expect(parseCommands(null)).toEqual([]);
    expect(parseCommands(undefined)).toEqual([]);
  });
});

describe("newCommands", () => {
  it(
    "an edit that changes nothing gives nothing new",
    () =>
      fc.assert(
        fc.property(anyBody, (b) => {
          expect(newCommands(b, b)).toEqual([]);
        }),
        RUNS,
      ),
    BUDGET_MS,
  );

  it(
    "from an empty body, every command is new",
    () =>
      fc.assert(
        fc.property(anyBody, (b) => {
          expect(newCommands("", b)).toEqual(parseCommands(b));
          expect(newCommands(null, b)).toEqual(parseCommands(b));
        }),
        RUNS,
      ),
    BUDGET_MS,
  );

  it(
    "gives a subset of the commands after the edit, never more",
    () =>
      fc.assert(
        fc.property(anyBody, anyBody, (before, after) => {
          const added = newCommands(before, after);
          const all = parseCommands(after).map((c) => JSON.stringify(c));
          for (const c of added) {
            const i = all.indexOf(JSON.stringify(c));
            expect(i).toBeGreaterThanOrEqual(0);
            all.splice(i, 1);
          }
        }),
        RUNS,
      ),
    BUDGET_MS,
  );
});

describe("commands on hostile input", () => {
  it(
    "100,000 lines of /safety sign-off are 100,000 sign-offs, read in bounded time",
    () => {
      const b = "/safety sign-off\n".repeat(100_000);
      const commands = parseCommands(b);
      expect(commands).toHaveLength(100_000);
      expect(commands.every((c) => c.kind === "sign-off")).toBe(true);
      expect(newCommands(b, b)).toEqual([]);
    },
    BUDGET_MS,
  );

  it.each([
    ["a 1 MB reason", "/safety object " + "r".repeat(1_000_000), (c: Command[]) => c[0]?.kind === "object" && c[0].reason.length === 1_000_000],
    ["a 1 MB role", "/safety sign-off " + "r".repeat(1_000_000), (c: Command[]) => c[0]?.kind === "sign-off" && c[0].role?.length === 1_000_000],
    ["100,000 arguments", "/safety sign-off" + " a".repeat(100_000), (c: Command[]) => c[0]?.kind === "invalid"],
    ["1 MB of spaces then a separator", "/safety" + " ".repeat(1_000_000) + "\u2028x", (c: Command[]) => c.length === 1],
    ["spaces and line separators", "/safety" + " \u2028".repeat(200_000) + "x\u0085y", (c: Command[]) => c.length === 1],
    ["5 MB without a line break", "x".repeat(5_000_000), (c: Command[]) => c.length === 0],
    ["100,000 unclosed fences", "```\n~~~~\n".repeat(50_000) + "/safety sign-off", (c: Command[]) => c.length === 0],
    ["100,000 unclosed HTML comments", "<!-- /safety sign-off\n".repeat(100_000), (c: Command[]) => c.length === 0],
    [
      "NUL characters",
      "/safety sign-off\0\n/safety\0object x\0", // A NUL is not a space: "sign-off\0" is an unknown verb, "/safety\0object" no command at all.
      (c: Command[]) => c.length === 1 && c[0]?.kind === "invalid",
    ],
    ["lone surrogates", "/safety object \uD800\n/safety sign-off \uDC00", (c: Command[]) => c.length === 2],
  ])(
    "%s give a bounded result",
    (_kind, b, expected) => {
      const commands = parseCommands(b);
      expectWellFormed(commands);
      expect(expected(commands)).toBe(true);
    },
    BUDGET_MS,
  );
});
