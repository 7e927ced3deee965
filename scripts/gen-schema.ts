/**
 * Writes schema/clinical-safety.schema.json from the zod schema. Run after changing src/config/schema.ts:
 *   npx tsx scripts/gen-schema.ts
 * A unit test fails while the committed file differs from what this would write.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { JSON_SCHEMA_PATH, renderJsonSchema } from "../src/config/json-schema.js";

const target = fileURLToPath(new URL(`../${JSON_SCHEMA_PATH}`, import.meta.url));
writeFileSync(target, renderJsonSchema());
console.log(`wrote ${JSON_SCHEMA_PATH}`);
