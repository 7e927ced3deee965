/**
 * A merge's verification evidence (IEC 62304 §8.2.3) as the pages show it: the other check runs and commit
 * statuses on the merged head, and a warning when one was failing or had no result at merge.
 */
import type { VerificationEvidence } from "../../audit/evidence.js";
import { verificationFlags } from "../../audit/verification.js";
import { html, type Html } from "../html.js";

/** The checks as a list with each one's result, after a warning that names each failing or missing one. */
export function verificationBlock(v: VerificationEvidence | null): Html {
  if (v === null) return html`<span class="muted">not recorded (a merge recorded before the app kept its checks)</span>`;
  const flags = verificationFlags(v);
  const warning =
    flags.length === 0 ? "" : html`<p role="alert"><span class="badge warn">Merged with a check failing or missing</span> ${flags.join("; ")}.</p>`;
  if (v.checks.length === 0) {
    return html`${warning}${v.error === null ? html`<span class="muted">no other check or status on the merged head</span>` : ""}`;
  }
  const items = v.checks.map(
    (c) =>
      html`<li>${c.verdict === "ok" ? html`<span class="badge ok">${c.result}</span>` : html`<span class="badge warn">${c.result.replace(/_/g, " ")}</span>`} ${c.name}${c.app === null ? "" : html` <span class="muted">(${c.app})</span>`}${c.kind === "status" ? html` <span class="muted">commit status</span>` : ""}</li>`,
  );
  return html`${warning}<ul class="plain">${items}</ul>`;
}

/** A short cell for tables: passed, or a warning naming what failed or was missing. */
export function verificationCell(v: VerificationEvidence | null): Html {
  if (v === null) return html`<span class="muted">not recorded</span>`;
  const flags = verificationFlags(v);
  if (flags.length > 0) return html`<span class="badge warn">check failing or missing</span> ${flags.join("; ")}`;
  return v.checks.length === 0 ? html`<span class="muted">no other checks</span>` : html`${v.checks.length} passed`;
}
