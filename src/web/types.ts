/**
 * The contract between the audit pages' HTTP side (sign-in, sessions, access checks: `src/web/auth/`,
 * `src/web/router.ts`) and the pages themselves (`src/web/pages/`). The router authenticates the person and
 * hands the page a request that can only see what that person may read.
 */
import type { UserGitHub } from "../github/user-github.js";
import type { AuditStore } from "../store/audit-store.js";
import type { SigningDeps } from "./pages/sign-deps.js";

export type { UserGitHub };

/** A request for a page under `/audit`, from a signed-in person. */
export interface PageRequest {
  method: string;
  /** The full URL (path and query), e.g. `/audit/acme/eprescribe/pull/7?format=json`. */
  url: URL;
  github: UserGitHub;
  /**
   * For the signing pages (`…/pull/{n}/sign`, `…/release/approve`): the session's GitHub sign-in time, the
   * token its forms carry, and the form posted — given only on those routes, and a POST only after the router
   * checked that it carries the session's token.
   */
  signer?: SignerContext;
}

/** What the router tells a signing page about the session and the request. */
export interface SignerContext {
  /** When the GitHub sign-in behind the session happened (epoch ms); undefined for a session from before that was kept. */
  signedInAt: number | undefined;
  /** The token the page's forms must carry (web/auth/csrf.ts). */
  csrf: string;
  /** The posted form (application/x-www-form-urlencoded), on a POST. */
  form?: URLSearchParams;
}

/** What a page answers. `body` is HTML, CSV, JSON or Markdown as `headers["content-type"]` says. */
export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** A binary body (a PDF), sent instead of `body` when present. */
  bytes?: Uint8Array;
}

/** What the pages read from. */
export interface PageDeps {
  audit: AuditStore;
  /** The service's own address (PUBLIC_URL), for absolute links. */
  publicUrl: string;
  /** Clock, for "last 12 months" defaults and the like. */
  now: () => Date;
  /** What the signing pages need (the app's GitHub access, the inbox); absent: signing is not offered here. */
  signing?: SigningDeps;
  /**
   * Prints a page's HTML to PDF (the release report's `format=pdf`); default: headless Chromium at
   * `CHROMIUM_PATH` when that is set, else none (the PDF is answered 501).
   */
  printPdf?: (html: string) => Promise<Uint8Array>;
}

/** The pages' entry point: the router calls it for every authenticated request under `/audit`. */
export type RenderPage = (request: PageRequest, deps: PageDeps) => Promise<PageResponse>;
