/**
 * Which base branches the gate protects (`branches:` in the configuration; default: the default branch).
 * A PR into another base is left alone with a neutral check that says why, and a merge into one is not a
 * bypass. Pure. Entries are branch names or globs (`release/*`); a `*` does not cross a `/`, as in the
 * patterns of GitHub's rulesets.
 */
import { compileGlob } from "./glob.js";
import type { GateConfig } from "./types.js";

/** A `refs/heads/x` ref as the branch name `x`; anything else as it is. */
export function branchName(ref: string): string {
  return ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : ref;
}

/** The branches the configuration protects, as written, or the default branch when it names none. */
export function protectedBranches(config: Pick<GateConfig, "branches">, defaultBranch: string): string[] {
  return config.branches && config.branches.length > 0 ? [...config.branches] : [defaultBranch];
}

/**
 * Whether the gate protects `base`. Without a default branch to fall back on (a caller that cannot tell), a
 * configuration that names no branches protects every base: when in doubt, the gate applies.
 */
export function protectsBranch(config: Pick<GateConfig, "branches">, base: string, defaultBranch: string | undefined): boolean {
  const name = branchName(base);
  if (!config.branches || config.branches.length === 0) return defaultBranch === undefined || name === defaultBranch;
  return config.branches.some((pattern) => compileGlob(pattern)(name));
}
