#!/usr/bin/env node
/**
 * The `clinical-safety` executable (package `bin`): binds {@link run} to the file system and the process.
 * Everything it decides is in `run.ts` and the command modules, which take text and return lines.
 */
import { readFileSync } from "node:fs";
import { run, type CliIo } from "./run.js";

const io: CliIo = {
  readFile: (path) => readFileSync(path, "utf8"),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  version: () => {
    // Two levels up from both src/cli/main.ts and dist/cli/main.js is the package root.
    const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
    const pkg = JSON.parse(text) as { version?: unknown };
    return String(pkg.version);
  },
};

// `clinical-safety hazards check | head` closes the pipe early: the reader has what it wanted, so stop
// quietly instead of crashing with EPIPE, keeping the status the command decided.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit();
  });
}

// exitCode rather than process.exit(): output written to a pipe is flushed before the process ends.
// Awaited: the audit commands read a database.
process.exitCode = await run(process.argv.slice(2), io);
