/**
 * What a pull request does to the hazard log: compares the log at the base with the log at the head.
 * The gate uses it to refuse deletions (hazards are closed, never deleted) and to tell the CSO exactly
 * what they are approving: new hazards, closures, re-scored risks, and which fields changed.
 */
import { hazardEntrySchema, type Hazard } from "./schema.js";

/** A rating before and after. */
export interface RatingChange {
  from: number;
  to: number;
}

/** A hazard whose derived initial and/or residual rating changed. */
export interface Rescored {
  id: string;
  initial?: RatingChange;
  residual?: RatingChange;
}

/** A hazard present on both sides whose written fields differ. */
export interface HazardChange {
  id: string;
  /** Top-level field names in schema order, e.g. `["residual", "status", "justification"]`. */
  fields: string[];
}

/** The difference between two versions of the log. Lists follow the order of the log they come from. */
export interface HazardLogDiff {
  /** Ids only in `after`. */
  added: string[];
  /** Ids only in `before`: deleted hazards, which the gate refuses. */
  removed: string[];
  /** Ids whose status became `closed`. */
  closed: string[];
  rescored: Rescored[];
  changed: HazardChange[];
}

/** Every field a user writes, in schema order; derived values (ratings, line) are not fields. */
const FIELDS = Object.keys(hazardEntrySchema.shape) as (keyof typeof hazardEntrySchema.shape)[];

/**
 * Compares two versions of a log, matching hazards by id. Each side is expected to be valid (unique ids);
 * if an id repeats, its first entry stands for it.
 */
export function diffHazardLogs(before: readonly Hazard[], after: readonly Hazard[]): HazardLogDiff {
  const old = byId(before);
  const now = byId(after);
  const diff: HazardLogDiff = { added: [], removed: [], closed: [], rescored: [], changed: [] };

  for (const id of old.keys()) if (!now.has(id)) diff.removed.push(id);
  for (const [id, b] of now) {
    const a = old.get(id);
    if (!a) {
      diff.added.push(id);
      continue;
    }
    if (b.status === "closed" && a.status !== "closed") diff.closed.push(id);
    const rescored: Rescored = { id };
    if (a.initialRating !== b.initialRating) rescored.initial = { from: a.initialRating, to: b.initialRating };
    if (a.residualRating !== b.residualRating) rescored.residual = { from: a.residualRating, to: b.residualRating };
    if (rescored.initial || rescored.residual) diff.rescored.push(rescored);
    const fields = FIELDS.filter((f) => !sameValue(a[f], b[f]));
    if (fields.length > 0) diff.changed.push({ id, fields });
  }
  return diff;
}

function byId(hazards: readonly Hazard[]): Map<string, Hazard> {
  const map = new Map<string, Hazard>();
  for (const h of hazards) if (!map.has(h.id)) map.set(h.id, h);
  return map;
}

/** Structural equality of parsed YAML values (strings, numbers, lists, mappings); key order is ignored. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // An optional key that is absent on one side and undefined on the other is the same absence.
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  return [...keys].every((k) => sameValue(ra[k], rb[k]));
}
