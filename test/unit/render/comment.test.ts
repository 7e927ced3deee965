import { describe, expect, it } from "@jest/globals";
import type { Evaluation, GateState, MatchReason } from "../../../src/core/types.js";
import { COMMENT_LIMIT, COMMENT_MARKER, renderComment } from "../../../src/render/comment.js";
import { configError, evaluation, HAZ_002, item, notRelevant, OLD_HEAD, passed } from "./factory.js";

const Z = "\u200b";

function lines(text: string): string[] {
  return text.split("\n");
}

/** What the comment shows unfolded: everything outside its `<details>`. */
function shown(text: string): string {
  const start = text.indexOf("<details>");
  const end = text.lastIndexOf("</details>");
  return start < 0 ? text : text.slice(0, start) + text.slice(end + "</details>".length);
}

/** What the comment folds: everything inside its `<details>`. */
function folded(text: string): string {
  const start = text.indexOf("<details>");
  return start < 0 ? "" : text.slice(start, text.lastIndexOf("</details>"));
}

describe("renderComment: heading", () => {
  it.each<[GateState, string, () => Evaluation]>([
    ["waiting", "## Clinical safety: sign-off required", () => evaluation()],
    ["pass", "## Clinical safety: signed off", passed],
    ["error", "## Clinical safety: cannot evaluate", () => configError()],
    ["not-relevant", "## Clinical safety: no clinical impact detected", notRelevant],
  ])("%s → %s", (state, heading, make) => {
    expect(make().state).toBe(state);
    const [first, second] = lines(renderComment(make()));
    expect(first).toBe(COMMENT_MARKER);
    expect(second).toBe(heading);
  });
});

describe("renderComment: why this PR was flagged", () => {
  it.each<[string, MatchReason, string]>([
    [
      "path",
      { kind: "path", file: "src/prescribing/x.ts", pattern: "src/prescribing/**" },
      "  - `src/prescribing/x.ts` matches `src/prescribing/**`",
    ],
    [
      "rename",
      { kind: "path", file: "src/prescribing/old.ts", pattern: "src/prescribing/**", viaRename: true },
      "  - a file renamed from `src/prescribing/old.ts`: its old path matches `src/prescribing/**`",
    ],
    ["label", { kind: "label", label: "clinical-impact" }, "  - label `clinical-impact`"],
    [
      "truncated",
      { kind: "truncated", listed: 3000, total: 3412 },
      "  - more files than GitHub lists (3000 of 3412): treated as relevant, because the unlisted files cannot be checked",
    ],
    [
      "governance: hazard log",
      { kind: "governance", file: "docs/safety/hazard-log.yml" },
      "  - `docs/safety/hazard-log.yml` changes the hazard log: always needs the CSO",
    ],
    [
      "governance: config",
      { kind: "governance", file: ".github/clinical-safety.yml" },
      "  - `.github/clinical-safety.yml` changes the gate's configuration: always needs the CSO",
    ],
  ])("%s", (_name, reason, line) => {
    const e = evaluation({
      classification: {
        relevant: true,
        matches: [{ ruleId: "r1", description: "Rule one", reasons: [reason] }],
        checked: { files: 1, labels: [], rules: 1, truncated: false },
      },
    });
    const out = lines(renderComment(e));
    expect(out).toContain("- **Rule `r1`** — Rule one");
    expect(out).toContain(line);
  });

  it("caps a long file list and says how many more", () => {
    const reasons: MatchReason[] = Array.from({ length: 45 }, (_, i) => ({ kind: "path", file: `src/p/${i}.ts`, pattern: "src/p/**" }));
    const out = renderComment(
      evaluation({
        classification: { relevant: true, matches: [{ ruleId: "p", reasons }], checked: { files: 45, labels: [], rules: 1, truncated: false } },
      }),
    );
    expect(out).toContain("  - `src/p/19.ts` matches `src/p/**`");
    expect(out).not.toContain("src/p/20.ts");
    expect(out).toContain("  - and 25 more files");
  });
});

describe("renderComment: checklist", () => {
  const e = evaluation({ checklist: [item("decision-logic", "yes"), item("calculations", "no"), item("medication")] });
  const out = lines(renderComment(e));

  it.each([
    ["decision-logic", 1, ["- [x] Yes", "- [ ] No"], "<sub>answered Yes by @\u200balice, 2026-03-02 14:05 UTC</sub>"],
    ["calculations", 2, ["- [ ] Yes", "- [x] No"], "<sub>answered No by @\u200balice, 2026-03-02 14:05 UTC</sub>"],
    ["medication", 3, ["- [ ] Yes", "- [ ] No"], undefined],
  ])("question %s: header, id line, exactly two task lines, who answered", (id, n, boxes, answered) => {
    const header = out.indexOf(`**${n}. Question about ${id}?** <!-- csg:q:${id} -->`);
    expect(header).toBeGreaterThan(0);
    expect(out.slice(header + 1, header + 5)).toEqual([`\`${id}\` · _Why ${id} matters._`, "", ...boxes]);
    expect(out[header + 5]).toBe("");
    if (answered) expect(out[header + 6]).toBe(answered);
    else expect(out[header + 6]).not.toMatch(/answered/);
  });

  it("tells people without write access how to answer", () => {
    expect(out.join("\n")).toContain("Comment `/safety answer <id> yes|no` instead");
  });

  it("has exactly two task lines per question and no other task lines", () => {
    expect(out.filter((l) => /^- \[[ x]\] /.test(l))).toHaveLength(6);
  });

  it("escapes the question text so it cannot forge structure", () => {
    const text = renderComment(evaluation({ checklist: [item("a", null, { question: { id: "a", question: "Dose <b>*x*</b> @team?" } })] }));
    expect(text).toContain(`**1. Dose &lt;b&gt;\\*x\\*&lt;/b&gt; @${Z}team?** <!-- csg:q:a -->`);
  });
});

describe("renderComment: hazards", () => {
  it("shows a linked hazard with its ratings and their meaning", () => {
    const out = renderComment(
      evaluation({ hazards: { linked: [{ ...HAZ_002, sources: ["PR description"] }], unknown: [], proposed: [], logState: "ok" } }),
    );
    expect(out).toContain("| `HAZ-002` | Paediatric dose uses a stale weight | open | 5 — unacceptable → 3 — undesirable | PR description |");
  });

  it("shows — for an unknown rating", () => {
    const out = renderComment(
      evaluation({ hazards: { linked: [{ ...HAZ_002, residualRating: undefined, sources: [] }], unknown: [], proposed: [], logState: "ok" } }),
    );
    expect(out).toContain("| 5 — unacceptable → — |");
  });

  it.each([["an escaped title", { ...HAZ_002, title: "<img src=x onerror=alert(1)> | x" }, "&lt;img src=x onerror=alert\\(1\\)&gt; \\| x"]])(
    "shows %s",
    (_name, hazard, expected) => {
      const out = renderComment(evaluation({ hazards: { linked: [{ ...hazard, sources: [] }], unknown: [], proposed: [], logState: "ok" } }));
      expect(out).toContain(expected);
    },
  );

  it("names unknown ids with the hazard log path", () => {
    const out = renderComment(
      evaluation({ hazards: { linked: [], unknown: [{ id: "HAZ-999", source: "PR description" }], proposed: [], logState: "ok" } }),
    );
    expect(out).toContain("- ⚠️ `HAZ-999` (PR description) is not in `docs/safety/hazard-log.yml`: fix the id in the PR description");
  });

  it("says how to remove an unknown id linked by command", () => {
    const out = renderComment(
      evaluation({
        hazards: { linked: [], unknown: [{ id: "HAZ-999", source: "/safety link by @dev" }], proposed: [], logState: "ok", byCommand: ["HAZ-999"] },
      }),
    );
    expect(out).toContain("not in `docs/safety/hazard-log.yml`: fix the id, or remove the link with `/safety unlink HAZ-999`.");
  });

  it("shows ids mentioned in comments as suggestions, escaped, without blocking words", () => {
    const out = renderComment(
      evaluation({
        hazards: {
          linked: [],
          unknown: [],
          proposed: [],
          logState: "ok",
          mentioned: [{ id: "HAZ-006", source: "comment by @eve", known: true, title: "<b>Under-triage</b>" }],
        },
      }),
    );
    expect(out).toContain(
      "- 💬 `HAZ-006` (&lt;b&gt;Under-triage&lt;/b&gt;) is mentioned in a comment by @\u200beve, not linked: if it applies, comment `/safety link HAZ-006`",
    );
    expect(out).not.toContain("<b>");
  });

  it("uses the configured hazard log path", () => {
    const e = evaluation({ hazards: { linked: [], unknown: [{ id: "HAZ-999", source: "PR description" }], proposed: [], logState: "ok" } });
    expect(renderComment(e, { hazardLogPath: "safety/log.yml" })).toContain("is not in `safety/log.yml`:");
  });

  it("proposes hazards whose code the PR touches", () => {
    const out = renderComment(
      evaluation({ hazards: { linked: [], unknown: [], proposed: [{ hazard: HAZ_002, files: ["src/prescribing/dose/x.ts"] }], logState: "ok" } }),
    );
    expect(out).toContain(
      "- This PR touches code associated with `HAZ-002` (Paediatric dose uses a stale weight): `src/prescribing/dose/x.ts` — link it if it applies.",
    );
  });

  it("notes a Yes answer without a linked hazard", () => {
    const out = renderComment(evaluation({ blockers: [{ kind: "yes-without-hazard", questionIds: ["calculations"] }] }));
    expect(out).toContain("- ⚠️ A **Yes** answer (`calculations`) needs at least one linked hazard.");
  });

  it.each([
    ["absent", "- There is no hazard log at `docs/safety/hazard-log.yml` yet, so hazard ids cannot be checked."],
    ["invalid", "- The hazard log `docs/safety/hazard-log.yml` is invalid (see the problems listed above), so hazard ids cannot be checked."],
  ] as const)("says when the log is %s", (logState, expected) => {
    expect(renderComment(evaluation({ hazards: { linked: [], unknown: [], proposed: [], logState } }))).toContain(expected);
  });
});

describe("renderComment: sign-offs", () => {
  it("shows who signed which role, on which commit, when, and what it means", () => {
    expect(renderComment(passed())).toContain(
      `| \`cso\` | \`prescribing\` | ✅ signed | @${Z}dr-cso | \`9f8e7d6\` | 2026-03-03 09:30 UTC | clinical safety approval as CSO |`,
    );
  });

  it("shows a missing role as waiting", () => {
    expect(renderComment(evaluation())).toContain("| `cso` | `prescribing` | ⏳ waiting | — | — | — | — |");
  });

  it("shows an invalid sign-off with its detail", () => {
    const invalid = {
      role: "cso",
      actor: "dr-cso",
      at: "2026-03-01T10:00:00Z",
      headSha: OLD_HEAD,
      meaning: "m",
      reason: "voided-by-push" as const,
      detail: "voided by push of 9f8e7d6",
    };
    expect(renderComment(evaluation({ signOffs: { valid: [], invalid: [invalid] } }))).toContain(
      `- @${Z}dr-cso (\`cso\`) at \`1a2b3c4\`, 2026-03-01 10:00 UTC: voided by push of 9f8e7d6.`,
    );
  });

  it("shows an open objection with its escaped reason and how to withdraw it", () => {
    const e = evaluation({
      objections: [{ actor: "carol", role: "cso", reason: "<script>alert(1)</script> ask @org/team", at: "2026-03-02T10:00:00Z" }],
    });
    expect(renderComment(e)).toContain(
      `- ⛔ @${Z}carol (\`cso\`), 2026-03-02 10:00 UTC: “&lt;script&gt;alert\\(1\\)&lt;/script&gt; ask @${Z}org/team” — when it is resolved, @${Z}carol comments \`/safety withdraw-objection\`.`,
    );
  });
});

describe("renderComment: what happens next", () => {
  it("lists the blockers as numbered steps in plain words", () => {
    const out = renderComment(evaluation());
    expect(out).toContain(
      "1. Answer questions 1 (`decision-logic`) and 2 (`calculations`) of the hazard-impact checklist: tick **Yes** or **No** under each one in the clinical safety comment, or comment `/safety answer <id> yes|no`.",
    );
    expect(out).toContain(
      "2. Sign-off: a member of the `cso` role comments `/safety sign-off cso` (required by rule `prescribing`), once the checklist is complete.",
    );
  });

  it("has no steps once the gate passed", () => {
    expect(renderComment(passed())).not.toContain("### What happens next");
  });
});

describe("renderComment: errors", () => {
  it("lists each problem as file:line path: message", () => {
    const out = lines(renderComment(configError(2)));
    expect(out).toContain("- **Configuration invalid**: The configuration is invalid");
    expect(out).toContain('  - `.github/clinical-safety.yml:10` `rules[0].requires[0]`: unknown role "cos0"');
    expect(out).toContain('  - `.github/clinical-safety.yml:11` `rules[1].requires[0]`: unknown role "cos1"');
  });

  it("shows a problem without line or path", () => {
    const e = configError(0);
    e.errors = [
      { code: "hazard-log", message: "The hazard log is invalid", problems: [{ file: "docs/safety/hazard-log.yml", path: "", message: "not YAML" }] },
    ];
    expect(renderComment(e)).toContain("  - `docs/safety/hazard-log.yml`: not YAML");
  });
});

describe("renderComment: footer", () => {
  it("folds the commands reference, and does not name the head commit (a push alone must not rewrite the comment)", () => {
    const text = renderComment(evaluation());
    expect(lines(folded(text))).toContain("### Commands");
    expect(lines(folded(text))).toContain(
      "- `/safety sign-off [role]` — signs off this commit for a role you hold (the role can be left out when you hold one)",
    );
    expect(lines(text).at(-2)).toBe("<sub>Clinical Safety Gate</sub>");
  });

  it.each([
    ["https://gate.example/audit/acme/r/42", "<sub>Clinical Safety Gate · [Audit trail](https://gate.example/audit/acme/r/42)</sub>"],
    ["https://gate.example/a (b)", "<sub>Clinical Safety Gate · [Audit trail](https://gate.example/a%20%28b%29)</sub>"],
    ["javascript:alert(1)", "<sub>Clinical Safety Gate</sub>"],
    ["not a url", "<sub>Clinical Safety Gate</sub>"],
  ])("audit link %s", (auditUrl, expected) => {
    expect(lines(renderComment(evaluation(), { auditUrl })).at(-2)).toBe(expected);
  });

  it("names the configuration version when known", () => {
    expect(renderComment(evaluation({ configSha: "abcdef0123456789" }))).toContain("<sub>Clinical Safety Gate · configuration `abcdef0`</sub>");
  });
});

describe("renderComment: determinism and size", () => {
  it("renders the same evaluation to the same string", () => {
    const a = renderComment(evaluation(), { auditUrl: "https://x.example/a" });
    const b = renderComment(structuredClone(evaluation()), { auditUrl: "https://x.example/a" });
    expect(a).toBe(b);
  });

  it("stays under the limit with huge lists and says what it left out", () => {
    const long = "x".repeat(5000);
    const e = evaluation({
      classification: {
        relevant: true,
        matches: Array.from({ length: 200 }, (_, r) => ({
          ruleId: `rule-${r}`,
          description: long,
          reasons: Array.from({ length: 300 }, (_, i) => ({ kind: "path" as const, file: `src/${long}/${i}.ts`, pattern: "src/**" })),
        })),
        checked: { files: 3000, labels: [], rules: 200, truncated: false },
      },
      hazards: {
        linked: Array.from({ length: 500 }, (_, i) => ({ ...HAZ_002, id: `HAZ-${i}`, title: `<${long}>`, sources: [long] })),
        unknown: Array.from({ length: 500 }, (_, i) => ({ id: `HAZ-9${i}`, source: long })),
        proposed: [],
        logState: "ok",
      },
      objections: Array.from({ length: 300 }, (_, i) => ({ actor: `u${i}`, role: "cso", reason: `&${long}`, at: "2026-03-02T10:00:00Z" })),
    });
    const out = renderComment(e);
    expect(out.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(out).toMatch(/more rules/);
    expect(out.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    // Every question is still there to tick.
    expect([...out.matchAll(/^- \[ \] (Yes|No)$/gm)]).toHaveLength(4);
  });

  it("cuts even an absurd checklist to the limit and says so", () => {
    const checklist = Array.from({ length: 3000 }, (_, i) => item(`q-${i}`));
    const out = renderComment(evaluation({ checklist }));
    expect(out.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(out).toMatch(/cut to fit GitHub's size limit/);
  });
});

describe("renderComment: short — headline, what happens next, what blocks and the open questions; the rest folded", () => {
  // Two questions, one rule, one role (CSO): the case issue 9 measured at 51–77 lines, 48 of them unfolded here before.
  const twoQuestions = () => renderComment(evaluation({ configSha: "abcdef0123456789" }), { auditUrl: "https://gate.example/audit/acme/r/42" });

  it("the two-question case: at most 27 lines unfolded (17 not blank), and at most 66 in all", () => {
    const out = twoQuestions();
    const unfolded = lines(shown(out).trimEnd());
    expect(unfolded.length).toBeLessThanOrEqual(27);
    expect(unfolded.filter((l) => l.trim() !== "").length).toBeLessThanOrEqual(17);
    expect(lines(out.trimEnd()).length).toBeLessThanOrEqual(66);
  });

  it("shows the headline, the steps and each open question with its two boxes; folds one <details> with the rest", () => {
    const out = twoQuestions();
    const unfolded = shown(out);
    expect(unfolded).toContain("**Waiting for sign-off by cso**");
    expect(unfolded).toContain("### What happens next");
    expect([...unfolded.matchAll(/^- \[ \] (Yes|No)$/gm)].map((m) => m[1])).toEqual(["Yes", "No", "Yes", "No"]);
    expect(out.match(/<details>/g)).toHaveLength(1);
    expect(out).toContain("<details><summary>Details: why this PR was flagged, answers, hazards, sign-offs, commands</summary>\n\n");
    for (const section of ["### Why this PR was flagged", "### Hazards", "### Sign-offs", "### Commands"]) {
      expect(unfolded).not.toContain(section);
      expect(folded(out)).toContain(section);
    }
  });

  it("folds the answered questions with their boxes, so an answer can still be changed by a click", () => {
    const out = renderComment(evaluation({ checklist: [item("decision-logic", "yes"), item("calculations")] }));
    expect(shown(out)).toContain("<!-- csg:q:calculations -->");
    expect(shown(out)).not.toContain("<!-- csg:q:decision-logic -->");
    expect(folded(out)).toContain("#### Answered questions (1 of 2)");
    const answered = folded(out).slice(folded(out).indexOf("<!-- csg:q:decision-logic -->"));
    expect(lines(answered).slice(2, 5)).toEqual(["", "- [x] Yes", "- [ ] No"]);
  });

  it("a checklist all answered: no checklist heading unfolded, every question folded", () => {
    const out = renderComment(evaluation({ checklist: [item("decision-logic", "no"), item("calculations", "no")], blockers: [] }));
    expect(shown(out)).not.toContain("### Hazard-impact checklist");
    expect([...folded(out).matchAll(/^- \[[ x]\] (Yes|No)$/gm)]).toHaveLength(4);
  });

  it.each<[string, Evaluation, string]>([
    ["an error and its problems", configError(2), '  - `.github/clinical-safety.yml:11` `rules[1].requires[0]`: unknown role "cos1"'],
    [
      "an objection, with its reason",
      evaluation({
        objections: [{ actor: "carol", role: "cso", reason: "no boundary test", at: "2026-03-02T10:00:00Z" }],
        blockers: [{ kind: "objection", actor: "carol", role: "cso" }],
      }),
      `Resolve the objection of @${Z}carol (\`cso\`): “no boundary test”`,
    ],
    [
      "an unknown hazard id, where it was written",
      evaluation({
        hazards: { linked: [], unknown: [{ id: "HAZ-999", source: "comment by @dev" }], proposed: [], logState: "ok", byCommand: ["HAZ-999"] },
        blockers: [{ kind: "unknown-hazards", ids: ["HAZ-999"] }],
      }),
      "- ⚠️ `HAZ-999` (comment by @\u200bdev) is not in `docs/safety/hazard-log.yml`: fix the id, or remove the link with `/safety unlink HAZ-999`.",
    ],
    [
      "a Yes without a hazard",
      evaluation({ blockers: [{ kind: "yes-without-hazard", questionIds: ["calculations"] }] }),
      "- ⚠️ A **Yes** answer (`calculations`) needs at least one linked hazard.",
    ],
    [
      "a hazard deleted from the log",
      evaluation({ blockers: [{ kind: "hazard-deleted", ids: ["HAZ-004"] }] }),
      "Restore `HAZ-004` in `docs/safety/hazard-log.yml`: hazards are never deleted.",
    ],
    [
      "an invalid hazard log",
      evaluation({ hazards: { linked: [], unknown: [], proposed: [], logState: "invalid" } }),
      "- The hazard log `docs/safety/hazard-log.yml` is invalid",
    ],
  ])("never folds what blocks the gate: %s", (_name, e, blocking) => {
    const out = renderComment(e);
    expect(shown(out)).toContain(blocking);
    expect(folded(out)).not.toContain(blocking);
  });

  it("names whom to ask for a sign-off: the role's team and its people, without notifying anyone", () => {
    const out = renderComment(evaluation(), {
      contacts: { cso: { teams: [{ name: "acme/clinical-safety", people: ["cleo", "dual"], more: 3 }], users: ["dr-cso"] } },
    });
    expect(shown(out)).toContain(
      `once the checklist is complete. Ask team @${Z}acme/clinical-safety (@${Z}cleo, @${Z}dual and 3 more) or @${Z}dr-cso.`,
    );
    expect(out).not.toMatch(/@(?!\u200b)[a-z]/);
  });

  it("a passed gate shows who signed, unfolded; the details hold the rest", () => {
    const out = renderComment(passed());
    expect(shown(out)).toContain(`- \`cso\`: @${Z}dr-cso at \`9f8e7d6\`, 2026-03-03 09:30 UTC`);
    expect(shown(out)).not.toContain("### What happens next");
    expect(folded(out)).toContain("| `cso` | `prescribing` | ✅ signed |");
  });

  it("stable: the same state, whom to ask included, renders the same text (so nothing is rewritten)", () => {
    const opts = { contacts: { cso: { teams: [{ name: "acme/clinical-safety", people: ["cleo", "dual"] }], users: [] } } };
    expect(renderComment(evaluation(), opts)).toBe(renderComment(structuredClone(evaluation()), structuredClone(opts)));
  });
});
