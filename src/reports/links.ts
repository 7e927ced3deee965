/**
 * Addresses of the audit pages, shared by the pages and the reports that link to them. Pure.
 */
import type { HistoryRow } from "./read-model.js";

/**
 * A link target inside the app: path segments percent-encoded one by one (so a `/` or `?` in a value
 * cannot change which page is meant) and the query built by URLSearchParams; empty values are left out so
 * that links stay short. The result is text: the pages' `html` template escapes it when it goes into `href="…"`.
 */
export function appPath(segments: readonly (string | number)[], query: Readonly<Record<string, string | undefined>> = {}): string {
  const path = `/${segments.map((s) => encodeURIComponent(String(s))).join("/")}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(key, value);
  const search = params.toString();
  return search === "" ? path : `${path}?${search}`;
}

/** The audit page of a PR. */
export function pullPath(repo: string, pr: number): string {
  return appPath(["audit", ...repo.split("/"), "pull", pr]);
}

/** The evidence page of a direct push, named by the commit it left the branch at. */
export function pushPath(repo: string, sha: string): string {
  return appPath(["audit", ...repo.split("/"), "push", sha]);
}

/** The absolute address of a change's audit page: a PR's, or a direct push's (null when its commit is unknown). */
export function auditUrl(row: Pick<HistoryRow, "repo" | "pr"> & { headSha?: string | null }, publicUrl: string): string | null {
  const path = row.pr !== null ? pullPath(row.repo, row.pr) : row.headSha ? pushPath(row.repo, row.headSha) : null;
  return path === null ? null : `${publicUrl.replace(/\/+$/, "")}${path}`;
}
