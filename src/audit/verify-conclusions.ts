/**
 * The second thing `audit verify` proves, beside the chain: every `success` the gate recorded for a PR is
 * backed by the trail itself — a sign-off record, not revoked, for every role the PR's classification
 * required. A passing check whose approvals are not in the trail (written into some table by hand, or by a
 * bug) is reported, even though every hash is right. Pure; fed record by record, it keeps a little state per
 * PR (the roles required, and the sign-offs standing).
 */
import type { AuditRecord } from "./record.js";

/** A success the trail does not back. */
export interface UnsupportedSuccess {
  record: AuditRecord;
  /** Required roles without a standing sign-off. */
  missing: string[];
}

const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export class ConclusionChecker {
  private readonly prs = new Map<string, { required: string[]; signed: Map<string, Set<string>> }>();
  private readonly found: UnsupportedSuccess[] = [];

  push(r: AuditRecord): void {
    if (r.pr === null) return;
    const key = `${r.repo}#${r.pr}`;
    let pr = this.prs.get(key);
    if (!pr) {
      pr = { required: [], signed: new Map() };
      this.prs.set(key, pr);
    }
    switch (r.kind) {
      case "classification":
        pr.required = texts(r.data.requiredRoles);
        break;
      case "sign-off":
        if (typeof r.data.role === "string") {
          const roles = pr.signed.get(r.actor) ?? new Set<string>();
          roles.add(r.data.role);
          pr.signed.set(r.actor, roles);
        }
        break;
      case "revocation":
        pr.signed.delete(r.actor);
        break;
      case "check-conclusion": {
        if (r.data.conclusion !== "success" || r.data.state !== "pass") break;
        const standing = new Set([...pr.signed.values()].flatMap((roles) => [...roles]));
        const missing = pr.required.filter((role) => !standing.has(role));
        if (missing.length > 0) this.found.push({ record: r, missing });
        break;
      }
    }
  }

  /** Every unsupported success, in chain order. */
  finish(): UnsupportedSuccess[] {
    return [...this.found];
  }
}
