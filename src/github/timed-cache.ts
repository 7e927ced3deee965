/**
 * Answers remembered until a time, bounded in number (a repository's open pull requests, a person's team
 * memberships; `AccessCache` is this for "can read"). Entries beyond the bound are dropped oldest first, so
 * many sign-ins cannot grow memory without end. Values are shared between readers and must not be changed.
 */
export class TimedCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(private readonly maxEntries = 1_000) {}

  /** The remembered value, or undefined when there is none or it has expired. */
  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Remembers a value until `expiresAt`. */
  set(key: string, value: V, expiresAt: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt });
    // Map iteration is insertion order, so the first keys are the oldest.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  /** How many values are held (expired ones included until they are next looked at or pushed out). */
  get size(): number {
    return this.entries.size;
  }
}
