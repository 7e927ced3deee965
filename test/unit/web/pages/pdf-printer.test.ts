import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromiumPrinter, PdfPrintError, PRINT_POLICY, printerFromEnv, withPrintPolicy } from "../../../../src/web/pages/pdf-printer.js";

/**
 * The PDF printer's failures, with stand-ins for Chromium (small shell scripts that take the same arguments):
 * each is refused with a reason, the temporary files go, and a hung browser is killed. Printing with the real
 * Chromium is tested in test/e2e/browser/release-report.test.ts.
 */
describe("chromiumPrinter", () => {
  let dir: string;
  /** A stand-in for Chromium: `body` runs with Chromium's arguments; `$PDF` is the file it was asked to write. */
  const fake = (name: string, body: string): string => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\nfor a in "$@"; do case "$a" in --print-to-pdf=*) PDF="\${a#--print-to-pdf=}";; esac; done\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const ours = () => readdirSync(tmpdir()).filter((f) => f.startsWith("clinical-safety-pdf-"));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pdf-printer-test-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("returns what the browser printed, and leaves no file behind", async () => {
    const before = ours();
    const print = chromiumPrinter(fake("prints", `printf '%%PDF-1.4 printed' > "$PDF"`));
    const pdf = await print("<p>report</p>");
    expect(Buffer.from(pdf).toString("latin1")).toBe("%PDF-1.4 printed");
    expect(ours()).toEqual(before);
  });

  it("holds the page to a policy that runs no script and loads nothing", async () => {
    const print = chromiumPrinter(fake("copies", `for a in "$@"; do last="$a"; done; { printf '%%PDF-'; cat "\${last#file://}"; } > "$PDF"`));
    const page = Buffer.from(await print("<!doctype html><html><head><title>x</title></head><body>report</body></html>")).toString("utf8");
    expect(page).toBe(
      `%PDF-<!doctype html><html><head>\n<meta http-equiv="Content-Security-Policy" content="${PRINT_POLICY}"><title>x</title></head><body>report</body></html>`,
    );
    expect(PRINT_POLICY).toMatch(/^default-src 'none';/);
    expect(withPrintPolicy("<p>no head</p>")).toBe(`<meta http-equiv="Content-Security-Policy" content="${PRINT_POLICY}">\n<p>no head</p>`);
  });

  it("gives the browser none of the service's environment", async () => {
    process.env.WEBHOOK_SECRET_FOR_TEST = "never-to-chromium";
    try {
      const print = chromiumPrinter(fake("env", `{ printf '%%PDF-'; env; } > "$PDF"`));
      const env = Buffer.from(await print("<p>x</p>")).toString("utf8");
      expect(env).not.toContain("never-to-chromium");
      expect(env).toMatch(/^HOME=/m);
    } finally {
      delete process.env.WEBHOOK_SECRET_FOR_TEST;
    }
  });

  it.each<[string, string, RegExp]>([
    ["a browser that fails", "echo 'ERROR: no display' >&2; exit 3", /^Chromium failed \(exit 3\): ERROR: no display$/],
    ["a browser that writes nothing", "exit 0", /^Chromium exited without writing the PDF$/],
    ["a browser that writes something else", `echo '<html>' > "$PDF"`, /^Chromium wrote a file that is not a PDF$/],
  ])("refuses %s with the reason", async (_case, body, message) => {
    const before = ours();
    const print = chromiumPrinter(fake(`fails-${body.length}`, body));
    const error = await print("<p>x</p>").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfPrintError);
    expect((error as Error).message).toMatch(message);
    expect(ours()).toEqual(before);
  });

  it("refuses a browser that is not there", async () => {
    await expect(chromiumPrinter(join(dir, "no-such-chromium"))("<p>x</p>")).rejects.toThrow(
      /^cannot start Chromium at .*no-such-chromium: .*ENOENT/,
    );
  });

  it("kills a browser that hangs, helpers and all, and says how long it waited", async () => {
    const marker = join(dir, "helper-still-running");
    // The "browser" starts a helper in its own process group, as Chromium does, then hangs.
    const print = chromiumPrinter(fake("hangs", `(sleep 2; touch '${marker}') & sleep 30`), 300);
    await expect(print("<p>x</p>")).rejects.toThrow("Chromium did not finish printing within 0.3 s");
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(existsSync(marker)).toBe(false);
  });

  it("prints one page at a time, and goes on after a failure", async () => {
    const log = join(dir, "overlap.log");
    // The last argument is the page's file URL; a page saying "fail" makes the stand-in fail.
    const print = chromiumPrinter(
      fake(
        "slow",
        `for a in "$@"; do last="$a"; done; if grep -q fail "\${last#file://}"; then exit 1; fi
echo start >> '${log}'; sleep 0.2; echo end >> '${log}'; printf '%%PDF-' > "$PDF"`,
      ),
    );
    const pages = [print("<p>1</p>"), print("<p>fail</p>"), print("<p>3</p>"), print("<p>4</p>")];
    const results = await Promise.allSettled(pages);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(readFileSync(log, "utf8").trim().split("\n")).toEqual(["start", "end", "start", "end", "start", "end"]);
  });
});

describe("printerFromEnv", () => {
  it.each<[string, string | undefined, boolean]>([
    ["unset", undefined, false],
    ["blank", "  ", false],
    ["a path", "/usr/bin/chromium", true],
  ])("CHROMIUM_PATH %s", (_case, value, expected) => {
    expect(printerFromEnv(value === undefined ? {} : { CHROMIUM_PATH: value }) !== undefined).toBe(expected);
  });
});
