/**
 * Labels that made a PR's rules match, as its trail remembers them: every rule label in its classification
 * records since the last time a role member cleared them (`not-relevant`). Removing such a label leaves the
 * rule matching (core/match.ts), so a PR does not silently pass because someone took a label off. Pure.
 */
import type { RememberedLabel } from "../core/match.js";
import type { AuditRecord } from "./record.js";

const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

export function rememberedLabels(records: readonly AuditRecord[]): RememberedLabel[] {
  let remembered: RememberedLabel[] = [];
  for (const r of records) {
    if (r.kind === "not-relevant") {
      remembered = [];
      continue;
    }
    if (r.kind !== "classification" || !Array.isArray(r.data.rules)) continue;
    for (const rule of r.data.rules) {
      const ruleId = obj(rule)?.ruleId;
      const reasons = obj(rule)?.reasons;
      if (typeof ruleId !== "string" || !Array.isArray(reasons)) continue;
      for (const reason of reasons) {
        const o = obj(reason);
        if ((o?.kind === "label" || o?.kind === "label-removed") && typeof o.label === "string") {
          const label = o.label;
          if (!remembered.some((x) => x.ruleId === ruleId && x.label === label)) remembered.push({ ruleId, label });
        }
      }
    }
  }
  return remembered;
}
