import { describe, expect, it } from "@jest/globals";
import { COMMANDS } from "../../src/cli/commands.js";
import { parseReportCommandLine, refProblem } from "../../src/cli/report-args.js";

const words = (line: string) =>
  line
    .split(" ")
    .filter((w) => w !== "")
    .map((w) => (w === "''" ? "" : w));
const spec = COMMANDS.find((c) => c.id === "report release");
const report = (from: string, to: string, repo = "acme/app", format = "md") => ({ kind: "report release", repo, from, to, format });

describe("parseReportCommandLine", () => {
  it.each<[string, unknown]>([
    ["report release --repo acme/app --from v1.0.0 --to v1.1.0", report("v1.0.0", "v1.1.0")],
    ["report release --to v2 --from v1 --repo=acme/app", report("v1", "v2")],
    // Branch names with slashes, SHAs, and `@`/`+` as tags sometimes carry.
    [
      "report release --repo acme/app --from release/1.2 --to 0123456789abcdef0123456789abcdef01234567",
      report("release/1.2", "0123456789abcdef0123456789abcdef01234567"),
    ],
    ["report release --repo my-org/e.prescribe_2 --from v1.0.0+build.3 --to pkg@2.0", report("v1.0.0+build.3", "pkg@2.0", "my-org/e.prescribe_2")],
    ["report release --help", { kind: "help", requested: true, command: spec }],
    ["report release --repo acme/app -h", { kind: "help", requested: true, command: spec }],
    ["report release --repo acme/app --from v1 --to v2 --format json", report("v1", "v2", "acme/app", "json")],
    ["report release --format=md --repo acme/app --from v1 --to v2", report("v1", "v2", "acme/app", "md")],
  ])("clinical-safety %s", (line, expected) => {
    expect(parseReportCommandLine(words(line))).toEqual(expected);
  });

  it.each(["", "audit export --repo acme/app", "report", "report releases --repo acme/app", "config check"])(
    "leaves %j to the general parser",
    (line) => {
      expect(parseReportCommandLine(words(line))).toBeUndefined();
    },
  );

  it.each<[string, string]>([
    ["report release --from v1 --to v2", "--repo O/R is required"],
    ["report release --repo acme --from v1 --to v2", '--repo "acme" is not owner/name'],
    ["report release --repo acme/app/x --from v1 --to v2", '--repo "acme/app/x" is not owner/name'],
    ["report release --repo acme/.. --from v1 --to v2", '--repo "acme/.." is not owner/name'],
    ["report release --repo acme/app --to v2", "--from REF and --to REF are both required"],
    ["report release --repo acme/app --from v1", "--from REF and --to REF are both required"],
    ["report release --repo acme/app --from= --to v2", "--from needs a value"],
    ["report release --repo acme/app --from v1 --to", "--to needs a value"],
    ["report release --repo acme/app --from -x --to v2", "--from needs a value"],
    ["report release --repo acme/app --from v1..v2 --to v2", '--from "v1..v2" is not a tag, branch or commit: it contains ".."'],
    ["report release --repo acme/app --from v1 --to v2 extra", 'unexpected argument "extra"'],
    ["report release --repo acme/app --from v1 --to v2 --format csv", '--format "csv" is not one of md, json'],
    ["report release --repo acme/app --from v1 --to v2 --format=", "--format needs a value"],
    ["report release --repo acme/app --from v1 --to v2 --output x", 'unknown option "--output" for report release'],
    ["report release --help=yes", "--help takes no value"],
  ])("clinical-safety %s is a usage error: %s", (line, message) => {
    const outcome = parseReportCommandLine(words(line));
    // The unknown-option message names the command itself; the others are prefixed with it.
    const expected = message.startsWith("unknown option") ? message : `report release: ${message}`;
    expect(outcome).toEqual({ kind: "usage-error", message: expected, command: spec });
  });
});

describe("refProblem", () => {
  it.each<[string, string | undefined]>([
    ["v1.4.0", undefined],
    ["release/2026-03", undefined],
    ["HEAD", undefined],
    ["a".repeat(255), undefined],
    ["a".repeat(256), "is longer than 255 characters"],
    ["v1 .4", "contains a space, a control character or one of ~ ^ : ? * [ \\"],
    ["v1\t4", "contains a space, a control character or one of ~ ^ : ? * [ \\"],
    ["main~1", "contains a space, a control character or one of ~ ^ : ? * [ \\"],
    ["main^", "contains a space, a control character or one of ~ ^ : ? * [ \\"],
    ["refs:x", "contains a space, a control character or one of ~ ^ : ? * [ \\"],
    ["v*", "contains a space, a control character or one of ~ ^ : ? * [ \\"],
    ["a\\b", "contains a space, a control character or one of ~ ^ : ? * [ \\"],
    ["v1..v2", 'contains ".."'],
    ["/main", 'starts with "/" or "-", or ends with "/"'],
    ["-main", 'starts with "/" or "-", or ends with "/"'],
    ["release/", 'starts with "/" or "-", or ends with "/"'],
  ])("%j: %s", (ref, problem) => {
    expect(refProblem(ref)).toBe(problem);
  });
});
