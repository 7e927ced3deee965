import { describe, expect, it } from "@jest/globals";
import { parseAuditCommandLine } from "../../src/cli/audit-args.js";
import { COMMANDS } from "../../src/cli/commands.js";

const words = (line: string) =>
  line
    .split(" ")
    .filter((w) => w !== "")
    .map((w) => (w === "''" ? "" : w));
const spec = (id: string) => COMMANDS.find((c) => c.id === id);
const exporting = (filter: object, scope: object, format = "json") => ({
  kind: "audit export",
  format,
  scope: { repo: "acme/app", ...scope },
  filter: { repo: "acme/app", ...filter },
});

describe("parseAuditCommandLine", () => {
  it.each<[string, unknown]>([
    ["audit verify", { kind: "audit verify" }],
    [`audit verify --expect-head 12:${"ab".repeat(32)}`, { kind: "audit verify", expectHead: { seq: 12, hash: "ab".repeat(32) } }],
    ["audit verify --help", { kind: "help", requested: true, command: spec("audit verify") }],
    ["audit export -h", { kind: "help", requested: true, command: spec("audit export") }],
    ["audit export --repo acme/app", exporting({}, {})],
    ["audit export --repo=acme/app --format csv", exporting({}, {}, "csv")],
    ["audit export --format md --repo acme/app", exporting({}, {}, "md")],
    // A day is a UTC day, and both ends are included: --until D runs to the end of day D.
    [
      "audit export --repo acme/app --since 2026-01-01 --until 2026-01-31",
      exporting({ since: "2026-01-01T00:00:00.000Z", until: "2026-02-01T00:00:00.000Z" }, { since: "2026-01-01", until: "2026-01-31" }),
    ],
    [
      "audit export --repo acme/app --since 2026-01-01T10:00:00+01:00 --until 2026-01-01T12:00:00Z",
      exporting(
        { since: "2026-01-01T09:00:00.000Z", until: "2026-01-01T12:00:00.001Z" },
        { since: "2026-01-01T10:00:00+01:00", until: "2026-01-01T12:00:00Z" },
      ),
    ],
    ["audit export --repo acme/app --until 2024-02-29", exporting({ until: "2024-03-01T00:00:00.000Z" }, { until: "2024-02-29" })],
    ["audit export --repo my-org/my.repo_2", { ...exporting({}, {}), scope: { repo: "my-org/my.repo_2" }, filter: { repo: "my-org/my.repo_2" } }],
  ])("clinical-safety %s", (line, expected) => {
    expect(parseAuditCommandLine(words(line))).toEqual(expected);
  });

  it.each(["config check", "audit", "audit import", "report release --repo a/b", "help audit export", ""])(
    "leaves %j to the general parser",
    (line) => {
      expect(parseAuditCommandLine(words(line))).toBeUndefined();
    },
  );

  it.each<[string, string]>([
    ["audit export", "audit export: --repo O/R is required"],
    ["audit export --repo acme", 'audit export: --repo "acme" is not owner/name'],
    ["audit export --repo acme/app/x", 'audit export: --repo "acme/app/x" is not owner/name'],
    ["audit export --repo ''", "audit export: --repo needs a value"],
    ["audit export --repo", "audit export: --repo needs a value"],
    ["audit export --repo acme/app --format xml", 'audit export: --format must be json, csv, md; got "xml"'],
    [
      "audit export --repo acme/app --since yesterday",
      'audit export: --since "yesterday" is not a date (YYYY-MM-DD, a UTC day) or an ISO-8601 time with a zone (2026-01-31T09:30:00Z)',
    ],
    ["audit export --repo acme/app --since 2026-02-30", 'audit export: --since "2026-02-30" is not a date'],
    ["audit export --repo acme/app --until 2025-02-29T10:00:00Z", 'audit export: --until "2025-02-29T10:00:00Z" is not a date'],
    ["audit export --repo acme/app --until 2026-01-31T10:00:00", 'audit export: --until "2026-01-31T10:00:00" is not a date'],
    ["audit export --repo acme/app --since 2026-02-01 --until 2026-01-31", "audit export: --since must be before --until"],
    ["audit export --repo acme/app --since 2026-01-31T12:00:00Z --until 2026-01-31T11:00:00Z", "audit export: --since must be before --until"],
    ["audit export --repo acme/app extra", 'audit export: unexpected argument "extra"'],
    ["audit export --repo acme/app --pr 12", 'unknown option "--pr" for audit export'],
    ["audit verify --repo acme/app", 'unknown option "--repo" for audit verify'],
    ["audit verify now", 'audit verify: unexpected argument "now"'],
    ["audit verify --expect-head 12", 'audit verify: --expect-head "12" is not SEQ:HASH (a record number and its 64-hex hash)'],
    [
      `audit verify --expect-head 0:${"ab".repeat(32)}`,
      `audit verify: --expect-head "0:${"ab".repeat(32)}" is not SEQ:HASH (a record number and its 64-hex hash)`,
    ],
    ["audit verify --help=yes", "audit verify: --help takes no value"],
  ])("clinical-safety %s is a usage error", (line, message) => {
    const result = parseAuditCommandLine(words(line));
    expect(result).toMatchObject({ kind: "usage-error", command: spec(line.split(" ").slice(0, 2).join(" ")) });
    expect((result as { message: string }).message.startsWith(message)).toBe(true);
  });
});
