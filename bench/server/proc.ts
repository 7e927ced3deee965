/**
 * The services under test as child processes: start one, time its start-up, read its CPU time and peak
 * memory from /proc (the child cannot be asked: neither the app nor Probot exposes process.cpuUsage), stop it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

export interface Service {
  name: string;
  child: ChildProcess;
  pid: number;
  /** `http://127.0.0.1:<port>/api/github/webhooks` */
  webhookUrl: string;
  /** Spawn → first successful `GET /ping`, ms. */
  startMs: number;
  /** When it was spawned (`performance.now()` of this process). */
  spawnedAt: number;
  /** Everything the process wrote, for the error message when it dies. */
  output(): string;
}

export interface ServiceSpec {
  name: string;
  /** Arguments to `node` (the loader preload, then the script). */
  nodeArgs: string[];
  env: NodeJS.ProcessEnv;
  port: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `node …` and waits until Probot answers `GET /ping` (polled every 10 ms, 60 s at most). */
export async function startService(spec: ServiceSpec): Promise<Service> {
  let output = "";
  const t0 = performance.now();
  // Its own process group, so that stopping it stops anything it started.
  const child = spawn(process.execPath, spec.nodeArgs, { env: spec.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const base = `http://127.0.0.1:${spec.port}`;
  while (performance.now() - t0 < 60_000) {
    if (child.exitCode !== null) throw new Error(`${spec.name} exited (${child.exitCode}) before answering:\n${output}`);
    try {
      const response = await fetch(`${base}/ping`);
      await response.text();
      if (response.ok) {
        return {
          name: spec.name,
          child,
          pid: child.pid as number,
          webhookUrl: `${base}/api/github/webhooks`,
          startMs: performance.now() - t0,
          spawnedAt: t0,
          output: () => output,
        };
      }
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  child.kill("SIGKILL");
  throw new Error(`${spec.name} did not answer within 60 s:\n${output}`);
}

/** SIGTERM to the process group, SIGKILL after 5 s. */
export async function stopService(service: Service): Promise<void> {
  const { child } = service;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(-service.pid, "SIGTERM");
  const timer = setTimeout(() => child.exitCode === null && process.kill(-service.pid, "SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Kernel clock ticks per second (USER_HZ): 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** The process's user + system CPU time so far, in ms (/proc/<pid>/stat fields 14 and 15). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** Peak resident set size so far (VmHWM), in MiB. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}
