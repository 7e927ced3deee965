/**
 * Benchmark: the real server (dist/main.js) against the GitHub simulator over HTTP, side by side with a bare
 * Probot app (bench/bare-app.ts) in the same run, on the same machine. Ratios to the bare app are the point;
 * absolute times depend on the machine. See docs/performance.md.
 *
 *   npx tsx bench/server.ts [--quick | --full] [--rounds=N] [--throttled] [--update-docs]
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench   # adds the app on PostgreSQL
 *
 * Prints Markdown tables and writes bench/results/latest.json (+ latest.md, the tables as printed; a
 * --throttled run writes latest-throttled.*);
 * with --update-docs, also puts the tables into docs/performance.md between its bench:begin/end markers.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import ts from "typescript";
import { freePort } from "../test/simulator/free-port.js";
import { generatePrivateKey } from "../test/simulator/probot.js";
import { startSimulatorServer, type SimulatorServer } from "../test/simulator/server.js";
import { GitHubState } from "../test/simulator/state.js";
import { runMicro } from "./server/micro.js";
import { startService, stopService } from "./server/proc.js";
import { header, judgeTargets, sideBySide, targetsTable, type RunInfo } from "./server/report.js";
import { runScenario, type Profile, type TargetResult } from "./server/scenario.js";
import { addRepoWithPrs, addTeams, CheckWatcher, SECRET } from "./server/traffic.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PROFILES: Record<"quick" | "full", Profile> = {
  // Under two minutes on the project's 2-core machine, PostgreSQL included.
  quick: { name: "quick", lanes: 8, rounds: 4, countRepeats: 2, microRuns: 3 },
  full: { name: "full", lanes: 8, rounds: 20, countRepeats: 5, microRuns: 15 },
};

const args = process.argv.slice(2);
const roundsArg = args.find((a) => a.startsWith("--rounds="));
const profile: Profile = { ...PROFILES[args.includes("--full") ? "full" : "quick"], ...(roundsArg ? { rounds: Number(roundsArg.slice(9)) } : {}) };
const throttled = args.includes("--throttled");
const updateDocs = args.includes("--update-docs");
const warnings: string[] = [];

// ---------------------------------------------------------------------------------------------------------
// What is started
// ---------------------------------------------------------------------------------------------------------

/** Newest modification time of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** `npm run build` when src/ changed after dist/main.js; a failed build is a warning if an older dist exists. */
function ensureBuilt(): void {
  const main = join(ROOT, "dist/main.js");
  let built = 0;
  try {
    built = statSync(main).mtimeMs;
  } catch {
    // never built
  }
  if (built >= newestMtime(join(ROOT, "src"))) return;
  console.error("dist/ is older than src/: npm run build");
  const result = spawnSync("npm", ["run", "build", "--silent"], { cwd: ROOT, encoding: "utf8" });
  if (result.status === 0) return;
  if (built === 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
  warnings.push(`npm run build failed (src/ was being edited?): measured the previous dist/ from ${new Date(built).toISOString()}`);
}

/**
 * bench/bare-app.ts as plain JavaScript, so the baseline starts like dist/main.js does (no TypeScript loader).
 * Written under node_modules/.cache so that `import "probot"` resolves and neither git nor eslint sees it.
 */
function compileBareApp(): string {
  const source = readFileSync(join(ROOT, "bench/bare-app.ts"), "utf8");
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const dir = join(ROOT, "node_modules/.cache/clinical-safety-bench");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "bare-app.mjs");
  writeFileSync(file, outputText);
  return file;
}

/** A scratch PostgreSQL database (`bench_<random>`) on the server of TEST_DATABASE_URL / DATABASE_URL. */
async function scratchDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_${randomBytes(6).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

interface Turn {
  name: string;
  repo: string;
  script: string;
  env?: NodeJS.ProcessEnv;
}

/** Starts one service against the simulator, runs the scenario on its own repository, stops it. */
async function takeTurn(gh: GitHubState, watcher: CheckWatcher, simulator: SimulatorServer, privateKey: string, turn: Turn): Promise<TargetResult> {
  const [counting, ...lanes] = addRepoWithPrs(gh, turn.repo, profile.lanes + 1);
  if (!counting) throw new Error("no PRs");
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    APP_ID: "1",
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: simulator.gheHost,
    GHE_PROTOCOL: "http",
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    LOG_FORMAT: "json",
    ...turn.env,
  };
  const preload = throttled ? [] : ["--import", join(ROOT, "bench/unthrottle/register.mjs")];
  const spec = { name: turn.name, nodeArgs: [...preload, turn.script], env, port };
  console.error(`${turn.name}: starting`);
  const service = await startService(spec);
  let result: TargetResult;
  try {
    result = await runScenario(gh, watcher, service, { counting, lanes }, profile);
    noteErrors(turn.name, service.output());
  } finally {
    await stopService(service);
  }
  // Started again on the storage it left: what a restart or a deploy costs.
  const again = await startService(spec);
  await stopService(again);
  return { ...result, restartMs: again.startMs };
}

/** Errors in a service's log (pino level 50+) make the run suspect: kept as a warning. */
function noteErrors(name: string, output: string): void {
  const errors = output.split("\n").filter((line) => /"level":(50|60)/.test(line));
  if (errors.length > 0) warnings.push(`${name} logged ${errors.length} errors, the first: ${errors[0]?.slice(0, 400)}`);
}

// ---------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const loadavgBefore = loadavg();
  ensureBuilt();
  const bareScript = compileBareApp();

  console.error(`micro-benchmarks (median of ${profile.microRuns})`);
  const micro = runMicro(profile.microRuns);

  const gh = new GitHubState({ now: "2026-12-01T09:00:00Z" });
  addTeams(gh);
  const watcher = new CheckWatcher(gh); // before any request, so none is missed
  const simulator = await startSimulatorServer(gh);
  const privateKey = generatePrivateKey();
  const dataDir = mkdtempSync(join(tmpdir(), "csg-bench-"));
  const postgresServer = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let app: TargetResult, bare: TargetResult, onPostgres: TargetResult | undefined;
  try {
    app = await takeTurn(gh, watcher, simulator, privateKey, {
      name: "app",
      repo: "eprescribe-app",
      script: join(ROOT, "dist/main.js"),
      env: { DATA_DIR: dataDir },
    });
    bare = await takeTurn(gh, watcher, simulator, privateKey, { name: "bare Probot", repo: "eprescribe-bare", script: bareScript });
    if (postgresServer) {
      const db = await scratchDatabase(postgresServer);
      try {
        onPostgres = await takeTurn(gh, watcher, simulator, privateKey, {
          name: "app (PostgreSQL)",
          repo: "eprescribe-pg",
          script: join(ROOT, "dist/main.js"),
          env: { DATABASE_URL: db.url },
        });
      } finally {
        await db.drop();
      }
    }
  } finally {
    await simulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  for (const r of [app, bare, onPostgres]) if (r && r.nonOk > 0) warnings.push(`${r.name}: ${r.nonOk} deliveries answered other than 2xx`);
  if (gh.unhandled.length > 0)
    warnings.push(`the simulator had no route for ${gh.unhandled.length} requests, e.g. ${gh.unhandled[0]?.method} ${gh.unhandled[0]?.path}`);
  const info: RunInfo = {
    date: new Date().toISOString(),
    profile: profile.name,
    throttling: throttled ? "on (as deployed)" : "off in both processes (bench/unthrottle)",
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? "unknown",
      memGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadavgBefore,
      loadavgAfter: loadavg(),
    },
    warnings,
  };
  const targets = judgeTargets(app, bare, micro);
  const markdown = [header(info), "", sideBySide(app, bare, onPostgres), "", targetsTable(targets), ""].join("\n");
  console.log(markdown);
  // A throttled run is kept apart: its figures measure Octokit's queue, not the code (docs/performance.md).
  const base = join(ROOT, "bench/results", throttled ? "latest-throttled" : "latest");
  mkdirSync(dirname(base), { recursive: true });
  writeFileSync(`${base}.json`, `${JSON.stringify({ ...info, micro, targets, services: [app, bare, onPostgres].filter(Boolean) }, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdown);
  if (updateDocs && !throttled) pasteIntoDocs(markdown);
}

/** Replaces what is between `<!-- bench:begin -->` and `<!-- bench:end -->` in docs/performance.md. */
function pasteIntoDocs(markdown: string): void {
  const file = join(ROOT, "docs/performance.md");
  const doc = readFileSync(file, "utf8");
  const begin = "<!-- bench:begin -->";
  const end = "<!-- bench:end -->";
  const from = doc.indexOf(begin);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/performance.md has no ${begin} … ${end} section`);
  // The run's header lines become a paragraph of their own (Markdown would join them).
  const body = markdown.replace(/^([^|\n].*)\n(?=[^|\n])/gm, "$1  \n");
  writeFileSync(file, `${doc.slice(0, from + begin.length)}\n${body.trim()}\n${doc.slice(to)}`);
}

await main();
