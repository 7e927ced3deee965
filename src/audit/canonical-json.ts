/**
 * Canonical JSON: one exact text for one JSON value, so that a hash of it is reproducible by anyone, in
 * any language, years later. The rules:
 * - object keys sorted by UTF-16 code units (what `Array.prototype.sort` does), at every depth;
 * - no whitespace between tokens;
 * - strings and numbers written as `JSON.stringify` writes them (shortest round-trip number form);
 * - only JSON values: `undefined`, functions, symbols, bigints, `NaN`, `±Infinity` and non-plain objects
 *   (a `Date`, a `Map`) are refused rather than silently dropped or converted, because a value that
 *   `JSON.stringify` would drop hashes the same as its absence and would not come back from storage.
 */

/** A JSON value as canonicalJson accepts it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Thrown for a value that is not JSON; `path` says where it is (`$.data.answers[2]`). */
export class NotJsonError extends TypeError {
  constructor(
    readonly path: string,
    what: string,
  ) {
    super(`not JSON at ${path}: ${what}`);
    this.name = "NotJsonError";
  }
}

/**
 * The canonical JSON text of `value`.
 * @throws {NotJsonError} when `value` holds anything that is not a JSON value
 */
export function canonicalJson(value: unknown): string {
  return write(value, "$");
}

function write(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new NotJsonError(path, `${value} is not a finite number`);
      return JSON.stringify(value);
    case "object":
      return Array.isArray(value) ? writeArray(value, path) : writeObject(value, path);
    default:
      throw new NotJsonError(path, `${typeof value} has no JSON form`);
  }
}

function writeArray(items: readonly unknown[], path: string): string {
  // A sparse array's holes read as undefined: refused by write(), like any other undefined.
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) parts.push(write(items[i], `${path}[${i}]`));
  return `[${parts.join(",")}]`;
}

function writeObject(value: object, path: string): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? "object";
    throw new NotJsonError(path, `a ${name} is not a plain object`);
  }
  const record = value as Record<string, unknown>;
  const parts = Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${write(record[key], `${path}${memberPath(key)}`)}`);
  return `{${parts.join(",")}}`;
}

/** `.key` for identifier-like keys, `["odd key"]` otherwise, so the path in an error reads unambiguously. */
function memberPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
