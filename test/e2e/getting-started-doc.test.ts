/**
 * docs/getting-started.md, checked against the repository: the npm scripts it names exist, its example
 * configuration and hazard log pass the gate's own checks when the commands of its `<!-- tested: … -->` block
 * are run as written (with its two placeholder paths filled in), the schema its editor comment points at is
 * where that comment says once the block has run, the `.env` keys it lists are the ones setup writes, the
 * ruleset it shows requires the app's check by its default name, and its links lead to files that exist.
 * `npm run setup` itself is run end to end in test/e2e/setup.test.ts.
 */
import { describe, expect, it } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_CHECK_NAME } from "../../src/config/schema.js";
import { JSON_SCHEMA_PATH } from "../../src/config/json-schema.js";
import { CREDENTIAL_KEYS } from "../../src/setup/env-file.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DOC_PATH = join(ROOT, "docs/getting-started.md");
const DOC = readFileSync(DOC_PATH, "utf8");
const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };

/** The fenced block right after `<!-- kind: name -->`. */
function block(kind: "tested" | "example", name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`<!-- ${kind}: ${escaped} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(DOC);
  if (match?.[1] === undefined) throw new Error(`docs/getting-started.md has no block marked <!-- ${kind}: ${name} -->`);
  return match[1];
}

/** Every fenced shell block's lines, and the inline code spans, where commands are named. */
function commandsText(): string {
  const fenced = [...DOC.matchAll(/```sh\n([\s\S]*?)\n```/g)].map((m) => m[1]);
  const inline = [...DOC.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  return [...fenced, ...inline].join("\n");
}

describe("docs/getting-started.md", () => {
  // The tested block runs the built command line, as the doc says: jest's globalSetup (test/build-dist.mjs)
  // built the tree being tested.

  it("names only npm scripts that package.json has, and npm run setup runs the setup command", () => {
    const text = commandsText();
    const named = new Set([...text.matchAll(/\bnpm run ([a-z][\w:-]*)/g)].map((m) => m[1] as string));
    for (const builtin of text.matchAll(/\bnpm (start|test)\b/g)) named.add(builtin[1] as string);
    expect([...named].sort()).toEqual(expect.arrayContaining(["build", "setup", "start"]));
    for (const script of named) expect(PACKAGE.scripts[script]).toEqual(expect.any(String));
    expect(PACKAGE.scripts.setup).toBe("node dist/setup/main.js");
    expect(PACKAGE.scripts.prepare).toBe("npm run build");
    expect(existsSync(join(ROOT, "src/setup/main.ts"))).toBe(true);
  });

  it("its example files pass config check and hazards check with the commands it shows, and the editor comment finds the schema", () => {
    const repo = mkdtempSync(join(tmpdir(), "csg-doc-repo-"));
    try {
      const config = block("example", ".github/clinical-safety.yml");
      mkdirSync(join(repo, ".github"), { recursive: true });
      mkdirSync(join(repo, "docs/safety"), { recursive: true });
      writeFileSync(join(repo, ".github/clinical-safety.yml"), `${config}\n`);
      writeFileSync(join(repo, "docs/safety/hazard-log.yml"), `${block("example", "docs/safety/hazard-log.yml")}\n`);

      const script = block("tested", "check-files")
        .replaceAll("path/to/your-repo", repo)
        .replaceAll("path/to/clinical-safety-gate", ROOT.replace(/\/$/, ""));
      // Strict mode set inside the script: a shell started without a terminal may read the system bashrc first.
      const run = spawnSync("bash", ["-c", `set -euo pipefail\n${script}`], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        encoding: "utf8",
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
      expect(run.stdout).toBe(".github/clinical-safety.yml: ok\ndocs/safety/hazard-log.yml: ok (1 hazard)\n");

      // The first line is the YAML language server's comment; its relative path is resolved from the file.
      const modeline = /^# yaml-language-server: \$schema=(\S+)$/.exec(config.split("\n")[0] ?? "");
      expect(modeline?.[1]).toBeDefined();
      const target = resolve(join(repo, ".github"), modeline?.[1] ?? "");
      expect(readFileSync(target, "utf8")).toBe(readFileSync(join(ROOT, JSON_SCHEMA_PATH), "utf8"));
      // And the doc links to the schema where the repository keeps it.
      expect(DOC).toContain(`](../${JSON_SCHEMA_PATH})`);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }, 60_000);

  it("lists exactly the variables npm run setup writes to .env", () => {
    const section = DOC.slice(DOC.indexOf("| variable | what it is |"), DOC.indexOf("Every other line already in `.env` is kept."));
    const listed = [...section.matchAll(/^\| ([^|]+) \|/gm)].flatMap((m) => [...(m[1] ?? "").matchAll(/`([A-Z_]+)`/g)].map((k) => k[1]));
    expect(listed).toEqual([...CREDENTIAL_KEYS]);
  });

  it("requires the app's check by its default name, pinned to the app, in the ruleset it shows", () => {
    const ruleset = JSON.parse(block("example", "ruleset")) as {
      rules: { type: string; parameters: { required_status_checks: { context: string; integration_id?: number }[] } }[];
    };
    const checks = ruleset.rules.find((r) => r.type === "required_status_checks")?.parameters.required_status_checks;
    expect(checks).toEqual([{ context: DEFAULT_CHECK_NAME, integration_id: expect.any(Number) }]);
    expect(DOC).toContain(`type \`${DEFAULT_CHECK_NAME}\``);
  });

  it("links only to files that exist", () => {
    const links = [...DOC.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1] as string).filter((l) => !/^https?:/.test(l));
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect({ link, exists: existsSync(resolve(dirname(DOC_PATH), link)) }).toEqual({ link, exists: true });
  });

  it("is the first document the README lists", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const firstListed = /## Documentation\n- \[([^\]]+)\]/.exec(readme)?.[1];
    expect(firstListed).toBe("docs/getting-started.md");
  });
});
