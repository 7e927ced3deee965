/**
 * HTML for the audit pages, built so that forgetting to escape is impossible rather than merely unlikely.
 *
 * Everything an audit page shows came from somebody's keyboard: PR titles, hazard titles, objection
 * reasons, logins, file paths, the query string. The {@link html} template escapes every interpolated
 * value unless it is already {@link Html} (markup this module or another `html` template produced), so a
 * page author has to go out of their way ({@link trustedHtml}) to put raw text into a page.
 * Escaping covers attribute values too: every attribute in these templates is double-quoted, and `"` and
 * `'` are escaped along with `<`, `>` and `&`.
 */

import { appPath } from "../reports/links.js";

/** Markup that is safe to place in a page as it is. Only {@link html} and {@link trustedHtml} make one. */
export class Html {
  /** @internal use {@link html} or {@link trustedHtml} */
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate: text (escaped), markup (kept), numbers, lists, or nothing. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text made inert in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * A template literal tag: the literal parts are the page author's markup, every `${value}` is escaped
 * unless it is {@link Html}. Arrays are concatenated (each item escaped the same way); `null`,
 * `undefined` and `false` render nothing, so `${cond && html`…`}` reads naturally.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new Html(out);
}

/** Markup written by this code base itself (the style sheet), never anything that came from outside. */
export function trustedHtml(markup: string): Html {
  return new Html(markup);
}

/** Joins fragments with a separator (itself escaped unless it is markup). */
export function join(items: readonly HtmlValue[], separator: HtmlValue = ""): Html {
  const sep = render(separator);
  return new Html(items.map(render).join(sep));
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join("");
  return escapeHtml(String(value));
}

/** What {@link layout} needs. */
export interface LayoutOptions {
  /** The page's own title (the `<title>` adds the product's name) and its `<h1>`. */
  title: string;
  /** The signed-in person's login, shown so that a shared screen says whose view it is. */
  user: string;
  /** The main content, below the `<h1>`. */
  body: Html;
  /** Which section the page is, marked `aria-current` in the navigation. */
  section?: Section;
  /**
   * The repository a repository-scoped page is about (`owner/name`): the navigation then links its hazard
   * index and release report too.
   */
  repo?: string;
}

/** The sections in the navigation bar, and a repository's own pages. */
export type Section = "needs-me" | "history" | "involvement" | "hazards" | "release";

/** The sections in the navigation bar: the person's workspace first. */
const SECTIONS: readonly { id: Section; label: string; href: string }[] = [
  { id: "needs-me", label: "Needs me", href: "/audit/needs-me" },
  { id: "history", label: "Merge history", href: "/audit" },
  { id: "involvement", label: "Was safety asked early?", href: "/audit/involvement" },
];

/** A repository's pages in the navigation (PRODUCT.md paths). */
function repoSections(repo: string): { id: Section; label: string; href: string }[] {
  const [owner = "", name = ""] = repo.split("/");
  return [
    { id: "hazards", label: "Hazard index", href: appPath(["audit", owner, name, "hazards"]) },
    { id: "release", label: "Release report", href: appPath(["audit", owner, name, "release"]) },
  ];
}

function navLinks(sections: readonly { id: Section; label: string; href: string }[], current: Section | undefined): Html[] {
  return sections.map((s) => html`<li><a href="${s.href}"${s.id === current ? trustedHtml(' aria-current="page"') : ""}>${s.label}</a></li>`);
}

/**
 * A whole page: one `<h1>`, a skip link to the content, the navigation, and the inline style sheet.
 * Nothing is loaded from anywhere else (the pages must work air-gapped, and the router's content security
 * policy allows no scripts), so the CSS is inline and there is no JavaScript at all.
 */
export function layout(options: LayoutOptions): string {
  const nav = navLinks(SECTIONS, options.section);
  const repoNav =
    options.repo === undefined
      ? ""
      : html`
<nav aria-label="${options.repo}"><ul><li class="repo">${options.repo}</li>${navLinks(repoSections(options.repo), options.section)}</ul></nav>`;
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${options.title} — Clinical Safety Gate</title>
<style>${trustedHtml(STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<p class="brand">Clinical Safety Gate · audit</p>
<nav aria-label="Audit sections"><ul>${nav}</ul></nav>${repoNav}
<p class="user">Signed in as <strong>${options.user}</strong> · <a href="/audit/logout">Sign out</a></p>
</header>
<main id="main" tabindex="-1">
<h1>${options.title}</h1>
${options.body}
</main>
</body>
</html>
`.value;
}

/**
 * The style sheet: system fonts, readable line lengths on a laptop, visible focus, colour never the only
 * signal (every badge also has words), and a print style that drops navigation and forms so that a page
 * printed to PDF is a clean piece of evidence.
 */
const STYLE = `
:root{--ink:#1b1f24;--muted:#4a5360;--line:#c9d1d9;--bg:#fff;--soft:#f4f6f8;--accent:#0b57a4;--warn:#8a1c12;--warnbg:#fdecea;--ok:#1d6b32;--okbg:#e7f4ea;--focus:#f2a900}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:100%;line-height:1.5;color:var(--ink);background:var(--bg)}
body{margin:0}
main{max-width:78rem;margin:0 auto;padding:1rem 1.5rem 3rem}
main:focus{outline:none}
h1{font-size:1.6rem;margin:.5rem 0 1rem;line-height:1.25}
h2{font-size:1.25rem;margin:2rem 0 .5rem}
h3{font-size:1.05rem;margin:1.5rem 0 .5rem}
a{color:var(--accent)}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--ink);color:#fff;padding:.5rem 1rem;z-index:1}
.skip:focus{left:0}
.top{display:flex;flex-wrap:wrap;gap:.5rem 2rem;align-items:center;padding:.5rem 1.5rem;background:var(--soft);border-bottom:1px solid var(--line)}
.top .brand{font-weight:700;margin:0}
.top ul{list-style:none;display:flex;gap:1.25rem;margin:0;padding:0}
.top a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
.top li.repo{font-weight:600;color:var(--muted)}
.top .user{margin:0 0 0 auto;color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem;font-size:.95rem}
caption{text-align:left;font-weight:600;padding:.25rem 0;color:var(--muted)}
th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--soft)}
tbody th{font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
ul.plain{list-style:none;margin:0;padding:0}
time,.nowrap{white-space:nowrap}
code,.sha{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.muted{color:var(--muted)}
.badge{display:inline-block;padding:0 .4rem;border-radius:.25rem;border:1px solid currentColor;font-size:.85em;font-weight:600;white-space:nowrap}
.badge.warn{color:var(--warn);background:var(--warnbg)}
.badge.ok{color:var(--ok);background:var(--okbg)}
.notice{border-left:4px solid var(--accent);background:var(--soft);padding:.5rem 1rem;margin:1rem 0}
.notice.warn{border-color:var(--warn);background:var(--warnbg)}
.notice.ok{border-color:var(--ok);background:var(--okbg)}
form.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.75rem 1rem;align-items:end;background:var(--soft);border:1px solid var(--line);padding:1rem;margin:0 0 1rem}
form.filters .wide{grid-column:1/-1}
label{display:block;font-weight:600;font-size:.9rem;margin-bottom:.2rem}
label.inline{display:inline;font-weight:400}
input,select,button{font:inherit;padding:.35rem .5rem;border:1px solid var(--muted);border-radius:.25rem;background:#fff;color:var(--ink);max-width:100%}
input[type=text],input[type=date],select{width:100%}
button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer;font-weight:600}
.downloads{display:flex;flex-wrap:wrap;gap:1rem;margin:.5rem 0 1rem}
dl.fields{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:.25rem 1rem;margin:0 0 1rem}
dl.fields dt{font-weight:600}
dl.fields dd{margin:0}
figure{margin:1rem 0}
figure svg{max-width:100%;height:auto}
@media print{.top,.skip,form,.downloads{display:none}main{max-width:none;padding:0}a{color:inherit;text-decoration:none}table{font-size:9pt}tr{break-inside:avoid}}
`;
