/**
 * Runs the real `clinical-safety` process the way a user does: in a directory holding their files, with
 * TypeScript loaded by tsx so that the source is what is tested (no build step before the tests).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
// Resolved from the repository, not from the temporary directory the process runs in, which has no
// node_modules: `--import tsx` would look for tsx there.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** What the process did. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `clinical-safety ...args` in a fresh temporary directory holding `files` (relative path → text),
 * then removes the directory.
 */
export function runCli(args: readonly string[], files: Readonly<Record<string, string>> = {}): CliRun {
  const cwd = mkdtempSync(join(tmpdir(), "clinical-safety-cli-"));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(cwd, path)), { recursive: true });
      writeFileSync(join(cwd, path), text);
    }
    // NODE_OPTIONS is jest's --experimental-vm-modules: the user's process has no such thing.
    const env = { ...process.env, NODE_OPTIONS: "" };
    const result = spawnSync(process.execPath, ["--import", TSX, MAIN, ...args], { cwd, env, encoding: "utf8" });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** The text of a file under test/fixtures/hazards. */
export function hazardFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/hazards/${name}`, import.meta.url)), "utf8");
}

/** Lines as the process prints them: each ended by a newline. */
export function printed(...lines: string[]): string {
  return lines.map((line) => `${line}\n`).join("");
}
