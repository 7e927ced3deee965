import { z } from "zod";
import { configSchema } from "./schema.js";

/** Repository path of the generated schema (what editors are pointed at). */
export const JSON_SCHEMA_PATH = "schema/clinical-safety.schema.json";

/**
 * The JSON Schema of `.github/clinical-safety.yml` for editors, generated from the zod schema so the two
 * cannot disagree. It describes what a person writes (the input side: defaults make keys optional).
 * Draft-07 because it is the draft every YAML language server understands. The cross-field checks
 * (roles named by rules exist, and so on) cannot be expressed here; the app and the CLI still run them.
 */
export function buildJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { target: "draft-07", io: "input" }) as Record<string, unknown>;
  return { ...schema, title: "Clinical Safety Gate configuration (.github/clinical-safety.yml)" };
}

/** The file's exact contents: stable formatting so that regeneration only changes what changed. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
