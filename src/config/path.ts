/** One step of a path into a document: a mapping key or a list index. */
export type PathSegment = string | number;

// Keys that read unambiguously after a dot; anything else (spaces, dots, quotes) is bracketed and quoted.
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Formats a path the way a person points into a YAML file: `rules[0].requires[1]`, `sign_off.author_may_sign`,
 * `roles["clinical safety"]`. The empty path (the whole file) is "".
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && PLAIN_KEY.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}
