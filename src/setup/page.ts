import { html, trustedHtml, type Html } from "../web/html.js";
import type { AppManifest } from "./manifest.js";

/**
 * The pages `npm run setup` serves on this machine. Everything shown is escaped by the `html` template: the
 * manifest is built from files and environment an operator controls, and the names GitHub sends back are
 * typed by whoever created the app, but neither is markup.
 */

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
code { background: #f6f8fa; padding: 0 .2em; border-radius: 4px; }
dt { font-weight: 600; } dd { margin: 0 0 .5rem 1rem; }
button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 1px solid #1f883d; background: #1f883d; color: #fff; cursor: pointer; }
.problem { border-left: 4px solid #cf222e; padding-left: 1rem; }
`;

function page(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Clinical Safety Gate setup</title>
<style>${trustedHtml(STYLE)}</style>
</head>
<body>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`.value;
}

export interface StartPageOptions {
  manifest: AppManifest;
  /** The GitHub page the form posts to, with `?state=…`. */
  action: string;
  /** "your personal account" or "the organization acme". */
  owner: string;
  /** The `.env` path the credentials will be written to. */
  envPath: string;
  /** True when `.env` already has an APP_ID that `--force` will replace. */
  replacing: boolean;
}

/** What will happen, what GitHub will be asked for, and the one button that sends the manifest. */
export function startPage(o: StartPageOptions): string {
  const m = o.manifest;
  const permissions = Object.entries(m.default_permissions).map(([name, level]) => html`<li><code>${name}</code>: ${level}</li>`);
  const events = m.default_events.map((e) => html`<li><code>${e}</code></li>`);
  return page(
    "Register the GitHub App",
    html`<p>This registers <strong>${m.name}</strong> as a private GitHub App owned by ${o.owner}, from this copy's
<code>app.yml</code>. Nothing is created until you confirm on GitHub.</p>
<ol>
<li>The button below sends the app's description (its manifest) to GitHub. GitHub shows it to you;
you may change the name there (app names are unique across GitHub), then choose <em>Create GitHub App</em>.</li>
<li>GitHub sends you back here with a one-time code. This tool exchanges it for the app's ID, private key,
webhook secret and OAuth client ID and secret, and writes them to <code>${o.envPath}</code>. They are shown
nowhere and printed nowhere.</li>
<li>You then install the app on your repositories, and start the service with <code>npm start</code>.</li>
</ol>
${o.replacing ? html`<p class="problem"><strong>${o.envPath} already has an APP_ID.</strong> With <code>--force</code> it is replaced by the new app's.</p>` : ""}
<dl>
<dt>Webhook URL</dt><dd><code>${m.hook_attributes.url}</code></dd>
<dt>Sign-in callback for the audit pages</dt><dd>${m.callback_urls.map((u) => html`<code>${u}</code> `)}</dd>
<dt>Permissions</dt><dd><ul>${permissions}</ul></dd>
<dt>Events</dt><dd><ul>${events}</ul></dd>
</dl>
<form method="post" action="${o.action}">
<input type="hidden" name="manifest" value="${JSON.stringify(m)}">
<button type="submit">Create the app on GitHub</button>
</form>`,
  );
}

export interface DonePageOptions {
  name: string;
  id: number;
  htmlUrl: string;
  installUrl: string;
  envPath: string;
}

export function donePage(o: DonePageOptions): string {
  return page(
    "The app is registered",
    html`<p><a href="${o.htmlUrl}">${o.name}</a> (App ID ${o.id}) exists on GitHub, and its credentials are in
<code>${o.envPath}</code>. You can close this tab: setup has stopped.</p>
<h2>Next</h2>
<ol>
<li><a href="${o.installUrl}">Install the app</a> on the repositories that hold clinical code.</li>
<li>Start the service: <code>npm start</code>.</li>
<li>Add <code>.github/clinical-safety.yml</code> and make the <em>Clinical safety</em> check required
(docs/getting-started.md).</li>
</ol>`,
  );
}

export function problemPage(title: string, message: string, again: boolean): string {
  return page(title, html`<p class="problem">${message}</p>${again ? html`<p><a href="/">Start again</a></p>` : ""}`);
}
