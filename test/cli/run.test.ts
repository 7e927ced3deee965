import { describe, expect, it } from "@jest/globals";
import { run, type CliIo } from "../../src/cli/run.js";

/** A file system error as node:fs throws it. */
function fsError(code: string, path: string): Error {
  return Object.assign(new Error(`${code}: failed, open '${path}'`), { code });
}

/** An in-memory world for {@link run}: files by path (an Error value is thrown when read) and the printed lines. */
function world(files: Record<string, string | Error>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readFile: (path) => {
      const file = files[path];
      if (file === undefined) throw fsError("ENOENT", path);
      if (file instanceof Error) throw file;
      return file;
    },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    version: () => "9.9.9",
  };
  return { io, out, err };
}

const LOG = "docs/safety/hazard-log.yml";
const CONFIG = ".github/clinical-safety.yml";

describe("run", () => {
  it("prints requested help on standard output and exits 0", () => {
    const { io, out, err } = world({});
    expect(run(["--help"], io)).toBe(0);
    expect(out[0]).toBe("Usage: clinical-safety <command> [options]");
    expect(err).toEqual([]);
  });

  it("prints the usage on standard error and exits 2 when no command is given", () => {
    const { io, out, err } = world({});
    expect(run([], io)).toBe(2);
    expect(out).toEqual([]);
    expect(err[0]).toBe("Usage: clinical-safety <command> [options]");
  });

  it("prints the version", () => {
    const { io, out } = world({});
    expect(run(["--version"], io)).toBe(0);
    expect(out).toEqual(["9.9.9"]);
  });

  it("points a mistake in a command at that command's help", () => {
    const { io, err } = world({});
    expect(run(["hazards", "check", "--strict"], io)).toBe(2);
    expect(err).toEqual([
      'clinical-safety: unknown option "--strict" for hazards check',
      'Run "clinical-safety hazards check --help" for its usage.',
    ]);
  });

  it("uses the defaults when the default configuration does not exist", () => {
    const { io, out } = world({ [LOG]: "hazards: []\n" });
    expect(run(["hazards", "check"], io)).toBe(0);
    expect(out).toEqual([`${LOG}: ok (0 hazards)`]);
  });

  it("stops with exit 2 when the default configuration exists but cannot be read", () => {
    const { io, out, err } = world({ [CONFIG]: fsError("EACCES", CONFIG), [LOG]: "hazards: []\n" });
    expect(run(["hazards", "check"], io)).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([`clinical-safety: cannot read ${CONFIG}: EACCES: failed, open '${CONFIG}'`]);
  });

  it("stops with exit 2 when a configuration named with --config does not exist", () => {
    const { io, err } = world({ [LOG]: "hazards: []\n" });
    expect(run(["hazards", "check", "--config", "missing.yml"], io)).toBe(2);
    expect(err).toEqual(["clinical-safety: cannot read missing.yml: ENOENT: failed, open 'missing.yml'"]);
  });

  it("does not read the log when the configuration is invalid", () => {
    const { io, out } = world({ [CONFIG]: "rules: []\n" });
    expect(run(["hazards", "check"], io)).toBe(1);
    expect(out).toEqual([
      `${CONFIG}:1: roles: missing required key "roles"`,
      `${LOG}: not checked: the configuration that sets its id pattern and risk matrix is invalid`,
    ]);
  });
});
