/**
 * "Why this PR was flagged": each matched rule with the reasons it matched, so a developer sees which of
 * their files or labels made the change clinically relevant.
 */
import type { Classification, MatchReason, RuleMatch } from "../core/types.js";
import type { RenderContext } from "./options.js";
import { capped, code, codeList, plural, safe } from "./text.js";

function governanceWhat(file: string, ctx: RenderContext): string {
  if (file === ctx.hazardLogPath) return "changes the hazard log";
  if (file.endsWith("clinical-safety.yml") || file.endsWith("clinical-safety.yaml")) return "changes the gate's configuration";
  return "changes the clinical safety governance files";
}

/** One reason as a sentence fragment. */
export function describeReason(reason: MatchReason, ctx: RenderContext): string {
  switch (reason.kind) {
    case "path":
      return reason.viaRename
        ? `a file renamed from ${code(reason.file, ctx.caps.text)}: its old path matches ${code(reason.pattern, ctx.caps.text)}`
        : `${code(reason.file, ctx.caps.text)} matches ${code(reason.pattern, ctx.caps.text)}`;
    case "label":
      return `label ${code(reason.label, ctx.caps.text)}`;
    case "label-removed":
      return `label ${code(reason.label, ctx.caps.text)}, since removed: the PR stays relevant until a role member clears it with \`/safety not-relevant <reason>\``;
    case "truncated":
      return `more files than GitHub lists (${reason.listed} of ${reason.total}): treated as relevant, because the unlisted files cannot be checked`;
    case "governance":
      return `${code(reason.file, ctx.caps.text)} ${governanceWhat(reason.file, ctx)}: always needs the CSO`;
  }
}

function renderRule(match: RuleMatch, ctx: RenderContext): string[] {
  const description = match.description ? ` — ${safe(match.description, ctx.caps.text)}` : "";
  // Files are the long part; labels, truncation and governance are few and always worth showing.
  const files = match.reasons.filter((r) => r.kind === "path");
  const others = match.reasons.filter((r) => r.kind !== "path");
  const reasons = [
    ...others.map((r) => describeReason(r, ctx)),
    ...capped(
      files,
      ctx.caps.files,
      (r) => describeReason(r, ctx),
      (n) => `and ${plural(n, "more file")}`,
    ),
  ];
  return [`- **Rule ${code(match.ruleId, ctx.caps.text)}**${description}`, ...reasons.map((r) => `  - ${r}`)];
}

/** The section's Markdown lines, or none when nothing matched. */
export function renderWhyFlagged(matches: readonly RuleMatch[], ctx: RenderContext): string[] {
  if (matches.length === 0) return [];
  const rules = capped(
    matches,
    ctx.caps.items,
    (m) => renderRule(m, ctx).join("\n"),
    (n) => `- …and ${plural(n, "more rule")}`,
  );
  return ["### Why this PR was flagged", "", ...rules];
}

/** What the classifier looked at, for a "no clinical impact" result: "12 changed files, no labels, 3 rules". */
export function describeChecked(checked: Classification["checked"], ctx: RenderContext): string {
  const labels =
    checked.labels.length === 0 ? "no labels" : `${checked.labels.length === 1 ? "label" : "labels"} ${codeList(checked.labels, ctx.caps.items)}`;
  const files = `${plural(checked.files, "changed file")}${checked.truncated ? " (more than GitHub lists)" : ""}`;
  return `${files}, ${labels}, ${plural(checked.rules, "rule")}`;
}
