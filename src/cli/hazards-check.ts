/**
 * `clinical-safety hazards check`: is this hazard log valid under the repository's configuration.
 *
 * The configuration decides how the log is judged (its id pattern and risk matrix) and where it is by
 * default, so it is read first. Without a configuration file the product's defaults apply, as they do in
 * the app; with an invalid one the log is not judged at all, because it would be judged by rules the
 * team did not choose (every `RISK-12` id flagged against `HAZ-\d{3,}`).
 */
import type { Problem } from "../core/types.js";
import { parseConfig } from "../config/parse.js";
import { DEFAULT_HAZARD_ID_PATTERN, DEFAULT_HAZARD_LOG_PATH } from "../config/schema.js";
import type { HazardLogOptions } from "../hazards/lint.js";
import { formatProblem } from "../hazards/lint.js";
import { parseHazardLog } from "../hazards/parse.js";
import { formatConfigProblem } from "./config-check.js";
import { EXIT, type CommandResult } from "./result.js";

/** A file's path, as the user named it, and its content. */
export interface SourceText {
  file: string;
  text: string;
}

/** How to judge the hazard log, or the configuration problems that leave it unknown. */
export type HazardSettings =
  | {
      ok: true;
      /** Where the log is when the user names no file: the configured `hazard_log.path`. */
      logPath: string;
      options: HazardLogOptions;
    }
  | { ok: false; problems: Problem[] };

/** The settings when the repository has no configuration file: the product's defaults. */
export const DEFAULT_HAZARD_SETTINGS: HazardSettings = Object.freeze({
  ok: true,
  logPath: DEFAULT_HAZARD_LOG_PATH,
  options: Object.freeze({ idPattern: DEFAULT_HAZARD_ID_PATTERN }),
});

/**
 * Reads the hazard-log settings from a configuration file, or gives the defaults when there is none.
 * @param config the configuration file, or undefined when the repository has none
 */
export function hazardSettings(config: SourceText | undefined): HazardSettings {
  if (config === undefined) return DEFAULT_HAZARD_SETTINGS;
  const result = parseConfig(config.text, config.file);
  if (!result.ok) return { ok: false, problems: result.problems };
  const { hazard_log: log, risk_matrix: matrix } = result.config;
  return {
    ok: true,
    logPath: log.path,
    options: matrix === undefined ? { idPattern: log.id_pattern } : { idPattern: log.id_pattern, matrix },
  };
}

/**
 * Lints a hazard log. Valid: one line `file: ok (N hazards)`. Invalid: every problem as
 * `file:line: message`, in file order.
 */
export function checkHazardLog(log: SourceText, options: HazardLogOptions): CommandResult {
  const result = parseHazardLog(log.text, log.file, options);
  if (!result.ok) return { exitCode: EXIT.problems, lines: result.problems.map(formatProblem) };
  const count = result.hazards.length;
  return { exitCode: EXIT.ok, lines: [`${log.file}: ok (${count} ${count === 1 ? "hazard" : "hazards"})`] };
}

/**
 * The report when the configuration is invalid: its problems, then a line saying that the log was not
 * checked and why, so that fixing the configuration is not mistaken for a clean log.
 * @param logFile the log that would have been checked
 */
export function invalidConfigResult(problems: readonly Problem[], logFile: string): CommandResult {
  return {
    exitCode: EXIT.problems,
    lines: [...problems.map(formatConfigProblem), `${logFile}: not checked: the configuration that sets its id pattern and risk matrix is invalid`],
  };
}
