// Texts in which a pattern is tried for zero-length matches: empty, an id in the default style, and a
// mix of the characters PR text is made of, so that lookarounds and `x*` both get a chance to show it.
const SAMPLES = ["", "HAZ-001", "Fixes HAZ-0042 (see hazard-log.yml), 12 x_y.\n"];

/**
 * Why `source` cannot serve as `hazard_log.id_pattern`, or undefined when it can. It must compile as a
 * JavaScript RegExp (that is how mentions are found) and must never match the empty string: a
 * zero-length match would make every text "mention" a hazard with an empty id.
 */
export function idPatternProblem(source: string): string | undefined {
  if (source.trim() === "") return "must not be empty";
  let regex: RegExp;
  try {
    regex = new RegExp(source, "g");
  } catch (error) {
    // V8 says "Invalid regular expression: /(/g: Unterminated group": keep only the reason.
    const reason = error instanceof Error ? (error.message.split(": ").pop() ?? error.message) : String(error);
    return `is not a valid regular expression (${reason})`;
  }
  for (const sample of SAMPLES) {
    for (const match of sample.matchAll(regex)) {
      if (match[0] === "") return "must not match the empty string (every text would seem to name a hazard)";
    }
  }
  return undefined;
}
