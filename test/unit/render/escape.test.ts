import { describe, expect, it } from "@jest/globals";
import { escapeMarkdown, inlineCode, mention, oneLine, person } from "../../../src/render/escape.js";

const Z = "\u200b";

describe("escapeMarkdown", () => {
  it.each([
    ["plain words", "Fix dose rounding", "Fix dose rounding"],
    ["script tag", "<script>alert(1)</script>", "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"],
    ["img onerror", "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert\\(1\\)&gt;"],
    ["javascript link", "[x](javascript:alert(1))", "\\[x\\]\\(javascript:alert\\(1\\)\\)"],
    ["image", "![x](http://e/x.png)", "\\!\\[x\\]\\(http://e/x.png\\)"],
    ["user mention", "ping @alice", `ping @${Z}alice`],
    ["team mention", "@org/team", `@${Z}org/team`],
    ["pipes", "| pipes |", "\\| pipes \\|"],
    ["backticks", "use `rm -rf`", "use \\`rm -rf\\`"],
    ["emphasis", "*bold* _it_ ~~del~~", "\\*bold\\* \\_it\\_ \\~\\~del\\~\\~"],
    ["heading", "# Title", "\\# Title"],
    ["ampersand entity", "&lt; stays literal", "&amp;lt; stays literal"],
    ["leading quote", "> quoted", "&gt; quoted"],
    ["leading dash", "- [x] Yes", "\\- \\[x\\] Yes"],
    ["leading plus", "+ item", "\\+ item"],
    ["leading number", "12. item", "12\\. item"],
    ["inner dash kept", "a - b", "a - b"],
    ["setext underline", "===", "\\==="],
    ["math", "$x$", "\\$x\\$"],
    ["backslash", "a\\b", "a\\\\b"],
    ["newlines collapse", "line one\nline two\r\n\r\nthree", "line one line two three"],
    ["forged task line on a new line", "title\n- [x] Yes", "title - \\[x\\] Yes"],
    ["forged marker", "<!-- csg:q:x -->", "&lt;\\!-- csg:q:x --&gt;"],
    ["bidi override removed", "abc\u202edef", "abcdef"],
    ["control chars removed", "a\u0000b\u0007c", "abc"],
    ["tab to space", "a\tb", "a b"],
  ])("%s", (_name, input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it("never leaves a line break", () => {
    expect(escapeMarkdown("a\u2028b\u2029c\u0085d")).toBe("a b c d");
  });
});

describe("inlineCode", () => {
  it.each([
    ["simple path", "src/a.ts", "`src/a.ts`"],
    ["one backtick inside", "a`b", "``a`b``"],
    ["run of two inside", "a``b", "```a``b```"],
    ["leading backtick padded", "`a", "`` `a ``"],
    ["spaces on both ends padded", " a ", "`  a  `"],
    ["html stays literal", "<b>", "`<b>`"],
    ["mention inert in code", "@team", "`@team`"],
    ["newline collapsed", "a\nb", "`a b`"],
    ["empty", "", "` `"],
  ])("%s", (_name, input, expected) => {
    expect(inlineCode(input)).toBe(expected);
  });

  it("escapes pipes only inside a table cell", () => {
    expect(inlineCode("a|b", { inTable: true })).toBe("`a\\|b`");
    expect(inlineCode("a|b")).toBe("`a|b`");
  });
});

describe("mentions", () => {
  it.each([
    ["alice", "@alice"],
    ["org/clinical-safety", "@org/clinical-safety"],
    ["bad login!", `@${Z}bad login\\!`],
    ["-dash", `@${Z}-dash`],
  ])("mention(%s) pings only well-formed logins", (login, expected) => {
    expect(mention(login)).toBe(expected);
  });

  it("person never pings", () => {
    expect(person("alice")).toBe(`@${Z}alice`);
  });
});

describe("oneLine", () => {
  it("keeps Markdown as is but removes line breaks", () => {
    expect(oneLine("*a*\nb")).toBe("*a* b");
  });
});
