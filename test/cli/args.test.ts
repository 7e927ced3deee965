import { describe, expect, it } from "@jest/globals";
import { parseCommandLine, type Invocation } from "../../src/cli/args.js";
import { COMMANDS } from "../../src/cli/commands.js";

function spec(id: string) {
  const found = COMMANDS.find((command) => command.id === id);
  if (!found) throw new Error(`no command ${id}`);
  return found;
}

/** The words of a command line as a shell splits it (no quoting beyond `''` for an empty argument). */
function words(line: string): string[] {
  return line === "" ? [] : line.split(" ").map((word) => (word === "''" ? "" : word));
}

describe("parseCommandLine", () => {
  it.each<[string, Invocation]>([
    ["", { kind: "help", requested: false }],
    ["--help", { kind: "help", requested: true }],
    ["-h", { kind: "help", requested: true }],
    ["help", { kind: "help", requested: true }],
    ["help hazards check", { kind: "help", requested: true, command: spec("hazards check") }],
    ["config check --help", { kind: "help", requested: true, command: spec("config check") }],
    ["hazards check log.yml -h", { kind: "help", requested: true, command: spec("hazards check") }],
    ["--version", { kind: "version" }],
    ["config check", { kind: "config check", file: ".github/clinical-safety.yml" }],
    ["config check other.yml", { kind: "config check", file: "other.yml" }],
    ["hazards check", { kind: "hazards check" }],
    ["hazards check log.yml", { kind: "hazards check", file: "log.yml" }],
    ["hazards check --config c.yml", { kind: "hazards check", config: "c.yml" }],
    ["hazards check --config=c.yml log.yml", { kind: "hazards check", file: "log.yml", config: "c.yml" }],
    ["hazards check log.yml --config c.yml", { kind: "hazards check", file: "log.yml", config: "c.yml" }],
    // "--" lets a file whose name starts with "-" through.
    ["hazards check -- -log.yml", { kind: "hazards check", file: "-log.yml" }],
    ["audit verify", { kind: "audit verify" }],
    // Read by report-args.ts (its own tests have the detail); here, that it is reached.
    ["report release --repo acme/app --from v1.0 --to v1.1", { kind: "report release", repo: "acme/app", from: "v1.0", to: "v1.1", format: "md" }],
  ])("clinical-safety %s", (line, expected) => {
    expect(parseCommandLine(words(line))).toEqual(expected);
  });

  it.each<[string, string, string | undefined]>([
    ["hazard check", 'unknown command "hazard"', undefined],
    ["--verbose", 'unknown option "--verbose"', undefined],
    ["--version x", "too many arguments for --version", undefined],
    ["config", '"config" needs a subcommand: expected config check', undefined],
    ["audit", '"audit" needs a subcommand: expected audit export or audit verify', undefined],
    ["config lint", 'unknown command "config lint": expected config check', undefined],
    ["help config lint", 'no help for unknown command "config lint"', undefined],
    ["config check a.yml b.yml", "too many arguments for config check", "config check"],
    ["config check ''", "config check: FILE must not be empty", "config check"],
    ["config check --config c.yml", 'unknown option "--config" for config check', "config check"],
    ["hazards check --strict", 'unknown option "--strict" for hazards check', "hazards check"],
    ["hazards check --config", "hazards check: --config needs a FILE", "hazards check"],
    ["hazards check --config=", "hazards check: --config needs a FILE", "hazards check"],
    ["hazards check --help=yes", "hazards check: --help takes no value", "hazards check"],
  ])("clinical-safety %s is a usage error: %s", (line, message, command) => {
    expect(parseCommandLine(words(line))).toEqual({
      kind: "usage-error",
      message,
      ...(command === undefined ? {} : { command: spec(command) }),
    });
  });
});
