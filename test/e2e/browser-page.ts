import { describe } from "@jest/globals";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserTests } from "./web-harness.js";

/**
 * What every browser test file does the same way: run only where Chromium can, open each test in a fresh
 * profile, and save the docs' screenshots on request. One copy, so the pages' screenshots in docs/images/
 * all have the same size and cut.
 */

const availability = browserTests();
if (!availability.run) console.warn(availability.reason);
/** `describe` where browser tests run (always in CI), `describe.skip` with a warning where they cannot. */
export const describeInBrowser = availability.run ? describe : describe.skip;

/** Where `UPDATE_DOC_IMAGES=1` saves the screenshots docs/ shows; undefined otherwise. */
export const DOC_IMAGES = process.env.UPDATE_DOC_IMAGES === "1" ? join(process.cwd(), "docs/images") : undefined;

/** The width and first-screen height of every page shot. */
const WIDTH = 1200;
const SCREEN_HEIGHT = 820;
/** The tallest screenshot saved: enough to show a page's point without a megabyte of PNG. */
const MAX_SHOT_HEIGHT = 1300;

/**
 * Runs `use` in a fresh browser profile (no cookie carries over) at a laptop's size, downloads allowed,
 * every dialog recorded (and dismissed) so a test can assert that none opened.
 */
export async function withBrowserPage<T>(browser: Browser, use: (page: Page, dialogs: string[], context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: SCREEN_HEIGHT }, acceptDownloads: true });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  try {
    return await use(page, dialogs, context);
  } finally {
    await context.close();
  }
}

/**
 * Saves docs/images/`name`.png when `UPDATE_DOC_IMAGES=1`: the first screen, or with `fullPage` the page cut
 * at a height that keeps the file small.
 */
export async function docScreenshot(page: Page, name: string, fullPage = false): Promise<void> {
  if (!DOC_IMAGES) return;
  mkdirSync(DOC_IMAGES, { recursive: true });
  const height = fullPage ? Math.min(MAX_SHOT_HEIGHT, await page.evaluate<number>("document.documentElement.scrollHeight")) : SCREEN_HEIGHT;
  await page.screenshot({ path: join(DOC_IMAGES, `${name}.png`), fullPage, clip: { x: 0, y: 0, width: WIDTH, height } });
}
