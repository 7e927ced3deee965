import { isAlias, isMap, isScalar, isSeq, LineCounter, type Document, type Node } from "yaml";
import type { Problem } from "../core/types.js";
import type { PathSegment } from "./path.js";
import { parseYamlBounded } from "./yaml-limits.js";

/** Finds the 1-based line of the node at a path, or of its deepest existing ancestor. */
export type LineLocator = (path: readonly PathSegment[]) => number | undefined;

/** A YAML file read into plain data, or the problems that stopped it being read. */
export type YamlSource = { ok: true; value: Record<string, unknown>; lineOf: LineLocator } | { ok: false; problems: Problem[] };

/**
 * Reads a configuration file's YAML into plain data plus a way back from a path to a line, so that the
 * schema's problems can be shown where they are in the file. Syntax errors (including duplicate keys,
 * which YAML would otherwise resolve silently), an empty file and a top level that is not a mapping are
 * problems here, and so is a file too large or too deeply nested to read safely (see yaml-limits.ts);
 * everything else is left to the schema.
 */
export function readYaml(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  const lineAt = (offset: number): number => lines.linePos(offset).line;
  const parsed = parseYamlBounded(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (!parsed.ok) return { ok: false, problems: [{ file, path: "", line: lineAt(parsed.offset), message: `invalid YAML: ${parsed.message}` }] };
  const doc = parsed.doc;

  // Warnings (an unknown tag, say) mean the file does not say what its author thinks: fail closed.
  const syntax = [...doc.errors, ...doc.warnings];
  if (syntax.length > 0) {
    return {
      ok: false,
      problems: syntax.map((error) => ({
        file,
        path: "",
        line: lineAt(error.pos[0]),
        message: `invalid YAML: ${FRIENDLY[error.code] ?? cleanYamlMessage(error.message)}`,
      })),
    };
  }

  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    return { ok: false, problems: [{ file, path: "", message: "the file is empty: it must define at least roles and rules" }] };
  }
  const rootLine = root.range ? lineAt(root.range[0]) : undefined;
  if (!isMap(root)) {
    return {
      ok: false,
      problems: [
        {
          file,
          path: "",
          ...(rootLine === undefined ? {} : { line: rootLine }),
          message: `the top level must be a mapping (roles:, rules:, ...), not ${isSeq(root) ? "a list" : "a single value"}`,
        },
      ],
    };
  }

  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    // toJS refuses alias bombs ("Excessive alias count"); anything it throws is a property of the file.
    return {
      ok: false,
      problems: [{ file, path: "", message: `invalid YAML: ${error instanceof Error ? error.message : String(error)}` }],
    };
  }
  return { ok: true, value: value as Record<string, unknown>, lineOf: (path) => locate(doc, path, lineAt) };
}

// yaml's wording for these speaks to programmers ("please use YAML.parseAllDocuments()").
const FRIENDLY: Partial<Record<string, string>> = {
  DUPLICATE_KEY: "the same key appears twice in one mapping",
  MULTIPLE_DOCS: 'the file must hold a single YAML document (remove the "---" separator)',
};

/** yaml appends "at line L, column C:" and a code frame to some messages; the line is reported apart. */
function cleanYamlMessage(message: string): string {
  const first = message.split("\n")[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, "");
}

function locate(doc: Document, path: readonly PathSegment[], lineAt: (offset: number) => number): number | undefined {
  let node: unknown = doc.contents;
  let line = startLine(node, lineAt);
  for (const segment of path) {
    // An alias points at its anchor: that is where the offending value is written.
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) break;
      // Point at the key: for `roles:` followed by a block, that is the line a person looks for.
      line = startLine(pair.key, lineAt) ?? startLine(pair.value, lineAt) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item: unknown = node.items[segment];
      if (item === undefined) break;
      line = startLine(item, lineAt) ?? line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

function startLine(node: unknown, lineAt: (offset: number) => number): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? lineAt(range[0]) : undefined;
}
