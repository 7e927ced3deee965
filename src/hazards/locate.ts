/**
 * Finding where a value is in the YAML source, so every problem can point at a line.
 *
 * Problems are found on plain JS values (zod, cross-field rules) and located afterwards by walking the
 * YAML node tree along the same path. A path that leads to something absent — a missing field — falls back
 * to the deepest node that exists, which is where the user has to add it.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";

/** A path into the document: map keys and sequence indexes, e.g. `["hazards", 1, "residual"]`. */
export type DocPath = readonly (string | number)[];

/** Renders a path as users read it: `hazards[1].residual.severity`. */
export function formatPath(path: DocPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

/** Returns the 1-based line of the node at a path, or of its deepest existing ancestor. */
export type Locator = (path: DocPath) => number | undefined;

/** A locator over a parsed document; `lineCounter` must be the one passed to `parseDocument`. */
export function createLocator(doc: Document, lineCounter: LineCounter): Locator {
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  // Aliases (`*anchor`) stand for the anchored node; following them keeps lookups inside the same value.
  const deref = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);

  return (path) => {
    let node: unknown = deref(doc.contents);
    let line = startLine(node, lineAt);
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
        if (!pair) break;
        // The key's line rather than the value's: for a block value the value starts on the next line,
        // but the key is what the reader looks for.
        line = startLine(pair.key, lineAt) ?? line;
        node = deref(pair.value);
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment];
        if (item === undefined) break;
        node = deref(item);
        line = startLine(node, lineAt) ?? line;
      } else {
        break;
      }
    }
    return line;
  };
}

function startLine(node: unknown, lineAt: (offset: number) => number): number | undefined {
  const range = (node as Partial<Node> | null | undefined)?.range;
  return range ? lineAt(range[0]) : undefined;
}
