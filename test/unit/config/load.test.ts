import { describe, expect, it } from "@jest/globals";
import type { Problem } from "../../../src/core/types.js";
import { loadConfig, type ContentReader, type LoadedConfig } from "../../../src/config/load.js";

const CONFIG = ".github/clinical-safety.yml";
const REPO = { owner: "acme", repo: "app", defaultBranch: "main" };

/** Files keyed "owner/repo:path"; an Error value makes that read fail as the API would. */
type Files = Record<string, string | Error>;

/** An in-memory repository host that records what was read, and from which ref. */
class MemoryReader implements ContentReader {
  readonly reads: string[] = [];
  constructor(private readonly files: Files) {}

  async getFile(owner: string, repo: string, path: string, ref?: string): Promise<{ text: string; sha: string } | null> {
    const key = `${owner}/${repo}:${path}`;
    this.reads.push(ref === undefined ? key : `${key}@${ref}`);
    const file = this.files[key];
    if (file instanceof Error) throw file;
    return file === undefined ? null : { text: file, sha: `sha(${key})` };
  }
}

const ROLES = "roles:\n  cso: { teams: [clinical-safety] }\n";
const RULES = "rules:\n  - { id: web, paths: ['web/**'], requires: [cso] }\n";
const COMPLETE = ROLES + RULES;

async function load(files: Files): Promise<{ result: LoadedConfig; reads: string[] }> {
  const reader = new MemoryReader(files);
  return { result: await loadConfig(reader, REPO), reads: reader.reads };
}

async function problemsOf(files: Files): Promise<Problem[]> {
  const { result } = await load(files);
  if (result.state !== "invalid") throw new Error(`expected invalid, got ${result.state}`);
  return result.problems;
}

describe("loadConfig: which file", () => {
  it("reads the repository's own file from the default branch", async () => {
    const { result, reads } = await load({ [`acme/app:${CONFIG}`]: COMPLETE, [`acme/.github:${CONFIG}`]: "x: 1" });
    expect(result).toMatchObject({ state: "ok", sha: `sha(acme/app:${CONFIG})`, sources: [CONFIG] });
    expect(result.state === "ok" && result.config.rules.map((rule) => rule.id)).toEqual(["web"]);
    expect(reads).toEqual([`acme/app:${CONFIG}@main`]);
  });

  it("falls back to the organisation's .github repository", async () => {
    const { result, reads } = await load({ [`acme/.github:${CONFIG}`]: COMPLETE });
    expect(result).toMatchObject({
      state: "ok",
      sha: `sha(acme/.github:${CONFIG})`,
      sources: [`acme/.github:${CONFIG}`],
    });
    expect(reads).toEqual([`acme/app:${CONFIG}@main`, `acme/.github:${CONFIG}`]);
  });

  it("is missing when neither exists", async () => {
    const { result, reads } = await load({});
    expect(result).toStrictEqual({ state: "missing" });
    expect(reads).toHaveLength(2);
  });

  it("does not read the .github repository twice when it is the repository", async () => {
    const reader = new MemoryReader({});
    const result = await loadConfig(reader, { owner: "acme", repo: ".github", defaultBranch: "trunk" });
    expect(result).toStrictEqual({ state: "missing" });
    expect(reader.reads).toEqual([`acme/.github:${CONFIG}@trunk`]);
  });

  it("reports an invalid own file with its SHA, and does not fall back", async () => {
    const { result, reads } = await load({ [`acme/app:${CONFIG}`]: RULES, [`acme/.github:${CONFIG}`]: COMPLETE });
    expect(result).toStrictEqual({
      state: "invalid",
      sha: `sha(acme/app:${CONFIG})`,
      problems: [{ file: CONFIG, path: "roles", line: 1, message: 'missing required key "roles"' }],
    });
    expect(reads).toHaveLength(1);
  });
});

describe("loadConfig: _extends", () => {
  it.each([
    ["org-config", `acme/org-config:${CONFIG}`],
    [".github", `acme/.github:${CONFIG}`],
    ["other/shared", `other/shared:${CONFIG}`],
    ["other/shared:safety/base.yml", "other/shared:safety/base.yml"],
    ["other/shared:safety/base.yaml", "other/shared:safety/base.yaml"],
  ])("_extends: %s reads %s", async (value, baseFile) => {
    const { result, reads } = await load({ [`acme/app:${CONFIG}`]: `_extends: ${value}\n${RULES}`, [baseFile]: ROLES });
    expect(result).toMatchObject({ state: "ok", sha: `sha(acme/app:${CONFIG})`, sources: [CONFIG, baseFile] });
    expect(result.state === "ok" && Object.keys(result.config.roles)).toEqual(["cso"]);
    expect(reads).toEqual([`acme/app:${CONFIG}@main`, baseFile]);
  });

  it("replaces lists, merges mappings, and lets the extending file win", async () => {
    const base =
      ROLES +
      "  cpm: { teams: [clinical-product] }\n" +
      "rules:\n  - { id: a, labels: [x], requires: [cso] }\n  - { id: b, labels: [y], requires: [cso] }\n" +
      "sign_off: { author_may_sign: true, distinct_signers: true }\ncheck: { name: Org check }\n";
    const own = "_extends: org-config\nrules:\n  - { id: c, labels: [z], requires: [cpm] }\nsign_off: { distinct_signers: false }\n";
    const { result } = await load({ [`acme/app:${CONFIG}`]: own, [`acme/org-config:${CONFIG}`]: base });
    if (result.state !== "ok") throw new Error(JSON.stringify(result));
    expect(result.config.rules).toStrictEqual([{ id: "c", paths: [], labels: ["z"], requires: ["cpm"] }]);
    expect(result.config.sign_off).toStrictEqual({
      dismiss_on_push: true,
      author_may_sign: true,
      distinct_signers: false,
      reauthenticate: false,
      sign_in_max_age_minutes: 5,
    });
    expect(result.config.check).toStrictEqual({ name: "Org check" });
    expect(Object.keys(result.config.roles)).toEqual(["cso", "cpm"]);
  });

  it("follows a chain, each short form relative to the file that names it", async () => {
    const { result } = await load({
      [`acme/app:${CONFIG}`]: `_extends: other/team\n${RULES}`,
      [`other/team:${CONFIG}`]: "_extends: base\ncheck: { name: Team check }\n",
      [`other/base:${CONFIG}`]: ROLES,
    });
    expect(result).toMatchObject({ state: "ok", sources: [CONFIG, `other/team:${CONFIG}`, `other/base:${CONFIG}`] });
    expect(result.state === "ok" && result.config.check.name).toBe("Team check");
  });

  it("lets the organisation's file extend too", async () => {
    const { result } = await load({
      [`acme/.github:${CONFIG}`]: `_extends: safety-base\n${RULES}`,
      [`acme/safety-base:${CONFIG}`]: ROLES,
    });
    expect(result).toMatchObject({
      state: "ok",
      sha: `sha(acme/.github:${CONFIG})`,
      sources: [`acme/.github:${CONFIG}`, `acme/safety-base:${CONFIG}`],
    });
  });

  /** A chain of `hops` extends: the repository's file, then b1 … b{hops}, the last holding the roles. */
  function chain(hops: number): Files {
    const files: Files = { [`acme/app:${CONFIG}`]: `_extends: b1\n${RULES}` };
    for (let i = 1; i <= hops; i++) {
      files[`acme/b${i}:${CONFIG}`] = i === hops ? ROLES : `_extends: b${i + 1}\n`;
    }
    return files;
  }

  it("follows five steps", async () => {
    const { result } = await load(chain(5));
    expect(result.state === "ok" && result.sources).toHaveLength(6);
  });

  it("refuses a sixth step, in the file that takes it", async () => {
    expect(await problemsOf(chain(6))).toStrictEqual([
      {
        file: `acme/b5:${CONFIG}`,
        path: "_extends",
        line: 1,
        message: "too many _extends steps: at most 5 files may be extended in a chain",
      },
    ]);
  });

  it.each<[string, Files, Problem]>([
    [
      "a cycle",
      { [`acme/app:${CONFIG}`]: `_extends: base\n${RULES}`, [`acme/base:${CONFIG}`]: `${ROLES}_extends: APP\n` },
      {
        file: `acme/base:${CONFIG}`,
        path: "_extends",
        line: 3,
        message: `_extends makes a cycle: ${CONFIG} → acme/base:${CONFIG} → ${CONFIG}`,
      },
    ],
    [
      "a file that extends itself",
      { [`acme/app:${CONFIG}`]: `${COMPLETE}_extends: acme/app:${CONFIG}\n` },
      { file: CONFIG, path: "_extends", line: 5, message: `_extends makes a cycle: ${CONFIG} → ${CONFIG}` },
    ],
    [
      "a base that does not exist",
      { [`acme/app:${CONFIG}`]: `${COMPLETE}_extends: nope\n` },
      { file: CONFIG, path: "_extends", line: 5, message: `acme/nope:${CONFIG} (named by _extends) was not found, or the app cannot read it` },
    ],
    [
      "an _extends of the wrong form",
      { [`acme/app:${CONFIG}`]: `${COMPLETE}_extends: [org-config]\n` },
      {
        file: CONFIG,
        path: "_extends",
        line: 5,
        message: 'expected "repo", "owner/repo" or "owner/repo:path/to/file.yml"',
      },
    ],
    [
      "a base that is not YAML",
      { [`acme/app:${CONFIG}`]: `_extends: base\n${RULES}`, [`acme/base:${CONFIG}`]: "roles: [\n" },
      {
        file: `acme/base:${CONFIG}`,
        path: "",
        line: 2,
        message: "invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
      },
    ],
  ])("reports %s as a problem", async (_name, files, expected) => {
    expect(await problemsOf(files)).toStrictEqual([expected]);
  });

  it("names the file each problem is in", async () => {
    const problems = await problemsOf({
      [`acme/app:${CONFIG}`]: `_extends: org-config\n${RULES}sign_off: { dismis_on_push: false }\n`,
      [`acme/org-config:${CONFIG}`]: `${ROLES}sign_off:\n  author_may_sign: "no"\n`,
    });
    expect(problems).toStrictEqual([
      { file: CONFIG, path: "sign_off.dismis_on_push", line: 4, message: 'unknown key "dismis_on_push"' },
      { file: `acme/org-config:${CONFIG}`, path: "sign_off.author_may_sign", line: 4, message: 'expected true or false, got "no"' },
    ]);
  });

  it("returns the own file's SHA with the problems of a base", async () => {
    const { result } = await load({
      [`acme/app:${CONFIG}`]: `_extends: base\n${RULES}`,
      [`acme/base:${CONFIG}`]: "",
    });
    expect(result).toStrictEqual({
      state: "invalid",
      sha: `sha(acme/app:${CONFIG})`,
      problems: [{ file: `acme/base:${CONFIG}`, path: "", message: "the file is empty: it must define at least roles and rules" }],
    });
  });
});

describe("loadConfig: reader failures propagate", () => {
  const failure = new Error("GitHub API: 502 Bad Gateway");
  it.each<[string, Files]>([
    ["reading the repository's file", { [`acme/app:${CONFIG}`]: failure }],
    ["reading the organisation's file", { [`acme/.github:${CONFIG}`]: failure }],
    ["reading a base", { [`acme/app:${CONFIG}`]: `_extends: base\n${RULES}`, [`acme/base:${CONFIG}`]: failure }],
  ])("when %s fails", async (_name, files) => {
    await expect(loadConfig(new MemoryReader(files), REPO)).rejects.toBe(failure);
  });
});
