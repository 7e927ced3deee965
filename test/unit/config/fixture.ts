import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The text of a file under test/fixtures/config. */
export function readFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/config/${name}`, import.meta.url)), "utf8");
}
