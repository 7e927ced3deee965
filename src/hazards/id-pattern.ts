/**
 * The configured hazard id pattern (`hazard_log.id_pattern`, e.g. `HAZ-\d{3,}`) turned into the two
 * regular expressions it is used as. The pattern is wrapped in a non-capturing group so that an
 * alternation in it (`HAZ-\d+|RISK-\d+`) is anchored or bounded as a whole, not just its outer branches.
 */

/**
 * Matches a whole id and nothing else: `HAZ-0071x` does not pass as `HAZ-007…`.
 * @throws SyntaxError when the pattern is not a valid regular expression.
 */
export function anchoredIdPattern(idPattern: string): RegExp {
  return new RegExp(`^(?:${valid(idPattern)})$`);
}

/**
 * The pattern, once it has compiled on its own: wrapped first, `)(` would close the wrapping group and pass
 * as a valid pattern with another meaning.
 */
function valid(idPattern: string): string {
  new RegExp(idPattern);
  return idPattern;
}

/**
 * Finds ids as whole words in prose: not preceded or followed by a letter, digit or underscore, so
 * `XHAZ-007` and `HAZ-0071` (under `HAZ-\d{3}`) are not taken for `HAZ-007`.
 * @throws SyntaxError when the pattern is not a valid regular expression.
 */
export function idSearchPattern(idPattern: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_])(?:${valid(idPattern)})(?![A-Za-z0-9_])`, "g");
}
