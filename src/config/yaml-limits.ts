/**
 * Reading untrusted YAML within known bounds. The configuration and the hazard log come from files people
 * write (the hazard log from a PR's own branch), and yaml composes nested collections recursively: a
 * 20 KB file of `[[[[…]]]]` or `- - - - …` 10,000 deep exhausts the stack. yaml catches that and reports
 * it, but on Node 20 a second such file in the same process then aborts it ("FATAL ERROR: RegExpCompiler
 * Allocation failed"), which no try/catch can stop: the gate would go down for every repository. So the
 * text is measured before it is composed: its size first, then the nesting of its collections, counted on
 * yaml's own syntax tree, which is built without recursion. Size is also time: yaml reads a megabyte of
 * `[x,x,x,…]` in seconds and five in over a minute (holding the event loop), so the text's length and its
 * number of lexical tokens are bounded too, the tokens counted as they are read so as to stop early.
 * Aliases are bounded as well: yaml resolves each one by searching the document, so 5,000 lines of
 * `kN: &aN [*aM, *aM]` took four minutes to turn into data, well inside the other bounds.
 * The bounds are far above what people write: the 10-hazard sample log is 10 KB and 2,100 tokens, so a log of
 * about 2,500 such hazards still fits (a 2,000-hazard log, 2.1 MB, is read in about a second).
 */
import {
  Composer,
  Lexer,
  Parser,
  YAMLParseError,
  type CST,
  type Document,
  type LineCounter,
  type ParseOptions,
  type DocumentOptions,
  type SchemaOptions,
} from "yaml";

/** What one YAML file may cost: its length in characters and how deep its collections may nest. */
export const YAML_LIMITS = { length: 3_000_000, tokens: 650_000, depth: 64, aliases: 100 } as const;

/** A YAML document, or why it was not read: too large or too deeply nested, with the offset to point at. */
export type BoundedYaml = { ok: true; doc: Document.Parsed } | { ok: false; message: string; offset: number };

/**
 * Parses one YAML document like yaml's `parseDocument`, but refuses, without composing it, a text longer
 * than {@link YAML_LIMITS}.length, of more than {@link YAML_LIMITS}.tokens lexical tokens or whose
 * collections nest deeper than {@link YAML_LIMITS}.depth, or that has more than {@link YAML_LIMITS}.aliases aliases.
 * A second document in the text is an error (`MULTIPLE_DOCS`) as with `parseDocument`; errors are never
 * prettified (`prettyErrors` is ignored): their position is in `pos`, for the caller to turn into a line.
 */
export function parseYamlBounded(text: string, options: ParseOptions & DocumentOptions & SchemaOptions & { lineCounter: LineCounter }): BoundedYaml {
  // The first line starts at 0 (as Parser.parse notes it), so that a refusal's offset has line 1.
  options.lineCounter.addNewLine(0);
  if (text.length > YAML_LIMITS.length) {
    return {
      ok: false,
      offset: 0,
      message: `the file is too large: ${text.length.toLocaleString("en")} characters, at most ${YAML_LIMITS.length.toLocaleString("en")} are read`,
    };
  }
  // What Parser.parse(text) does, with the lexical tokens counted on the way.
  const parser = new Parser(options.lineCounter.addNewLine);
  const tokens: CST.Token[] = [];
  let count = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (++count > YAML_LIMITS.tokens) {
      return { ok: false, offset: parser.offset, message: `the file is too large: more than ${YAML_LIMITS.tokens.toLocaleString("en")} YAML tokens` };
    }
    tokens.push(...parser.next(lexeme));
  }
  tokens.push(...parser.end());
  const shape = measure(tokens);
  if (shape.tooDeep !== undefined) {
    return { ok: false, offset: shape.tooDeep, message: `the file nests lists and mappings more than ${YAML_LIMITS.depth} levels deep` };
  }
  if (shape.tooManyAliases !== undefined) {
    return { ok: false, offset: shape.tooManyAliases, message: `the file has more than ${YAML_LIMITS.aliases} aliases (*name)` };
  }
  let doc: Document.Parsed | undefined;
  for (const next of new Composer(options).compose(tokens, true, text.length)) {
    if (doc === undefined) {
      doc = next;
    } else {
      doc.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], "MULTIPLE_DOCS", "Source contains multiple documents"));
      break;
    }
  }
  // compose(…, forceDoc = true) always yields a document, if only an empty one.
  return { ok: true, doc: doc as Document.Parsed };
}

/** The offsets of a collection nested deeper than the limit and of an alias past the limit, if any. Iterative, on purpose. */
function measure(tokens: readonly CST.Token[]): { tooDeep?: number; tooManyAliases?: number } {
  let aliases = 0;
  // A stack, filled in reverse so that tokens come off it in the order they are written.
  const stack: { token: CST.Token | undefined; depth: number }[] = tokens.map((token) => ({ token, depth: 0 })).reverse();
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { token, depth } = next;
    if (token === undefined) continue;
    if (token.type === "alias" && ++aliases > YAML_LIMITS.aliases) return { tooManyAliases: token.offset };
    if (token.type === "document") {
      stack.push({ token: token.value, depth });
    } else if (token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection") {
      if (depth + 1 > YAML_LIMITS.depth) return { tooDeep: token.offset };
      for (const item of [...token.items].reverse()) {
        stack.push({ token: item.value, depth: depth + 1 });
        if ("key" in item) stack.push({ token: item.key ?? undefined, depth: depth + 1 });
      }
    }
  }
  return {};
}
