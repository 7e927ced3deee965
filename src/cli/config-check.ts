/**
 * `clinical-safety config check`: is this configuration file valid, and if not, where is each problem.
 */
import type { Problem } from "../core/types.js";
import { parseConfig } from "../config/parse.js";
import { formatProblem } from "../hazards/lint.js";
import { EXIT, type CommandResult } from "./result.js";

/**
 * A configuration problem as one line: `file:line: path: message`. The path is put before the message
 * because configuration messages ("must name at least one role") do not say which key they are about,
 * and two problems can share a line (`cso: { teams: [..], users: [..] }`).
 */
export function formatConfigProblem(problem: Problem): string {
  const message = problem.path === "" ? problem.message : `${problem.path}: ${problem.message}`;
  return formatProblem({ ...problem, message });
}

/**
 * Validates the text of a configuration file on its own. An `_extends` is checked for its form only:
 * following it needs the GitHub API, so a file that leaves `roles` or `rules` to its base is reported
 * as missing them.
 * @param text the file's content
 * @param file the path to name in the report, as the user gave it
 */
export function checkConfig(text: string, file: string): CommandResult {
  const result = parseConfig(text, file);
  if (result.ok) return { exitCode: EXIT.ok, lines: [`${file}: ok`] };
  return { exitCode: EXIT.problems, lines: result.problems.map(formatConfigProblem) };
}
