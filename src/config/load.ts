import type { GateConfig, Problem } from "../core/types.js";
import { CONFIG_PATH, EXTENDS_FORMS, parseExtendsRef } from "./extends-ref.js";
import { sortProblems } from "./issues.js";
import { mergeSources, type MergeSource } from "./merge.js";
import { parseConfigObject } from "./parse.js";
import { readYaml } from "./yaml-source.js";

/** Reads a file from a repository; the one GitHub call the loader needs, so tests can supply their own. */
export interface ContentReader {
  /**
   * The file's text and blob SHA, or null when it does not exist (404). `ref` absent means the
   * repository's default branch. Any other failure must throw: it propagates, so that the gate fails
   * closed instead of running without its configuration.
   */
  getFile(owner: string, repo: string, path: string, ref?: string): Promise<{ text: string; sha: string } | null>;
}

/** The repository whose configuration is wanted. */
export interface RepoRef {
  owner: string;
  repo: string;
  defaultBranch: string;
}

/** The outcome of loading: a configuration, the problems with it, or no configuration at all. */
export type LoadedConfig =
  | {
      state: "ok";
      config: GateConfig;
      /** Blob SHA of the repository's own file, or of the org file when that is what was used. */
      sha: string;
      /** Every file read, the one that applies first, then each file it extends in turn. */
      sources: string[];
    }
  | { state: "invalid"; problems: Problem[]; sha?: string }
  | { state: "missing" };

/** How many `_extends` steps a chain may take before it is refused. */
export const MAX_EXTENDS_DEPTH = 5;

/** The repository that holds an organisation's default files. */
const ORG_DEFAULTS_REPO = ".github";

interface FileRef {
  owner: string;
  repo: string;
  path: string;
}

/**
 * Loads a repository's configuration the way Probot's `context.config` does, with the gate's own rules.
 * Read `.github/clinical-safety.yml` from the default branch (never from the PR: a PR cannot weaken its
 * own gate); when it does not exist, the organisation's `.github` repository's copy. Follow `_extends`
 * (at most {@link MAX_EXTENDS_DEPTH} steps, cycles refused), merge mappings key by key with lists
 * replaced and the extending file winning, then validate the result. Problems name the file they are in.
 * Reader failures other than "not found" propagate.
 */
export async function loadConfig(reader: ContentReader, repo: RepoRef): Promise<LoadedConfig> {
  const own: FileRef = { owner: repo.owner, repo: repo.repo, path: CONFIG_PATH };
  let top = await reader.getFile(own.owner, own.repo, own.path, repo.defaultBranch);
  let topRef = own;
  if (top === null && repo.repo.toLowerCase() !== ORG_DEFAULTS_REPO) {
    topRef = { owner: repo.owner, repo: ORG_DEFAULTS_REPO, path: CONFIG_PATH };
    top = await reader.getFile(topRef.owner, topRef.repo, topRef.path);
  }
  if (top === null) return { state: "missing" };

  const label = (ref: FileRef): string => (sameFile(ref, own) ? CONFIG_PATH : `${ref.owner}/${ref.repo}:${ref.path}`);
  const chain = await readChain(reader, { ref: topRef, text: top.text }, label);
  if (!chain.ok) return { state: "invalid", problems: sortProblems(chain.problems, label(topRef)), sha: top.sha };

  const merged = mergeSources(chain.sources);
  // `_extends` has been followed; what remains is the configuration itself.
  delete merged.value._extends;
  const result = parseConfigObject(merged.value, label(topRef), merged.locate);
  if (!result.ok) return { state: "invalid", problems: result.problems, sha: top.sha };
  return { state: "ok", config: result.config, sha: top.sha, sources: chain.sources.map((source) => source.file) };
}

type Chain = { ok: true; sources: MergeSource[] } | { ok: false; problems: Problem[] };

/** Reads the file and every file it extends, in order, stopping at the first that cannot be followed. */
async function readChain(reader: ContentReader, first: { ref: FileRef; text: string }, label: (ref: FileRef) => string): Promise<Chain> {
  const sources: MergeSource[] = [];
  const visited: FileRef[] = [];
  let current = first;
  for (;;) {
    const file = label(current.ref);
    const source = readYaml(current.text, file);
    if (!source.ok) return { ok: false, problems: source.problems };
    sources.push({ file, value: source.value, lineOf: source.lineOf });
    visited.push(current.ref);

    const value = source.value._extends;
    if (value === undefined) return { ok: true, sources };
    const problem = (message: string): Chain => {
      const line = source.lineOf(["_extends"]);
      return { ok: false, problems: [{ file, path: "_extends", ...(line === undefined ? {} : { line }), message }] };
    };

    const parsed = typeof value === "string" ? parseExtendsRef(value) : undefined;
    if (parsed === undefined) return problem(`expected ${EXTENDS_FORMS}`);
    // The short form `repo` means a repository of the same owner as the file that names it.
    const next: FileRef = { owner: parsed.owner ?? current.ref.owner, repo: parsed.repo, path: parsed.path };
    if (visited.some((ref) => sameFile(ref, next))) {
      const cycle = [...visited, next].map(label).join(" → ");
      return problem(`_extends makes a cycle: ${cycle}`);
    }
    if (visited.length > MAX_EXTENDS_DEPTH) {
      return problem(`too many _extends steps: at most ${MAX_EXTENDS_DEPTH} files may be extended in a chain`);
    }
    // Bases are read from their repository's default branch, like the repository's own file.
    const base = await reader.getFile(next.owner, next.repo, next.path);
    if (base === null) return problem(`${label(next)} (named by _extends) was not found, or the app cannot read it`);
    current = { ref: next, text: base.text };
  }
}

/** GitHub owner and repository names are case-insensitive; paths are not. */
function sameFile(a: FileRef, b: FileRef): boolean {
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase() && a.path === b.path;
}
