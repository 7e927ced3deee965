/**
 * answerChanges on edits of the app's comment (anyone with write access can edit it into anything): it
 * never throws, reports only questions present in both bodies, and one ticked box is that one answer.
 */
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { answerChanges, questionMarker } from "../../src/core/checklist-boxes.js";
import { anyText, BUDGET_MS, RUNS } from "./arbitraries.js";

interface Question {
  id: string;
  yes: boolean;
  no: boolean;
}

const render = (questions: readonly Question[], noise: readonly string[] = []): string =>
  questions
    .map((q, i) => [`### ${q.id}?`, questionMarker(q.id), noise[i] ?? "", `- [${q.yes ? "x" : " "}] Yes`, `- [${q.no ? "X" : " "}] No`].join("\n"))
    .join("\n\n");

/** Ids as configs allow them, and stranger ones (the marker percent-encodes them). */
const questionId = fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,10}$/), fc.string({ unit: "binary", minLength: 1, maxLength: 10 }));
const questions = fc.uniqueArray(fc.record({ id: questionId, yes: fc.boolean(), no: fc.boolean() }), { selector: (q) => q.id, maxLength: 8 });

describe("answerChanges on random input", () => {
  it(
    "never throws, and each change is one question once, with yes, no or null",
    () =>
      fc.assert(
        fc.property(
          fc.oneof(
            anyText,
            questions.map((qs) => render(qs)),
          ),
          fc.oneof(
            anyText,
            questions.map((qs) => render(qs)),
          ),
          (before, after) => {
            const changes = answerChanges(before, after);
            expect(new Set(changes.map((c) => c.questionId)).size).toBe(changes.length);
            for (const c of changes) expect(["yes", "no", null]).toContain(c.answer);
          },
        ),
        RUNS,
      ),
    BUDGET_MS,
  );

  it(
    "a body compared with itself changes nothing",
    () =>
      fc.assert(
        fc.property(
          fc.oneof(
            anyText,
            questions.map((qs) => render(qs)),
          ),
          (body) => {
            expect(answerChanges(body, body)).toEqual([]);
          },
        ),
        RUNS,
      ),
    BUDGET_MS,
  );

  it(
    "reports only questions whose markers are in both bodies",
    () =>
      fc.assert(
        fc.property(questions, questions, (a, b) => {
          const both = new Set(a.map((q) => q.id).filter((id) => b.some((q) => q.id === id)));
          for (const c of answerChanges(render(a), render(b))) expect(both.has(c.questionId)).toBe(true);
        }),
        RUNS,
      ),
    BUDGET_MS,
  );
});

describe("answerChanges as a model", () => {
  it(
    "ticking one empty box of one question is that answer, and nothing else changes",
    () =>
      fc.assert(
        fc.property(
          questions.filter((qs) => qs.length > 0),
          fc.nat(),
          fc.constantFrom("yes" as const, "no" as const),
          fc.array(
            fc.string({ maxLength: 20 }).filter((s) => !s.includes("\n")),
            { maxLength: 8 },
          ),
          (qs, pick, box, noise) => {
            const target = qs[pick % qs.length] as Question;
            fc.pre(!target[box]);
            const after = qs.map((q) => (q === target ? { ...q, [box]: true } : q));
            // Noise lines between the marker and the boxes (a person's note) are not boxes and must not count.
            expect(answerChanges(render(qs, noise), render(after, noise))).toEqual([{ questionId: target.id, answer: box }]);
          },
        ),
        RUNS,
      ),
    BUDGET_MS,
  );

  it(
    "unticking the only ticked box of one question clears its answer",
    () =>
      fc.assert(
        fc.property(
          questions.filter((qs) => qs.length > 0),
          fc.nat(),
          fc.constantFrom("yes" as const, "no" as const),
          (qs, pick, box) => {
            const i = pick % qs.length;
            const before = qs.map((q, k) => (k === i ? { ...q, yes: box === "yes", no: box === "no" } : q));
            const after = qs.map((q, k) => (k === i ? { ...q, yes: false, no: false } : q));
            expect(answerChanges(render(before), render(after))).toEqual([{ questionId: (qs[i] as Question).id, answer: null }]);
          },
        ),
        RUNS,
      ),
    BUDGET_MS,
  );
});

describe("answerChanges on hostile input", () => {
  const many = (n: number, ticked: boolean) => render(Array.from({ length: n }, (_, i) => ({ id: `q${i}`, yes: ticked, no: false })));

  it(
    "50,000 questions all ticked at once are 50,000 answers, in bounded time",
    () => {
      const changes = answerChanges(many(50_000, false), many(50_000, true));
      expect(changes).toHaveLength(50_000);
      expect(changes.every((c) => c.answer === "yes")).toBe(true);
    },
    BUDGET_MS,
  );

  it.each([
    ["a 5 MB line", "x".repeat(5_000_000)],
    ["a 1 MB marker id", "<!-- csg:q:" + "a".repeat(1_000_000) + " -->\n- [x] Yes\n- [ ] No"],
    ["an unterminated marker 1 MB long", "<!-- csg:q:" + "a".repeat(1_000_000)],
    ["markers that are not percent-encoding", "<!-- csg:q:%E0%A4%A -->\n- [x] Yes\n- [ ] No\n<!-- csg:q:%ZZ -->\n- [x] Yes\n- [ ] No"],
    ["100,000 markers without boxes", "<!-- csg:q:a -->\n".repeat(100_000)],
    ["100,000 boxes without a marker", "- [x] Yes\n- [ ] No\n".repeat(100_000)],
    ["NUL characters and lone surrogates", "<!-- csg:q:\0 -->\n- [x] Yes\0\n- [ ] No\n<!-- csg:q:\uD800 -->\n- [x] Yes\n- [ ] No"],
  ])(
    "%s give a bounded result",
    (_kind, hostile) => {
      const against = render([{ id: "a", yes: false, no: false }]);
      expect(answerChanges(hostile, hostile)).toEqual([]);
      expect(Array.isArray(answerChanges(against, hostile))).toBe(true);
      expect(Array.isArray(answerChanges(hostile, against))).toBe(true);
    },
    BUDGET_MS,
  );
});
