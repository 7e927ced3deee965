import { compileGlob } from "./glob.js";
import type { ChangedFile, Classification, GateConfig, MatchReason, PullRequestSnapshot, RuleMatch, Rule } from "./types.js";

/** Where the gate's own configuration lives; a PR changing it always needs the CSO. */
export const CONFIG_PATH = ".github/clinical-safety.yml";

/** The pseudo-rule that makes changes to the hazard log or the gate's configuration relevant. */
export const GOVERNANCE_RULE_ID = "governance";

/** The role every governance change needs (the CSO owns the hazard log and the gate). */
export const GOVERNANCE_ROLE = "cso";

type Matcher = (path: string) => string | undefined;

/**
 * Compiles a rule's globs once. Positive globs say what matches; `!`-prefixed globs exclude, whatever their
 * position, so `["src/**", "!**\/*.md"]` means "code under src, but not Markdown". Returns the positive
 * pattern that matched, for the reason shown to people.
 * @throws {GlobError} for a glob the config schema would have refused (see glob.ts)
 */
export function compileGlobs(globs: readonly string[]): Matcher {
  const include = globs.filter((g) => !g.startsWith("!")).map((g) => ({ g, m: compileGlob(g) }));
  const exclude = globs.filter((g) => g.startsWith("!")).map((g) => compileGlob(g.slice(1)));
  return (path) => {
    // Inclusion first: most paths match no rule, and are then never tried against the exclusions.
    const hit = include.find(({ m }) => m(path))?.g;
    return hit === undefined || exclude.some((m) => m(path)) ? undefined : hit;
  };
}

/** The paths a changed file is known by: a rename counts under its old and its new path. */
function pathsOf(file: ChangedFile): { path: string; viaRename: boolean }[] {
  const paths = [{ path: file.path, viaRename: false }];
  if (file.previousPath && file.previousPath !== file.path) paths.push({ path: file.previousPath, viaRename: true });
  return paths;
}

/** A label that once made a rule match (from the audit trail), and so keeps it matching once removed. */
export interface RememberedLabel {
  ruleId: string;
  label: string;
}

function matchRule(rule: Rule, pr: PullRequestSnapshot, remembered: readonly RememberedLabel[]): MatchReason[] {
  const reasons: MatchReason[] = [];
  if (rule.paths.length > 0) {
    const match = compileGlobs(rule.paths);
    for (const file of pr.files) {
      for (const { path, viaRename } of pathsOf(file)) {
        const pattern = match(path);
        if (pattern !== undefined) {
          reasons.push(viaRename ? { kind: "path", file: path, pattern, viaRename } : { kind: "path", file: path, pattern });
        }
      }
    }
    // Files GitHub did not list could match any glob: the gate cannot prove they don't, so it assumes they do.
    if (pr.filesTruncated) reasons.push({ kind: "truncated", listed: pr.files.length, total: pr.changedFiles });
  }
  // GitHub treats label names case-insensitively, so does the gate.
  const labels = new Set(pr.labels.map((l) => l.toLowerCase()));
  for (const label of rule.labels) {
    if (labels.has(label.toLowerCase())) reasons.push({ kind: "label", label });
    else if (remembered.some((r) => r.ruleId === rule.id && r.label.toLowerCase() === label.toLowerCase()))
      reasons.push({ kind: "label-removed", label });
  }
  return reasons;
}

/** Files whose change always needs the CSO: the hazard log and this gate's own configuration. */
function governanceReasons(config: GateConfig, pr: PullRequestSnapshot): MatchReason[] {
  const governed = new Set([CONFIG_PATH, config.hazard_log.path]);
  const reasons: MatchReason[] = [];
  for (const file of pr.files) {
    for (const { path } of pathsOf(file)) {
      if (governed.has(path)) reasons.push({ kind: "governance", file: path });
    }
  }
  if (pr.filesTruncated) reasons.push({ kind: "truncated", listed: pr.files.length, total: pr.changedFiles });
  return reasons;
}

/**
 * Step 1 of a PR's life: which rules match, and why. Every changed path (old and new for a rename) is tried
 * against every rule's globs, and the PR's labels against every rule's labels; a rule's label that matched
 * before and was removed still counts (`remembered`, until a role member clears it).
 */
export function classify(config: GateConfig, pr: PullRequestSnapshot, remembered: readonly RememberedLabel[] = []): Classification {
  const matches: RuleMatch[] = [];
  for (const rule of config.rules) {
    const reasons = matchRule(rule, pr, remembered);
    if (reasons.length > 0) {
      matches.push(rule.description === undefined ? { ruleId: rule.id, reasons } : { ruleId: rule.id, description: rule.description, reasons });
    }
  }
  const governance = governanceReasons(config, pr);
  if (governance.length > 0) {
    matches.push({
      ruleId: GOVERNANCE_RULE_ID,
      description: "Changes to the hazard log or the gate's configuration",
      reasons: governance,
    });
  }
  return {
    relevant: matches.length > 0,
    matches,
    checked: { files: pr.files.length, labels: [...pr.labels], rules: config.rules.length, truncated: pr.filesTruncated },
  };
}
