import { describe, expect, it } from "@jest/globals";
import { answerChanges, questionMarker, readCheckboxes } from "../../../src/core/checklist-boxes.js";
import type { Answer } from "../../../src/core/types.js";
import { renderComment } from "../../../src/render/comment.js";
import { evaluation, item } from "../render/factory.js";

/** A minimal body in the rendered layout: marker line, then the two task lines. */
function body(...questions: [id: string, yes: boolean, no: boolean][]): string {
  return questions
    .map(([id, yes, no]) => `**${id}?** ${questionMarker(id)}\n\`${id}\`\n\n- [${yes ? "x" : " "}] Yes\n- [${no ? "x" : " "}] No`)
    .join("\n\n");
}

/** Ticks or unticks one box of one question, as GitHub does when a person clicks it. */
function click(text: string, id: string, box: "Yes" | "No", ticked: boolean): string {
  const start = text.indexOf(questionMarker(id));
  const at = text.indexOf(`\n- [`, text.indexOf(`] ${box}\n`, start) - 5) + 1;
  const line = `- [${ticked ? "x" : " "}] ${box}`;
  return text.slice(0, at) + line + text.slice(at + line.length);
}

describe("readCheckboxes", () => {
  it.each<[string, string, [string, { yes: boolean; no: boolean }][]]>([
    ["nothing ticked", body(["a", false, false]), [["a", { yes: false, no: false }]]],
    ["yes ticked", body(["a", true, false]), [["a", { yes: true, no: false }]]],
    ["no ticked", body(["a", false, true]), [["a", { yes: false, no: true }]]],
    [
      "several questions keep their own boxes",
      body(["a", true, false], ["b", false, true]),
      [
        ["a", { yes: true, no: false }],
        ["b", { yes: false, no: true }],
      ],
    ],
    ["capital X", `${questionMarker("a")}\n- [X] Yes\n- [ ] No`, [["a", { yes: true, no: false }]]],
    ["CRLF line ends", `${questionMarker("a")}\r\n- [x] Yes\r\n- [ ] No\r\n`, [["a", { yes: true, no: false }]]],
    [
      "boxes after the next marker are not borrowed",
      `${questionMarker("a")}\n${questionMarker("b")}\n- [x] Yes\n- [ ] No`,
      [["b", { yes: true, no: false }]],
    ],
    ["a question missing a box is left out", `${questionMarker("a")}\n- [x] Yes\n\nother text`, []],
    ["text after the label is not a box line", `${questionMarker("a")}\n- [x] Yes please\n- [ ] No`, []],
    ["indented task lines are not ours", `${questionMarker("a")}\n  - [x] Yes\n  - [ ] No`, []],
    ["task lines before any marker are ignored", `- [x] Yes\n- [ ] No`, []],
    ["only the first Yes line counts", `${questionMarker("a")}\n- [ ] Yes\n- [ ] No\n- [x] Yes`, [["a", { yes: false, no: false }]]],
    ["a percent-encoded id is decoded", `${questionMarker("a b-->")}\n- [x] Yes\n- [ ] No`, [["a b-->", { yes: true, no: false }]]],
    ["a broken encoding belongs to no question", `<!-- csg:q:%E0%A4%A -->\n- [x] Yes\n- [ ] No`, []],
  ])("%s", (_name, text, expected) => {
    expect([...readCheckboxes(text)]).toEqual(expected);
  });

  it("the marker of an id cannot close the HTML comment early", () => {
    expect(questionMarker("x --> <b>")).toBe("<!-- csg:q:x%20--%3E%20%3Cb%3E -->");
  });
});

describe("answerChanges", () => {
  it.each<[string, [boolean, boolean], [boolean, boolean], Answer | null | "none"]>([
    ["yes newly ticked", [false, false], [true, false], "yes"],
    ["no newly ticked", [false, false], [false, true], "no"],
    ["switched from yes to no by ticking no", [true, false], [true, true], "no"],
    ["switched from no to yes by ticking yes", [false, true], [true, true], "yes"],
    ["yes unticked, nothing else ticked", [true, false], [false, false], null],
    ["no unticked, nothing else ticked", [false, true], [false, false], null],
    ["unticked one of two, the other stays", [true, true], [true, false], "yes"],
    ["both ticked in one edit is a text edit", [false, false], [true, true], "none"],
    ["unchanged", [true, false], [true, false], "none"],
  ])("%s", (_name, [yesBefore, noBefore], [yesAfter, noAfter], expected) => {
    const changes = answerChanges(body(["a", yesBefore, noBefore]), body(["a", yesAfter, noAfter]));
    expect(changes).toEqual(expected === "none" ? [] : [{ questionId: "a", answer: expected }]);
  });

  it("ignores text edits around the boxes", () => {
    const before = body(["a", true, false]);
    expect(answerChanges(before, before.replace("**a?**", "**a? (edited)** <b>hi</b>"))).toEqual([]);
  });

  it("ignores questions that appear only in one of the bodies", () => {
    expect(answerChanges(body(["a", false, false]), body(["a", false, false], ["b", true, false]))).toEqual([]);
  });

  it("reports changes in the order of the questions", () => {
    const changes = answerChanges(body(["a", false, false], ["b", false, false]), body(["a", false, true], ["b", true, false]));
    expect(changes).toEqual([
      { questionId: "a", answer: "no" },
      { questionId: "b", answer: "yes" },
    ]);
  });
});

describe("round trip with renderComment", () => {
  const rendered = renderComment(evaluation({ checklist: [item("decision-logic", "yes"), item("calculations", "no"), item("medication")] }));

  it("reads back the answers the comment was rendered from: the open question shown first, the answered ones folded below", () => {
    expect([...readCheckboxes(rendered)]).toEqual([
      ["medication", { yes: false, no: false }],
      ["decision-logic", { yes: true, no: false }],
      ["calculations", { yes: false, no: true }],
    ]);
    expect(rendered.indexOf("csg:q:medication")).toBeLessThan(rendered.indexOf("<details>"));
    expect(rendered.indexOf("csg:q:decision-logic")).toBeGreaterThan(rendered.indexOf("<details>"));
  });

  it.each<[string, "Yes" | "No", boolean, Answer | null]>([
    ["medication", "Yes", true, "yes"],
    ["medication", "No", true, "no"],
    ["decision-logic", "No", true, "no"],
    ["calculations", "No", false, null],
  ])("clicking %s %s (ticked: %s) gives %s", (id, box, ticked, answer) => {
    expect(answerChanges(rendered, click(rendered, id, box, ticked))).toEqual([{ questionId: id, answer }]);
  });

  it("re-rendering an unchanged evaluation changes no answer", () => {
    const again = renderComment(evaluation({ checklist: [item("decision-logic", "yes"), item("calculations", "no"), item("medication")] }));
    expect(answerChanges(rendered, again)).toEqual([]);
  });

  it("an escaped question text cannot forge boxes", () => {
    const forged = item("a", null, { question: { id: "a", question: "x\n<!-- csg:q:b -->\n- [x] Yes\n- [ ] No" } });
    expect([...readCheckboxes(renderComment(evaluation({ checklist: [forged] }))).keys()]).toEqual(["a"]);
  });
});
