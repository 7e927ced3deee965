/**
 * Reading the hazard log: YAML text in, the hazards and every problem (with its line) out.
 * This is the one entry point the app, the command line and the tests use.
 */
import { LineCounter } from "yaml";
import { parseYamlBounded } from "../config/yaml-limits.js";
import type { HazardSummary, Problem } from "../core/types.js";
import { lintHazardDocument, type HazardLogOptions } from "./lint.js";
import type { Hazard } from "./schema.js";

/**
 * A valid log, or an invalid one with its problems. An invalid result still carries the entries that
 * passed the schema, so a caller can show what it could read — but the gate must treat the log as invalid.
 */
export type HazardLogResult = { ok: true; hazards: Hazard[]; problems: [] } | { ok: false; hazards: Hazard[]; problems: Problem[] };

/**
 * Parses and lints a hazard log.
 * @param text the file's content
 * @param file its repository path, copied into every problem
 * @param opts the configured id pattern and (optionally) the team's risk matrix
 */
export function parseHazardLog(text: string, file: string, opts: HazardLogOptions): HazardLogResult {
  const lineCounter = new LineCounter();
  // prettyErrors off: the position goes in `line`, so the message need not repeat it with a code excerpt.
  const parsed = parseYamlBounded(text, { lineCounter, prettyErrors: false });
  // Too large or too deeply nested to read safely (see yaml-limits.ts): nothing of it is read.
  if (!parsed.ok) {
    return {
      ok: false,
      hazards: [],
      problems: [{ file, path: "", line: lineCounter.linePos(parsed.offset).line, message: `the hazard log cannot be read: ${parsed.message}` }],
    };
  }
  const doc = parsed.doc;
  if (doc.errors.length > 0) {
    // A document with syntax errors may have been read in part, in ways the author did not mean:
    // report the syntax and nothing else rather than lint a guess.
    const problems = doc.errors.map((e) => ({
      file,
      path: "",
      line: lineCounter.linePos(e.pos[0]).line,
      message: `YAML syntax error: ${e.message}`,
    }));
    return { ok: false, hazards: [], problems };
  }
  const { hazards, problems } = lintHazardDocument(doc, lineCounter, file, opts);
  return problems.length === 0 ? { ok: true, hazards, problems: [] } : { ok: false, hazards, problems };
}

/** The minimal view of a hazard the gate's core and its renderings use. */
export function toSummary(h: Hazard): HazardSummary {
  return {
    id: h.id,
    title: h.title,
    status: h.status,
    initialRating: h.initialRating,
    residualRating: h.residualRating,
    code: [...h.code],
  };
}
