/**
 * One record of a PR's evidence trail, in words: what happened and the details an auditor checks (the
 * question and the answer, the hazard and its rating, the role, the commit and the meaning of a
 * signature). Every value comes from the record's `data` through the defensive readers.
 */
import type { MatchReason } from "../../core/types.js";
import type { AuditRecord, JsonObject } from "../../audit/record.js";
import { html, type Html } from "../html.js";
import { hazardPath } from "./components.js";
import { riskText, shaElement, timeElement } from "./format.js";
import { formatTime } from "../../reports/text.js";
import { reviewDecisionText } from "../../core/bypass-review.js";
import { asObject, flag, list, numberOrNull, readBypass, readHazard, readMerge, readSignOff, text, texts } from "../../reports/evidence-read.js";

/** A record as a row of the trail: a short name of the event and its details. */
export interface TrailItem {
  event: string;
  details: Html;
}

/** Describes `record` (one of a PR's records; links go to pages of its repository). */
export function trailItem(record: AuditRecord): TrailItem {
  const d = record.data;
  switch (record.kind) {
    case "classification":
      return classification(d);
    case "answer": {
      const answer = d.answer === "yes" || d.answer === "no" ? d.answer : "cleared";
      const notes = [flag(d, "draft") && "while the PR was a draft", flag(d, "checklistComplete") && "completed the checklist"].filter(Boolean);
      return {
        event: "Checklist answer",
        details: html`<p>${text(d, "question") || text(d, "questionId")} <code>${text(d, "questionId")}</code></p>
          <p>
            Answer: <strong>${answer}</strong> (by
            ${text(d, "via") === "command" ? "command" : "checkbox"})${notes.length ? html` · ${notes.join(" · ")}` : ""}
          </p>
          ${text(d, "reason") ? html`<p>Because: ${text(d, "reason")}</p>` : ""}`,
      };
    }
    case "hazard-link": {
      const hazard = readHazard(d.hazard);
      const id = text(d, "hazardId") || hazard?.id || "";
      const known = flag(d, "known", hazard !== undefined);
      const command = text(d, "command");
      return {
        event: command === "unlink" ? "Hazard unlinked" : "Hazard linked",
        details: html`<p>
            <a href="${hazardPath(record.repo, id)}">${id}</a>${hazard?.title ? html` ${hazard.title}` : ""}${
              known ? "" : html` <span class="badge warn">not in the hazard log</span>`
            }
          </p>
          ${hazard ? html`<p>Residual risk ${riskText(hazard.residualRating)} · status ${hazard.status}</p>` : ""}
          ${text(d, "source") ? html`<p class="muted">${command ? "By" : "Written in"} ${text(d, "source")}</p>` : ""}`,
      };
    }
    case "sign-off":
      return {
        event: "Sign-off",
        details: html`<p>As <strong>${text(d, "role")}</strong> on commit ${shaElement(record.headSha)}</p>
          ${text(d, "name") ? html`<p>Signed by ${text(d, "name")} (${record.actor})</p>` : ""}
          <p>Meaning: ${text(d, "meaning")}</p>
          ${signedHow(d)}`,
      };
    case "revocation":
      return { event: "Sign-off revoked", details: html`<p>Role <strong>${text(d, "role")}</strong></p>` };
    case "objection":
      return { event: "Objection", details: html`<p>As <strong>${text(d, "role")}</strong>: ${text(d, "reason")}</p>` };
    case "not-relevant":
      return { event: "Cleared as not relevant", details: html`<p>As <strong>${text(d, "role")}</strong>: ${text(d, "reason")}</p>` };
    case "objection-withdrawn":
      return {
        event: "Objection withdrawn",
        details: html`<p>As <strong>${text(d, "role")}</strong>${text(d, "reason") ? html`: ${text(d, "reason")}` : ""}</p>`,
      };
    case "void": {
      const s = readSignOff(d.signOff);
      return {
        event: "Sign-off voided",
        details: html`${s ? html`<p>${s.role} sign-off by ${s.actor} on commit ${shaElement(s.headSha)}</p>` : ""}
          <p>${text(d, "detail") || text(d, "reason")}</p>`,
      };
    }
    case "check-conclusion":
      return {
        event: `Check: ${text(d, "conclusion") || "unknown"}`,
        details: html`<p>${text(d, "checkTitle")}</p>
          <p class="muted">Gate state ${text(d, "state")} on commit ${shaElement(record.headSha)}</p>`,
      };
    case "head":
      return {
        event: "New head commit",
        details: html`<p>
          Commit ${shaElement(record.headSha)} became the PR's head
          (${text(d, "via") === "event" ? "as the webhook reported it" : "when the gate read the PR"})
        </p>`,
      };
    case "merge": {
      const m = readMerge(d, record.at);
      return {
        event: "Merged",
        details: html`<p>
            ${m.passed ? html`<span class="badge ok">Gate passed</span>` : html`<span class="badge warn">Gate not passed</span> ${m.gate.headline}`}
          </p>
          <p>
            Merge commit ${shaElement(m.mergeSha)} of head ${shaElement(m.headSha)} into ${m.baseRef || "the base branch"} · risk ${riskText(m.risk)}
          </p>`,
      };
    }
    case "merge-group":
      return {
        event: `Merge queue: ${text(d, "conclusion") || "unknown"}`,
        details: html`<p>${text(d, "checkTitle")}</p>
          <p class="muted">
            Group commit ${shaElement(record.headSha)} into ${text(d, "baseRef")}, this PR queued at ${shaElement(text(d, "queuedHead"))}${
              flag(d, "passed") ? "" : html` · ${text(d, "reason")}`
            }
          </p>`,
      };
    case "bypass": {
      const b = readBypass(d);
      return {
        event: "Bypass",
        details: html`<p>
            <span class="badge warn">Bypass</span> ${b.reason === "direct-push" ? "direct push" : "merged without a passing gate"}: ${b.detail}
          </p>
          ${
            b.files.length
              ? html`<ul class="plain">
                  ${b.files.map((f) => html`<li><code>${f}</code></li>`)}
                </ul>`
              : ""
          }
          ${b.issue === null ? "" : html`<p>Reported in issue #${b.issue}</p>`}`,
      };
    }
    case "bypass-review": {
      const decision = reviewDecisionText(text(d, "decision"));
      return {
        event: "Bypass reviewed",
        details: html`<p>
            <span class="badge">Bypass — reviewed</span> by <strong>${record.actor}</strong> on ${formatTime(record.at)}
            (<strong>${decision}</strong>): ${text(d, "reason")}
          </p>`,
      };
    }
    case "release-approval":
      // A release's record names no PR, so a PR's trail holds none; described all the same for any list of records.
      return {
        event: "Release approved",
        details: html`<p>
          <code>${text(d, "from")}</code> → <code>${text(d, "to")}</code> by <strong>${record.actor}</strong> on ${formatTime(record.at)}:
          ${text(d, "meaning")}
        </p>`,
      };
    case "review-request": {
      const refused = text(d, "outcome") === "failed";
      return {
        event: refused ? "Review request refused by GitHub" : "Reviews requested",
        details: html`<p>From the teams ${texts(d, "teams").join(", ")}${refused ? html`: ${text(d, "error")}` : ""}</p>`,
      };
    }
  }
}

function classification(d: JsonObject): TrailItem {
  const rules = list(d, "rules").flatMap((v) => {
    const o = asObject(v);
    if (o === undefined) return [];
    const reasons = list(o, "reasons").flatMap((r) => {
      const reason = asObject(r);
      return reason === undefined ? [] : [matchReason(reason as unknown as MatchReason)];
    });
    return [
      html`<li>
        Rule <strong>${text(o, "ruleId")}</strong>${
          reasons.length
            ? html`:
                <ul>
                  ${reasons.map((r) => html`<li>${r}</li>`)}
                </ul>`
            : ""
        }
      </li>`,
    ];
  });
  const roles = texts(d, "requiredRoles");
  return {
    event: `Classified: ${text(d, "state") || "unknown"}`,
    details: html`<p>${text(d, "headline")}${flag(d, "draft") ? html` <span class="badge">draft</span>` : ""}</p>
      ${
        rules.length
          ? html`<ul>
              ${rules}
            </ul>`
          : ""
      }
      ${roles.length ? html`<p>Sign-off required from: ${roles.join(", ")}</p>` : ""}`,
  };
}

/** Why a rule matched, in words. The object comes from the trail, so each field is checked. */
function matchReason(reason: MatchReason): Html {
  const o = reason as unknown as JsonObject;
  switch (reason.kind) {
    case "path":
      return html`<code>${text(o, "file")}</code> matches <code>${text(o, "pattern")}</code>${flag(o, "viaRename") ? " (under its old name)" : ""}`;
    case "label":
      return html`label <code>${text(o, "label")}</code>`;
    case "label-removed":
      return html`label <code>${text(o, "label")}</code>, since removed (relevant until cleared)`;
    case "truncated":
      return html`GitHub listed only ${numberOrNull(o, "listed") ?? "?"} of ${numberOrNull(o, "total") ?? "?"} files, so the unlisted ones count as
      relevant`;
    case "governance":
      return html`changes <code>${text(o, "file")}</code>, which governs the gate itself`;
    default:
      return html`${text(o, "kind")}`;
  }
}

/**
 * How a sign-off was made (21 CFR 11.200 asks it of a signature): on the audit page after a fresh GitHub
 * sign-in, with its rationale, or by a comment. Records from before `method` existed were all comments, but
 * they are shown as they are: without a line.
 */
function signedHow(d: JsonObject): Html | "" {
  const method = text(d, "method");
  if (method === "audit-page") {
    const signedInAt = text(d, "signedInAt");
    const rationale = text(d, "rationale");
    return html`<p>Signed on the audit page${signedInAt ? html` after a GitHub sign-in at ${timeElement(signedInAt)}` : ""}</p>${rationale ? html`<p>Rationale: ${rationale}</p>` : ""}`;
  }
  if (method === "comment") return html`<p>Signed by a <code>/safety sign-off</code> comment</p>`;
  return "";
}
