/**
 * "Hazard log changes": what a PR does to the hazard log, so the CSO approving it sees exactly what they
 * approve — hazards added, closed, re-scored, fields changed, and any deleted (which blocks).
 */
import type { Evaluation } from "../core/types.js";
import type { RenderContext } from "./options.js";
import { describeRating } from "./rating.js";
import { capped, code, plural } from "./text.js";

const rating = (r: { from: number; to: number } | undefined, ctx: RenderContext) =>
  r ? `${describeRating(r.from, ctx.meaning)} → ${describeRating(r.to, ctx.meaning)}` : undefined;

/** The section's Markdown lines; none when the PR leaves the log alone. */
export function renderHazardLogChanges(e: Evaluation, ctx: RenderContext): string[] {
  const diff = e.hazards.logDiff;
  if (!diff) return [];
  const { added, removed, closed, rescored, changed } = diff;
  if (added.length + removed.length + closed.length + rescored.length + changed.length === 0) {
    return ["### Hazard log changes", "", `No hazard in ${code(ctx.hazardLogPath, 200)} is added, removed or changed by this PR.`];
  }
  const more = (n: number) => `- …and ${plural(n, "more")}`;
  const lines = ["### Hazard log changes", "", `This PR changes ${code(ctx.hazardLogPath, 200)}, which always needs the CSO's sign-off.`, ""];
  lines.push(
    ...capped(
      removed,
      ctx.caps.items,
      (id) => `- ⛔ **Deleted** ${code(id, 100)} — hazards are never deleted; restore it and close it with a justification.`,
      more,
    ),
  );
  lines.push(...capped(added, ctx.caps.items, (id) => `- **Added** ${code(id, 100)}`, more));
  lines.push(...capped(closed, ctx.caps.items, (id) => `- **Closed** ${code(id, 100)}`, more));
  lines.push(
    ...capped(
      rescored,
      ctx.caps.items,
      (r) => {
        const parts = [
          r.initial ? `initial ${rating(r.initial, ctx)}` : undefined,
          r.residual ? `residual ${rating(r.residual, ctx)}` : undefined,
        ].filter(Boolean);
        return `- **Re-scored** ${code(r.id, 100)}: ${parts.join("; ")}`;
      },
      more,
    ),
  );
  lines.push(...capped(changed, ctx.caps.items, (c) => `- **Changed** ${code(c.id, 100)}: ${c.fields.map((f) => code(f, 60)).join(", ")}`, more));
  return lines;
}
