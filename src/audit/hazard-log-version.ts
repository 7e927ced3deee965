/**
 * Which version of the hazard log a merge brought in, and what it changed: the `hazardLog` of a `merge`
 * record (DCB0129: the CSO approves every version of the log). The blob SHAs name the exact file before and
 * after, so that an auditor can fetch both from git; the changes say, hazard by hazard, what the CSO approved.
 * Pure: made from the diff the gate already computes (src/hazards/diff.ts) and the two parsed logs.
 */
import { hazardEntrySchema, type Hazard } from "../hazards/schema.js";
import type { HazardLogDiff } from "../hazards/diff.js";
import type { JsonValue } from "./canonical-json.js";

/** What one merged change did to one hazard. */
export type HazardLogChange = {
  id: string;
  title: string;
  /**
   * `added` (new in the log), `closed` (its status became closed), `rescored` (its initial or residual rating
   * changed), else `changed`. A hazard deleted from the log (only possible through a bypass: the gate blocks
   * it) is `changed` with every `…After` null.
   */
  change: "added" | "rescored" | "closed" | "changed";
  /** The written fields that differ, in the schema's order (every written field of an added hazard). */
  fields: string[];
  initialBefore: number | null;
  initialAfter: number | null;
  residualBefore: number | null;
  residualAfter: number | null;
  statusBefore: string | null;
  statusAfter: string | null;
  /** The entry's justification after the change, when it has one and the change closed or re-scored it (or changed it). */
  justification?: string;
  /** The changed fields' values before (absent for an added hazard); long texts and lists are capped. */
  before?: Record<string, JsonValue>;
  /** The changed fields' values after (absent for a deleted hazard). */
  after?: Record<string, JsonValue>;
};

/** The `hazardLog` of a `merge` record: the log's version before and after the merge, and the changes. */
export type HazardLogVersion = {
  /** The log file (the configured path). */
  path: string;
  /** Blob SHA of the log at the base (null: there was no log). */
  blobBefore: string | null;
  /** Blob SHA of the log at the merged head (null: the PR removed it). */
  blobAfter: string | null;
  changes: HazardLogChange[];
};

/** One side of the comparison, as the reader read it. */
export interface HazardLogSide {
  /** Blob SHA of the file; null when it does not exist at that commit. */
  blob: string | null;
  hazards: readonly Hazard[];
}

/** Both sides of the log a merge compared. */
export interface HazardLogSides {
  path: string;
  before: HazardLogSide;
  after: HazardLogSide;
}

/** A text kept in a record is cut here: a changed description is evidence, a pasted essay is not. */
export const MAX_TEXT = 500;
/** Items of a list kept in a record; the rest are counted. */
export const MAX_ITEMS = 20;

/** Every field a user writes, in schema order. */
const FIELDS = Object.keys(hazardEntrySchema.shape) as (keyof typeof hazardEntrySchema.shape)[];

/**
 * The `hazardLog` of a merge, or undefined when the merge left the log as it was (no change to any hazard
 * and the same blob on both sides: a PR with more files than GitHub lists is compared without touching it).
 */
export function hazardLogVersion(diff: HazardLogDiff, sides: HazardLogSides): HazardLogVersion | undefined {
  const before = byId(sides.before.hazards);
  const after = byId(sides.after.hazards);
  const changed = new Map(diff.changed.map((c) => [c.id, c.fields]));
  const added = new Set(diff.added);
  const closed = new Set(diff.closed);
  const rescored = new Set(diff.rescored.map((r) => r.id));
  const ids = [
    ...[...after.keys()].filter((id) => added.has(id) || closed.has(id) || rescored.has(id) || changed.has(id)),
    ...[...before.keys()].filter((id) => diff.removed.includes(id)),
  ];
  const changes = ids.map((id) => changeOf(id, before.get(id), after.get(id), changed.get(id), { added, closed, rescored }));
  if (changes.length === 0 && sides.before.blob === sides.after.blob) return undefined;
  return { path: sides.path, blobBefore: sides.before.blob, blobAfter: sides.after.blob, changes };
}

function changeOf(
  id: string,
  b: Hazard | undefined,
  a: Hazard | undefined,
  diffFields: readonly string[] | undefined,
  sets: { added: ReadonlySet<string>; closed: ReadonlySet<string>; rescored: ReadonlySet<string> },
): HazardLogChange {
  const change: HazardLogChange["change"] = sets.added.has(id)
    ? "added"
    : sets.closed.has(id)
      ? "closed"
      : sets.rescored.has(id)
        ? "rescored"
        : "changed";
  // An added or deleted hazard: every field it has on its one side.
  const fields = diffFields ? [...diffFields] : FIELDS.filter((f) => written((a ?? b)?.[f]));
  const justification = a?.justification?.trim() ? a.justification : undefined;
  const showJustification = justification !== undefined && (change === "closed" || change === "rescored" || fields.includes("justification"));
  return {
    id,
    title: cap((a ?? b)?.title ?? ""),
    change,
    fields,
    initialBefore: b?.initialRating ?? null,
    initialAfter: a?.initialRating ?? null,
    residualBefore: b?.residualRating ?? null,
    residualAfter: a?.residualRating ?? null,
    statusBefore: b?.status ?? null,
    statusAfter: a?.status ?? null,
    ...(showJustification ? { justification: cap(justification) } : {}),
    ...(b ? { before: values(b, fields) } : {}),
    ...(a ? { after: values(a, fields) } : {}),
  };
}

/** Whether a field holds something: absent and empty lists are nothing written. */
function written(value: unknown): boolean {
  return value !== undefined && !(Array.isArray(value) && value.length === 0);
}

function values(h: Hazard, fields: readonly string[]): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const f of fields) {
    const v = (h as unknown as Record<string, unknown>)[f];
    // JSON keeps no undefined: a field removed on one side is null there.
    out[f] = v === undefined ? null : bounded(v);
  }
  return out;
}

/** The value with long texts cut and long lists shortened (a last item says how many were left out). */
export function bounded(value: unknown): JsonValue {
  if (typeof value === "string") return cap(value);
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ITEMS).map(bounded);
    return value.length > MAX_ITEMS ? [...kept, `… ${value.length - MAX_ITEMS} more`] : kept;
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (v === undefined ? [] : [[k, bounded(v)]])));
  }
  // Parsed YAML holds nothing else: numbers and booleans as they are, anything stranger as null.
  return (typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean" ? value : null;
}

function cap(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

function byId(hazards: readonly Hazard[]): Map<string, Hazard> {
  const map = new Map<string, Hazard>();
  for (const h of hazards) if (!map.has(h.id)) map.set(h.id, h);
  return map;
}

const CHANGES: readonly HazardLogChange["change"][] = ["added", "rescored", "closed", "changed"];

/**
 * A `merge` record's `hazardLog` read back defensively (the trail is kept for years and never rewritten):
 * undefined when the record has none or it names no path; changes without an id are skipped.
 */
export function readHazardLogVersion(value: JsonValue | undefined): HazardLogVersion | undefined {
  const o = object(value);
  if (o === undefined || typeof o.path !== "string" || o.path === "") return undefined;
  const changes = (Array.isArray(o.changes) ? o.changes : []).flatMap((item): HazardLogChange[] => {
    const c = object(item);
    if (c === undefined || typeof c.id !== "string" || c.id === "") return [];
    const before = object(c.before);
    const after = object(c.after);
    return [
      {
        id: c.id,
        title: str(c.title) ?? "",
        change: CHANGES.find((k) => k === c.change) ?? "changed",
        fields: Array.isArray(c.fields) ? c.fields.filter((f): f is string => typeof f === "string") : [],
        initialBefore: num(c.initialBefore),
        initialAfter: num(c.initialAfter),
        residualBefore: num(c.residualBefore),
        residualAfter: num(c.residualAfter),
        statusBefore: str(c.statusBefore),
        statusAfter: str(c.statusAfter),
        ...(typeof c.justification === "string" ? { justification: c.justification } : {}),
        ...(before ? { before } : {}),
        ...(after ? { after } : {}),
      },
    ];
  });
  return { path: o.path, blobBefore: str(o.blobBefore), blobAfter: str(o.blobAfter), changes };
}

function object(value: JsonValue | undefined): { [key: string]: JsonValue } | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
}

function str(value: JsonValue | undefined): string | null {
  return typeof value === "string" ? value : null;
}

function num(value: JsonValue | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
