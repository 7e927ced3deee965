/**
 * Benchmark: the pure gate on a large PR. `npx tsx bench/evaluate.ts`
 * Measures evaluate() (classification of every file against every rule, checklist, sign-offs, rendering of
 * the comment and the check) on a PR with GitHub's maximum of 3000 listed files and a 40-rule config.
 */
import { performance } from "node:perf_hooks";
import { parseConfig } from "../src/config/parse.js";
import { evaluate } from "../src/core/evaluate.js";
import type { PullRequestSnapshot } from "../src/core/types.js";
import { parseHazardLog, toSummary } from "../src/hazards/parse.js";
import { renderCheckRun } from "../src/render/check-run.js";
import { renderComment } from "../src/render/comment.js";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../test/fixtures/repo.js";

const extraRules = Array.from({ length: 38 }, (_, i) => `  - id: area-${i}\n    paths: ["src/area-${i}/**", "!**/*.md"]\n    requires: [cpm]\n`).join(
  "",
);
const parsed = parseConfig(PRODUCT_CONFIG.replace("\nchecklist:", `\n${extraRules}checklist:`));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const log = parseHazardLog(SAMPLE_HAZARD_LOG, "docs/safety/hazard-log.yml", { idPattern: "HAZ-\\d{3,}" });

const pr: PullRequestSnapshot = {
  owner: "acme",
  repo: "eprescribe",
  number: 1,
  title: "Big refactor",
  body: "Touches HAZ-002",
  author: "dev",
  draft: false,
  headSha: "a".repeat(40),
  baseRef: "main",
  labels: [],
  files: Array.from({ length: 3000 }, (_, i) => ({ path: `src/area-${i % 60}/module-${i}/file-${i}.ts`, status: "modified" as const })),
  filesTruncated: false,
  changedFiles: 3000,
};

function once(): number {
  const t = performance.now();
  const e = evaluate({
    config: { state: "ok", config: parsed.ok ? parsed.config : (undefined as never) },
    pr,
    hazardLog: { state: "ok", path: "docs/safety/hazard-log.yml", hazards: log.hazards.map(toSummary) },
    texts: [{ source: "PR description", text: pr.body }],
    facts: [],
    rolesOf: () => [],
  });
  renderComment(e);
  renderCheckRun(e);
  return performance.now() - t;
}

for (let i = 0; i < 5; i++) once(); // warm-up
const runs = Array.from({ length: 30 }, once).sort((a, b) => a - b);
const heap = process.memoryUsage().heapUsed / 2 ** 20;
console.log(
  `evaluate + render, 3000 files × 40 rules: median ${runs[15]?.toFixed(1)} ms, p90 ${runs[27]?.toFixed(1)} ms, heap ${heap.toFixed(0)} MiB`,
);
