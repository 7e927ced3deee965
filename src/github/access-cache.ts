import { createHash } from "node:crypto";
import { TimedCache } from "./timed-cache.js";

/**
 * Remembers, briefly, whether a person's token can read a repository: every page asks, and a page that
 * lists a hundred PRs of the same repository must not cost a hundred GitHub calls. Brief, because access
 * can be taken away: a minute later the next page asks GitHub again.
 *
 * Keys hold a hash of the token, not the token, so a heap dump or a debugger view of the cache shows no
 * credential.
 */

/** Entries beyond this are dropped oldest first: a bound, so many sign-ins cannot grow memory without end. */
const DEFAULT_MAX_ENTRIES = 10_000;

/** A time-bounded map of (token, repository) → can read. */
export class AccessCache extends TimedCache<boolean> {
  constructor(maxEntries = DEFAULT_MAX_ENTRIES) {
    super(maxEntries);
  }

  /** The key for a token and an `owner/name` (case-insensitive, as GitHub's names are). */
  static key(token: string, repo: string): string {
    return `${createHash("sha256").update(token).digest("hex")}:${repo.toLowerCase()}`;
  }
}
