/**
 * Which page a path names. Pure, so that every accepted and refused path is a line in a table test.
 * Names are checked against what GitHub allows before anything is looked up: a path that could not
 * name a real repository, PR or hazard is simply not a page.
 */

/** A page of the audit site and what its path says. */
export type Route =
  | { page: "history" }
  | { page: "involvement" }
  | { page: "needs-me" }
  | { page: "pull"; repo: string; pr: number }
  | { page: "hazard"; repo: string; hazardId: string }
  | { page: "hazards"; repo: string }
  /** A direct push's evidence, named by the commit it left the branch at (web/pages/push.ts). */
  | { page: "push"; repo: string; sha: string }
  | { page: "release"; repo: string }
  /** Strong signing of a PR's sign-off (web/pages/sign-page.ts): GET shows, POST signs. */
  | { page: "sign"; repo: string; pr: number }
  /** The CSO's release approval (web/pages/release-approval.ts): GET shows, POST approves. */
  | { page: "release-approve"; repo: string };

/** The pages that accept a POST (a signature); every other page only reads. */
export const SIGNING_PAGES: ReadonlySet<Route["page"]> = new Set(["sign", "release-approve"]);

/** GitHub owner and repository names: letters, digits, `-`, `_`, `.` (but not `.` or `..` alone). */
const NAME = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,100}$/;
/** A PR number as PostgreSQL's INTEGER holds it (the trail's `pr` column). */
const PR = /^[1-9][0-9]{0,9}$/;
const MAX_PR = 2 ** 31 - 1;
/** Hazard ids follow a configurable pattern; these characters cover every sensible one (`HAZ-001`). */
const HAZARD_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
/** A full commit SHA as the trail records it: 40 lower-case hex digits. */
const SHA = /^[0-9a-f]{40}$/;

/** The route of `pathname` (as in a URL, percent-encoded), or undefined when it names no page. */
export function matchRoute(pathname: string): Route | undefined {
  const segments = decodeSegments(pathname.replace(/\/$/, ""));
  if (segments === undefined || segments[0] !== "" || segments[1] !== "audit") return undefined;
  const rest = segments.slice(2);
  if (rest.length === 0) return { page: "history" };
  if (rest.length === 1 && rest[0] === "involvement") return { page: "involvement" };
  if (rest.length === 1 && rest[0] === "needs-me") return { page: "needs-me" };
  const [owner, name, kind, id] = rest;
  if (owner === undefined || name === undefined || !NAME.test(owner) || !NAME.test(name)) return undefined;
  const repo = `${owner}/${name}`;
  if (rest.length === 3 && kind === "release") return { page: "release", repo };
  if (rest.length === 3 && kind === "hazards") return { page: "hazards", repo };
  if (rest.length === 4 && kind === "release" && id === "approve") return { page: "release-approve", repo };
  if (rest.length === 5 && kind === "pull" && id !== undefined && PR.test(id) && Number(id) <= MAX_PR && rest[4] === "sign") {
    return { page: "sign", repo, pr: Number(id) };
  }
  if (rest.length !== 4 || id === undefined) return undefined;
  if (kind === "pull" && PR.test(id) && Number(id) <= MAX_PR) return { page: "pull", repo, pr: Number(id) };
  if (kind === "hazard" && HAZARD_ID.test(id)) return { page: "hazard", repo, hazardId: id };
  if (kind === "push" && SHA.test(id)) return { page: "push", repo, sha: id };
  return undefined;
}

function decodeSegments(pathname: string): string[] | undefined {
  try {
    return pathname.split("/").map((s) => decodeURIComponent(s));
  } catch {
    // A malformed escape (`%E0%A4%A`) cannot name anything.
    return undefined;
  }
}
