import { describe, expect, it } from "@jest/globals";
import { COMMENT_LIMIT } from "../../../src/render/comment.js";
import { MAX_REFUSAL_LINE, renderRefusalReply } from "../../../src/render/refusal-reply.js";

const refusal = (i: number) => `\`/safety answer q${i} yes\` was refused: \`q${i}\` is not a question of this PR's checklist.`;
const refusals = (n: number) => Array.from({ length: n }, (_, i) => refusal(i + 1));
const LONG = `\`/safety object ${"x".repeat(MAX_REFUSAL_LINE)}\` was refused: you are not a member of \`cso\`.`;
const MORE = (n: number, noun: string, rest: string) =>
  `- …and ${n} more refused ${noun}, not listed here to keep this reply within GitHub's size limit; ${rest}.`;

describe("renderRefusalReply", () => {
  it.each<[string, string[], string[]]>([
    ["one refusal", refusals(1), ["@eve", `- ${refusal(1)}`]],
    ["ten, all listed", refusals(10), ["@eve", ...refusals(10).map((r) => `- ${r}`)]],
    ["eleven: ten and one more", refusals(11), ["@eve", ...refusals(10).map((r) => `- ${r}`), MORE(1, "command", "it changed nothing")]],
    [
      "2,000: ten and 1990 more",
      refusals(2000),
      ["@eve", ...refusals(10).map((r) => `- ${r}`), MORE(1990, "commands", "none of them changed anything")],
    ],
    [
      "a refusal too long to quote is named, not cut",
      [refusal(1), LONG, refusal(3)],
      [
        "@eve",
        `- ${refusal(1)}`,
        `- A command was refused, but what it said is too long to quote here (${LONG.length} characters).`,
        `- ${refusal(3)}`,
      ],
    ],
    ["a refusal exactly at the quoting limit is quoted", ["y".repeat(MAX_REFUSAL_LINE)], ["@eve", `- ${"y".repeat(MAX_REFUSAL_LINE)}`]],
  ])("%s", (_name, input, lines) => {
    expect(renderRefusalReply("eve", input).split("\n")).toEqual(lines);
  });

  it("stays within the comment limit at its worst: ten refusals at the quoting limit, a 39-character login, a million more", () => {
    const worst: string[] = Array<string>(1_000_010).fill("z".repeat(MAX_REFUSAL_LINE));
    const reply = renderRefusalReply("a".repeat(39), worst);
    expect(reply.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(reply).toContain("and 1000000 more refused commands");
  });
});
