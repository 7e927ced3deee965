/**
 * Micro-benchmarks of the pure core, in the bench process itself (run before any service is started, so
 * nothing else of the bench competes for the CPU): classifying a 3,000-file PR against 200 rules, and
 * parsing + linting a 2,000-hazard log. Median of N runs after a warm-up.
 */
import { performance } from "node:perf_hooks";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { parseConfig } from "../../src/config/parse.js";
import { classify } from "../../src/core/match.js";
import type { GateConfig, PullRequestSnapshot } from "../../src/core/types.js";
import { parseHazardLog } from "../../src/hazards/parse.js";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../../test/fixtures/repo.js";
import { median } from "./stats.js";

export interface MicroResult {
  /** Median ms. */
  classifyMs: number;
  lintMs: number;
  /** What was measured, to show that the inputs were the intended ones. */
  classifyMatchedRules: number;
  lintHazards: number;
  lintProblems: number;
}

/** The product config plus 198 rules (200 in all): each an area of code, Markdown excluded. */
function config200Rules(): GateConfig {
  const extra = Array.from({ length: 198 }, (_, i) => `  - id: area-${i}\n    paths: ["src/area-${i}/**", "!**/*.md"]\n    requires: [cpm]\n`).join(
    "",
  );
  const parsed = parseConfig(PRODUCT_CONFIG.replace("\nchecklist:", `\n${extra}checklist:`));
  if (!parsed.ok) throw new Error(`bench config invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.config;
}

/** 3,000 files spread over 250 areas, so some match a rule and some match none. */
function pr3000Files(): PullRequestSnapshot {
  return {
    owner: "acme",
    repo: "eprescribe",
    number: 1,
    title: "Big refactor",
    body: "",
    author: "dev",
    draft: false,
    headSha: "a".repeat(40),
    baseRef: "main",
    labels: [],
    files: Array.from({ length: 3000 }, (_, i) => ({
      path: `src/area-${i % 250}/module-${i % 37}/file-${i}.${i % 10 === 0 ? "md" : "ts"}`,
      status: "modified" as const,
    })),
    filesTruncated: false,
    changedFiles: 3000,
  };
}

/** The sample log's 10 hazards copied 200 times: ids and cross-references renumbered, so it lints clean. */
function log2000Hazards(): string {
  const sample = parseYaml(SAMPLE_HAZARD_LOG) as { hazards: Record<string, unknown>[] };
  const renumber = (id: string, copy: number) => `HAZ-${String(copy * 100 + Number(id.slice(4))).padStart(5, "0")}`;
  const hazards = [];
  for (let copy = 0; copy < 200; copy++) {
    for (const h of sample.hazards) {
      const refs = h.references as string[] | undefined;
      // Deep copies: shared objects would be written as YAML aliases, which the parser rightly limits.
      hazards.push({
        ...structuredClone(h),
        id: renumber(h.id as string, copy),
        title: `${h.title as string} (${copy})`,
        ...(refs ? { references: refs.map((r) => renumber(r, copy)) } : {}),
      });
    }
  }
  return stringifyYaml({ hazards });
}

/** Median ms of `runs` calls of `fn`, after a fifth as many (at least one) unmeasured ones. */
function timeMedian(runs: number, fn: () => void): number {
  for (let i = 0; i < Math.max(1, Math.round(runs / 5)); i++) fn();
  const times = Array.from({ length: runs }, () => {
    const t = performance.now();
    fn();
    return performance.now() - t;
  });
  return median(times);
}

export function runMicro(runs: number): MicroResult {
  const config = config200Rules();
  const pr = pr3000Files();
  const matchedRules = classify(config, pr).matches.length;
  const classifyMs = timeMedian(runs, () => classify(config, pr));

  const log = log2000Hazards();
  const once = parseHazardLog(log, "docs/safety/hazard-log.yml", { idPattern: "HAZ-\\d{3,}" });
  const lintMs = timeMedian(runs, () => parseHazardLog(log, "docs/safety/hazard-log.yml", { idPattern: "HAZ-\\d{3,}" }));
  return { classifyMs, lintMs, classifyMatchedRules: matchedRules, lintHazards: once.hazards.length, lintProblems: once.problems.length };
}
