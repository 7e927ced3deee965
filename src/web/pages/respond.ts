/**
 * The responses the pages send: an HTML page, a download, or one of the few refusals. The refusal for a
 * repository the person cannot read is the very same response as for one that does not exist, byte for
 * byte, so that no page can be used to find out which private repositories exist.
 */
import type { PageResponse } from "../types.js";
import { html, layout, type Html, type LayoutOptions } from "../html.js";

/** Formats a page can be downloaded in, besides HTML. */
export type DownloadFormat = "csv" | "json" | "md";

const CONTENT_TYPES: Readonly<Record<DownloadFormat | "html", string>> = {
  html: "text/html; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  md: "text/markdown; charset=utf-8",
};

/**
 * Audit evidence is private: no shared cache may keep it, and a signed-out browser's back button must not
 * show it again.
 */
const PRIVATE = { "cache-control": "no-store" };

/** A page in the common layout. */
export function page(status: number, options: LayoutOptions): PageResponse {
  return { status, headers: { "content-type": CONTENT_TYPES.html, ...PRIVATE }, body: layout(options) };
}

/**
 * The one answer for a page that does not exist, a repository that does not exist, and a repository the
 * person may not read.
 */
export function notFound(user: string): PageResponse {
  return page(404, {
    title: "Not found",
    user,
    body: html`<p>There is no such page, or you do not have access to it.</p><p><a href="/audit">Back to the merge history</a></p>`,
  });
}

/** Anything but GET (or HEAD): the pages only read. */
export function methodNotAllowed(): PageResponse {
  return { status: 405, headers: { "content-type": "text/plain; charset=utf-8", allow: "GET, HEAD", ...PRIVATE }, body: "Method not allowed\n" };
}

/** A request the page cannot answer as asked (an unknown format, a malformed filter in an export). */
export function badRequest(message: string): PageResponse {
  return { status: 400, headers: { "content-type": "text/plain; charset=utf-8", ...PRIVATE }, body: `${message}\n` };
}

/**
 * A file to save: `content-disposition: attachment` so the browser downloads it rather than showing it,
 * under a name made only of safe characters (repository names and refs come from outside).
 */
export function download(format: DownloadFormat, name: string, body: string): PageResponse {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "audit";
  return {
    status: 200,
    headers: {
      "content-type": CONTENT_TYPES[format],
      "content-disposition": `attachment; filename="${safe}.${format}"`,
      ...PRIVATE,
    },
    body,
  };
}

/** JSON as downloaded: indented, so that it is readable in a text editor too. */
export function jsonBody(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** What `?format=` asks for: HTML when absent, undefined when it names a format the page does not offer. */
export function requestedFormat<F extends DownloadFormat>(url: URL, offered: readonly F[]): F | "html" | undefined {
  const format = url.searchParams.get("format");
  if (format === null || format === "" || format === "html") return "html";
  return (offered as readonly string[]).includes(format) ? (format as F) : undefined;
}

/** Download links for the formats a page offers, keeping the page's own query (its filters). */
export function downloadLinks(url: URL, formats: readonly DownloadFormat[], label = "Download"): Html {
  const links = formats.map((format) => {
    const params = new URLSearchParams(url.searchParams);
    params.set("format", format);
    return html`<li><a href="${`${url.pathname}?${params.toString()}`}" download>${label} ${NAMES[format]}</a></li>`;
  });
  return html`<ul class="downloads plain" aria-label="Downloads">${links}</ul>`;
}

const NAMES: Readonly<Record<DownloadFormat, string>> = { csv: "CSV", json: "JSON", md: "Markdown" };
