/**
 * Options the renderings accept, and the caps that keep them inside GitHub's size limits.
 */
import type { RoleContacts } from "../core/reviewers.js";
import type { RatingMeaning } from "./rating.js";
import { ratingMeaning } from "./rating.js";

/** What a caller may pass to {@link renderComment} and {@link renderCheckRun}. */
export interface RenderOptions {
  /** Link to this PR's page of the audit trail; omitted when not given or not an http(s) URL. */
  auditUrl?: string;
  /**
   * Where the hazard log lives, to tell people where an unknown id is missing from. The evaluation does not
   * carry it, so the default path is assumed when the caller does not pass the configured one.
   */
  hazardLogPath?: string;
  /** Meaning of a risk rating, when the team's matrix uses other words than DCB0129's. */
  ratingMeaning?: RatingMeaning;
  /** Who can give each sign-off still needed (core/reviewers.ts), named in "what happens next". */
  contacts?: Readonly<Record<string, RoleContacts>>;
}

/** How much of each list and each free text a rendering shows before it says "and N more". */
export interface Caps {
  /** Items of any list (rules, hazards, sign-offs, objections, problems). */
  items: number;
  /** Files (match reasons) shown per rule, and per proposed hazard. */
  files: number;
  /** Characters of one piece of free text (a title, a reason, a question). */
  text: number;
}

/**
 * Caps from generous to terse. A rendering first tries the generous caps and only falls back to tighter
 * ones when the result would not fit, so ordinary PRs show everything.
 */
export const CAP_LEVELS: readonly Caps[] = [
  { items: 50, files: 20, text: 500 },
  { items: 10, files: 5, text: 200 },
  { items: 3, files: 2, text: 80 },
];

/** The default hazard log path (PRODUCT.md). */
export const DEFAULT_HAZARD_LOG_PATH = "docs/safety/hazard-log.yml";

/** Everything a section renderer needs besides the evaluation. */
export interface RenderContext {
  caps: Caps;
  hazardLogPath: string;
  meaning: RatingMeaning;
  contacts: Readonly<Record<string, RoleContacts>>;
}

/** Builds the context for one attempt at the given cap level. */
export function renderContext(options: RenderOptions, caps: Caps): RenderContext {
  return {
    caps,
    hazardLogPath: options.hazardLogPath ?? DEFAULT_HAZARD_LOG_PATH,
    meaning: options.ratingMeaning ?? ratingMeaning,
    contacts: options.contacts ?? {},
  };
}

/**
 * The audit link as a Markdown link destination, or undefined when the URL is not a plain http(s) URL
 * (it is configuration, but a `javascript:` link in a safety comment is never right).
 */
export function auditHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return undefined;
  // Parentheses and spaces would end a Markdown link destination early.
  return parsed.href.replace(/\(/g, "%28").replace(/\)/g, "%29").replace(/ /g, "%20");
}
