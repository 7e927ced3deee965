/**
 * The `clinical-safety` command as a user runs it: a real process in a directory holding their files,
 * judged by its exit status and its exact output. Each case spawns a process (~0.4 s), so the detail of
 * each rule is left to the in-process tests beside this file.
 */
import { describe, expect, it } from "@jest/globals";
import { hazardFixture, printed, runCli } from "./harness.js";

const LOG = "docs/safety/hazard-log.yml";
const CONFIG = ".github/clinical-safety.yml";
const NOT_CHECKED = "not checked: the configuration that sets its id pattern and risk matrix is invalid";

/** A configuration whose hazard ids are RISK-1, RISK-2, … and whose log lives elsewhere. */
const RISK_CONFIG = [
  "roles:",
  "  cso: { users: [dr-cso] }",
  "rules: []",
  'hazard_log: { path: safety/risks.yml, id_pattern: "RISK-[0-9]+" }',
  "",
].join("\n");

/** The sample log with its ids rewritten to RISK-n (references too, so they still resolve). */
const RISK_LOG = hazardFixture("sample-log.yml").replace(/HAZ-0*(\d+)/g, "RISK-$1");

describe("clinical-safety hazards check", () => {
  it("reports a valid log at the default path with its number of hazards", () => {
    const result = runCli(["hazards", "check"], { [LOG]: hazardFixture("sample-log.yml") });
    expect(result).toEqual({ status: 0, stdout: printed(`${LOG}: ok (10 hazards)`), stderr: "" });
  });

  it.each([
    ["bad-residual-above-initial.yml", "log.yml:6: HAZ-002 residual rating 4 exceeds initial rating 3"],
    ["bad-closed-without-justification.yml", "log.yml:7: HAZ-001 is closed without a justification"],
    ["bad-rating-disagrees.yml", "log.yml:8: HAZ-004 initial rating 16 disagrees with the risk matrix: considerable × high is 3"],
    ["bad-unknown-status.yml", 'log.yml:7: HAZ-005 status "resolved" is not one of open, transferred, closed'],
    [
      "bad-severity-misspelt.yml",
      'log.yml:7: HAZ-003 residual.severity "majr" is not one of minor, significant, considerable, major, ' + 'catastrophic (did you mean "major"?)',
    ],
    ["bad-duplicate-id.yml", "log.yml:10: HAZ-007 is a duplicate id: already used by the entry at line 3"],
  ])("exits 1 and prints each problem with its line: %s", (fixture, line) => {
    const result = runCli(["hazards", "check", "log.yml"], { "log.yml": hazardFixture(fixture) });
    expect(result).toEqual({ status: 1, stdout: printed(line), stderr: "" });
  });

  it("exits 2 when the log cannot be read, and checks nothing", () => {
    const result = runCli(["hazards", "check", "nowhere.yml"]);
    expect(result).toEqual({
      status: 2,
      stdout: "",
      stderr: printed("clinical-safety: cannot read nowhere.yml: ENOENT: no such file or directory, open 'nowhere.yml'"),
    });
  });

  it("takes the log's path and id pattern from the repository's configuration", () => {
    const result = runCli(["hazards", "check"], { [CONFIG]: RISK_CONFIG, "safety/risks.yml": RISK_LOG });
    expect(result).toEqual({ status: 0, stdout: printed("safety/risks.yml: ok (10 hazards)"), stderr: "" });
  });

  it("judges ids by the pattern of a configuration named with --config", () => {
    // One entry keeps its HAZ- id, which the configured pattern does not accept.
    const log = RISK_LOG.replace("id: RISK-8\n", "id: HAZ-008\n");
    const result = runCli(["hazards", "check", LOG, "--config", "risk.yml"], { "risk.yml": RISK_CONFIG, [LOG]: log });
    expect(result).toEqual({
      status: 1,
      stdout: printed(`${LOG}:155: HAZ-008 does not match the hazard id pattern RISK-[0-9]+`),
      stderr: "",
    });
  });

  it("reports an invalid configuration and does not judge the log by rules the team did not choose", () => {
    const result = runCli(["hazards", "check"], {
      [CONFIG]: `${RISK_CONFIG}sign_off: { dismis_on_push: false }\n`,
      [LOG]: hazardFixture("sample-log.yml"),
    });
    expect(result).toEqual({
      status: 1,
      stdout: printed(`${CONFIG}:5: sign_off.dismis_on_push: unknown key "dismis_on_push"`, `${LOG}: ${NOT_CHECKED}`),
      stderr: "",
    });
  });
});

describe("clinical-safety config check", () => {
  it("reports a valid configuration at the default path", () => {
    const result = runCli(["config", "check"], { [CONFIG]: RISK_CONFIG });
    expect(result).toEqual({ status: 0, stdout: printed(`${CONFIG}: ok`), stderr: "" });
  });

  it("exits 1 and prints every problem with its line and key", () => {
    const config = [
      "roles:",
      "  cso: { teams: clinical-safety }",
      "rules:",
      "  - id: prescribing",
      '    paths: ["src/prescribing/**"]',
      "    requires: [cso, cpm]",
      "sign_off: { author_may_sign: yes }",
      "checks: { name: Clinical safety }",
      "",
    ].join("\n");
    const result = runCli(["config", "check", "custom.yml"], { "custom.yml": config });
    expect(result).toEqual({
      status: 1,
      stdout: printed(
        'custom.yml:2: roles.cso.teams: expected a list, got "clinical-safety" (write ["clinical-safety"])',
        'custom.yml:6: rules[0].requires[1]: role "cpm" is not defined in roles',
        'custom.yml:7: sign_off.author_may_sign: expected true or false, got "yes"',
        'custom.yml:8: checks: unknown key "checks"',
      ),
      stderr: "",
    });
  });
});

describe("clinical-safety usage", () => {
  it("lists every command of the product on --help", () => {
    const result = runCli(["--help"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    const synopses = result.stdout.split("\n").filter((line) => line.startsWith("  clinical-safety "));
    expect(synopses).toEqual([
      "  clinical-safety config check [FILE]",
      "  clinical-safety hazards check [FILE] [--config FILE]",
      "  clinical-safety audit export --repo O/R [--since D] [--until D] [--format csv|json|md]",
      "  clinical-safety audit verify [--expect-head SEQ:HASH]",
      "  clinical-safety report release --repo O/R --from REF --to REF [--format md|json]",
      "  clinical-safety help [COMMAND]",
    ]);
  });

  it("exits 2 on an unknown command, on standard error", () => {
    const result = runCli(["hazard", "check"]);
    expect(result).toEqual({
      status: 2,
      stdout: "",
      stderr: printed('clinical-safety: unknown command "hazard"', 'Run "clinical-safety --help" for the list of commands.'),
    });
  });
});
