/**
 * A page's HTML printed to PDF by headless Chromium (`chromium --headless --print-to-pdf`), for the release
 * report that goes into the Clinical Safety Case Report. Chromium is a program the operator installs and names
 * in `CHROMIUM_PATH` (Debian's `chromium`, Google Chrome): the service ships no browser, so without it the
 * PDF is refused with the reason, and the Markdown and the browser's own print remain.
 *
 * What is printed is the app's own markup (every typed text escaped by the `html` template) from a file in a
 * private temporary directory, under a content security policy that runs no script and loads nothing (so even
 * text that escaped escaping could neither run nor call out), with no profile kept; the child process gets
 * none of the service's environment (no secret reaches it). One print runs at a time: a browser is
 * heavy, and a burst of downloads must not exhaust the replica.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** Prints HTML to PDF bytes. */
export type PrintPdf = (html: string) => Promise<Uint8Array>;

/** How long one print may take before Chromium is killed and the PDF refused. */
const TIMEOUT_MS = 60_000;

/** The start of every PDF file. */
const PDF_MAGIC = "%PDF-";

/**
 * Chromium's flags: headless, printing without the date/URL header and footer, and none of the calls home a
 * desktop browser makes. No sandbox: it needs privileges a container rarely grants, and guards against hostile
 * pages, which this (the app's own escaped markup, no script allowed) is not. (Not
 * `--blink-settings=scriptEnabled=false`: headless Chromium then exits without printing.)
 */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--no-pdf-header-footer",
  "--disable-extensions",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--no-first-run",
  "--no-default-browser-check",
  "--mute-audio",
];

/** The policy the printed page is held to: its own inline styles and data images, nothing else. */
export const PRINT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** The page with {@link PRINT_POLICY} as the first thing in its head (or before it, when it has none). */
export function withPrintPolicy(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${PRINT_POLICY}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head === null) return `${meta}\n${html}`;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}\n${meta}${html.slice(at)}`;
}

/** Chromium at `CHROMIUM_PATH`, or undefined when it is not set. */
export function printerFromEnv(env: NodeJS.ProcessEnv): PrintPdf | undefined {
  const path = env.CHROMIUM_PATH?.trim();
  return path ? chromiumPrinter(path) : undefined;
}

/** Why a PDF could not be made. */
export class PdfPrintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PdfPrintError";
  }
}

/** A printer running the Chromium binary at `executable`, one print at a time. */
export function chromiumPrinter(executable: string, timeoutMs = TIMEOUT_MS): PrintPdf {
  let queue: Promise<unknown> = Promise.resolve();
  return (html) => {
    const print = queue.then(() => printOnce(executable, html, timeoutMs));
    queue = print.catch(() => undefined);
    return print;
  };
}

async function printOnce(executable: string, html: string, timeoutMs: number): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), "clinical-safety-pdf-"));
  try {
    const input = join(dir, "report.html");
    const output = join(dir, "report.pdf");
    await writeFile(input, withPrintPolicy(html), { encoding: "utf8", mode: 0o600 });
    await run(
      executable,
      [...FLAGS, `--user-data-dir=${join(dir, "profile")}`, `--print-to-pdf=${output}`, pathToFileURL(input).href],
      dir,
      timeoutMs,
    );
    let pdf: Buffer;
    try {
      pdf = await readFile(output);
    } catch {
      throw new PdfPrintError("Chromium exited without writing the PDF");
    }
    if (pdf.subarray(0, PDF_MAGIC.length).toString("latin1") !== PDF_MAGIC) throw new PdfPrintError("Chromium wrote a file that is not a PDF");
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs Chromium in its own process group (so that a timeout kills its helpers too); rejects on failure. */
function run(executable: string, args: readonly string[], home: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // Only what Chromium needs: the service's environment holds its secrets.
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home, LANG: "C.UTF-8" };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(executable, args, { env, stdio: ["ignore", "ignore", "pipe"], detached: true });
    } catch (error) {
      reject(new PdfPrintError(`cannot start Chromium at ${executable}: ${(error as Error).message}`));
      return;
    }
    let stderr = "";
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      kill();
      reject(new PdfPrintError(`Chromium did not finish printing within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new PdfPrintError(`cannot start Chromium at ${executable}: ${error.message}`));
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      // A helper left behind (the GPU or crash reporter process) must not outlive the print.
      kill();
      if (code === 0) resolve();
      else reject(new PdfPrintError(`Chromium failed (${signal ?? `exit ${code}`})${lastLine(stderr)}`));
    });
  });
}

/** Chromium's last error line, which usually says why. */
function lastLine(stderr: string): string {
  const line = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .at(-1);
  return line === undefined ? "" : `: ${line.slice(0, 300)}`;
}
