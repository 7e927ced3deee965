/**
 * The contract between the audit pages' HTTP side (sign-in, sessions, access checks: `src/web/auth/`,
 * `src/web/router.ts`) and the pages themselves (`src/web/pages/`). The router authenticates the person and
 * hands the page a request that can only see what that person may read.
 */
import type { AuditStore } from "../store/audit-store.js";

/** GitHub as the signed-in person sees it (their own OAuth token): what the pages may ask of it. */
export interface UserGitHub {
  /** The person's login. */
  login: string;
  /** Whether the person can read `owner/name` (cached briefly). A missing repository is simply false. */
  canRead(repo: string): Promise<boolean>;
  /** A file's text at a ref (default branch when omitted); null when absent or unreadable. */
  getFile(repo: string, path: string, ref?: string): Promise<string | null>;
  /**
   * The commit SHAs reachable from `to` but not from `from` (GitHub's compare `from...to`), for the release
   * report; null when either ref does not exist.
   */
  commitsBetween(repo: string, from: string, to: string): Promise<string[] | null>;
}

/** A request for a page under `/audit`, from a signed-in person. */
export interface PageRequest {
  method: string;
  /** The full URL (path and query), e.g. `/audit/acme/eprescribe/pull/7?format=json`. */
  url: URL;
  github: UserGitHub;
}

/** What a page answers. `body` is HTML, CSV, JSON or Markdown as `headers["content-type"]` says. */
export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the pages read from. */
export interface PageDeps {
  audit: AuditStore;
  /** The service's own address (PUBLIC_URL), for absolute links. */
  publicUrl: string;
  /** Clock, for "last 12 months" defaults and the like. */
  now: () => Date;
}

/** The pages' entry point: the router calls it for every authenticated request under `/audit`. */
export type RenderPage = (request: PageRequest, deps: PageDeps) => Promise<PageResponse>;
