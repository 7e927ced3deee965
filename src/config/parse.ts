import type { GateConfig, Problem } from "../core/types.js";
import { CONFIG_PATH } from "./extends-ref.js";
import { issuesToProblems, type Locator } from "./issues.js";
import { configSchema } from "./schema.js";
import { readYaml } from "./yaml-source.js";

export type { Locator, SourceLocation } from "./issues.js";

/** A configuration that is valid (defaults applied), or every problem that makes it invalid. */
export type ConfigResult = { ok: true; config: GateConfig } | { ok: false; problems: Problem[] };

/**
 * Parses the text of one configuration file. Never throws: YAML syntax errors, an empty file, a top level
 * that is not a mapping and every schema problem come back as problems with their path and line.
 * An `_extends` key is checked for its form only (following it needs the network: see `load.ts`).
 */
export function parseConfig(text: string, file: string = CONFIG_PATH): ConfigResult {
  const source = readYaml(text, file);
  if (!source.ok) return { ok: false, problems: source.problems };
  return parseConfigObject(source.value, file, source.lineOf);
}

/**
 * Validates configuration data that is already plain (e.g. several files merged by the loader).
 * `lineOf` maps a path to its line in `file`, or to a file and line when the data came from several files.
 */
export function parseConfigObject(obj: unknown, file: string, lineOf?: Locator): ConfigResult {
  // reportInput: the offending value is quoted back in messages ("expected true or false, got \"yes\"").
  const result = configSchema.safeParse(obj, { reportInput: true });
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, problems: issuesToProblems(result.error.issues, file, lineOf) };
}
