import { isNotFound, type Octokit } from "./octokit.js";

/**
 * A person's printed name from their GitHub profile (`GET /users/{login}`, `name`), for the record of a
 * sign-off (21 CFR 11.50: the printed name of the signer). Read only when someone signs off, never per event,
 * and reused for a short while. Undefined when the profile has no name or the account is gone (404); any
 * other failure is thrown, like every GitHub failure the gate meets.
 */
export async function profileName(octokit: Octokit, login: string, cache?: ProfileCache): Promise<string | undefined> {
  const key = login.toLowerCase();
  const cached = cache?.get(key);
  if (cached !== undefined) return cached ?? undefined;
  let name: string | null = null;
  try {
    const { data } = await octokit.rest.users.getByUsername({ username: login });
    name = typeof data.name === "string" && data.name.trim() !== "" ? data.name.trim() : null;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  cache?.set(key, name);
  return name ?? undefined;
}

/** Profile names reused briefly (a burst of sign-offs by one person asks once); bounded in size. */
export class ProfileCache {
  private readonly names = new Map<string, { name: string | null; until: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 5 * 60_000,
    private readonly max = 10_000,
  ) {}

  /** The name (null: none on the profile), or undefined when not known or expired. */
  get(login: string): string | null | undefined {
    const entry = this.names.get(login.toLowerCase());
    return entry !== undefined && entry.until > this.now() ? entry.name : undefined;
  }

  set(login: string, name: string | null): void {
    if (this.names.size >= this.max) this.names.clear();
    this.names.set(login.toLowerCase(), { name, until: this.now() + this.ttlMs });
  }
}
