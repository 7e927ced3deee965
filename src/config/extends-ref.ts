/** Where the configuration file lives in a repository (also the default path of an `_extends` base). */
export const CONFIG_PATH = ".github/clinical-safety.yml";

/** A parsed `_extends` value: which file a configuration builds on. */
export interface ExtendsRef {
  /** Absent for the short form `repo`, which means "same owner as the extending file". */
  owner?: string;
  repo: string;
  path: string;
}

// The three forms Probot's `context.config` accepts: `repo`, `owner/repo`, `owner/repo:path/file.yml`.
// Owner follows GitHub's login rules (no leading, trailing or double hyphen; at most 39 characters).
const OWNER = "[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}";
const REPO = "[A-Za-z0-9._-]+";
const FILE = "[A-Za-z0-9._/-]+\\.ya?ml";
const EXTENDS_PATTERN = new RegExp(`^(?:(${OWNER})/)?(${REPO})(?::(${FILE}))?$`);

/** What a person should write, for messages. */
export const EXTENDS_FORMS = '"repo", "owner/repo" or "owner/repo:path/to/file.yml"';

/**
 * Parses an `_extends` value, or returns undefined when it is none of the accepted forms. A path that
 * climbs out of the repository (`..`) or is absolute is refused rather than passed to the API.
 */
export function parseExtendsRef(value: string): ExtendsRef | undefined {
  const match = EXTENDS_PATTERN.exec(value.trim());
  if (!match) return undefined;
  const [, owner, repo, path] = match;
  if (repo === undefined || repo === "." || repo === "..") return undefined;
  if (path !== undefined && (path.startsWith("/") || path.split("/").some((part) => part === ".." || part === ""))) {
    return undefined;
  }
  return { ...(owner === undefined ? {} : { owner }), repo, path: path ?? CONFIG_PATH };
}
