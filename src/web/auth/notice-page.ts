import type { PageResponse } from "../types.js";

/**
 * The few pages the sign-in itself shows (sign-in failed, signed out, not configured, an error): plain,
 * self-contained HTML with no script and no outside asset, every string escaped. The audit pages proper are
 * rendered elsewhere; these must work even when those cannot.
 */

/** What the person can do next: follow a link, or submit a one-button form (POST, for signing out). */
export type NoticeAction = { kind: "link"; href: string; label: string } | { kind: "form"; action: string; label: string };

/** A notice page's content. */
export interface Notice {
  status: number;
  title: string;
  paragraphs: string[];
  action?: NoticeAction;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

const STYLE =
  "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2328}" +
  "a,button{font:inherit}button{padding:.4rem 1rem;cursor:pointer}";

function actionHtml(action: NoticeAction): string {
  if (action.kind === "link") return `<p><a href="${escapeHtml(action.href)}">${escapeHtml(action.label)}</a></p>`;
  return `<form method="post" action="${escapeHtml(action.action)}"><button type="submit">${escapeHtml(action.label)}</button></form>`;
}

/** The notice as an HTML response (never cached: it depends on who asks and when). */
export function noticePage(notice: Notice): PageResponse {
  const body =
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(notice.title)} · Clinical Safety Gate</title><style>${STYLE}</style></head>` +
    `<body><main><h1>${escapeHtml(notice.title)}</h1>` +
    notice.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("") +
    (notice.action ? actionHtml(notice.action) : "") +
    `</main></body></html>`;
  return { status: notice.status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }, body };
}
