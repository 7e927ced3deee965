import { createHash } from "node:crypto";

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

interface Entry {
  value: boolean;
  expiresAt: number;
}

/** A time-bounded map of (token, repository) → can read. */
export class AccessCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  /** The key for a token and an `owner/name` (case-insensitive, as GitHub's names are). */
  static key(token: string, repo: string): string {
    return `${createHash("sha256").update(token).digest("hex")}:${repo.toLowerCase()}`;
  }

  /** The remembered answer, or undefined when there is none or it has expired. */
  get(key: string, now: number): boolean | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Remembers an answer until `expiresAt`. */
  set(key: string, value: boolean, expiresAt: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt });
    // Map iteration is insertion order, so the first keys are the oldest.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  /** How many answers are held (expired ones included until they are next looked at or pushed out). */
  get size(): number {
    return this.entries.size;
  }
}
