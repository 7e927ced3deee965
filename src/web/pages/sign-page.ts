/**
 * `/audit/:owner/:repo/pull/:n/sign?role=…`: strong signing (21 CFR 11.200). GET shows what would be
 * signed — the PR, the exact head commit, the files it changes, the role and the meaning of its signature —
 * and, when the person may sign, a form with an optional rationale. POST signs, after a GitHub sign-in no
 * older than `sign_off.sign_in_max_age_minutes`, on the commit the page showed: decided by the gate's own rules
 * (core/plan.ts `decideSignature`, the rules of `/safety sign-off`), with the person's roles asked of GitHub
 * with the app's token now. A refusal records nothing. An accepted signature goes into the PR's stream of the
 * inbox, so that it is recorded and the check, comment and labels published in order with the PR's other
 * events, exactly once; the page then shows its receipt.
 */
import { randomUUID } from "node:crypto";
import type { AuditRecord } from "../../audit/record.js";
import { decideSignature, type SignatureEvent, type Snapshot } from "../../core/plan.js";
import { signOffMeaning } from "../../core/requirements.js";
import { normaliseRationale, RATIONALE_MAX, signInMaxAgeMs, staleSignIn } from "../../core/strong-signing.js";
import { prRecords } from "../../handlers/read-snapshot.js";
import { pullPath } from "../../reports/links.js";
import { html, type Html } from "../html.js";
import type { PageDeps, PageRequest, PageResponse, SignerContext } from "../types.js";
import { timeElement } from "./format.js";
import { badRequest, notFound, page } from "./respond.js";
import type { SigningDeps } from "./sign-deps.js";
import { readForSigning, waitFor } from "./sign-read.js";
import { hiddenFields, rationaleField, refusalNotice, SIGN_STYLE, signInFacts, staleNotice } from "./sign-view.js";

/** Role ids as the configuration allows them. */
const ROLE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const SHA = /^[0-9a-f]{40}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Files listed on the page; the rest are counted. */
const MAX_FILES = 200;

/** The page, for a person who can read `repo` (the caller checked). */
export async function signPage(request: PageRequest, deps: PageDeps, repo: string, pr: number): Promise<PageResponse> {
  const user = request.github.login;
  const signing = deps.signing;
  const signer = request.signer;
  if (signing === undefined || signer === undefined) {
    return page(503, {
      title: "Signing is not available",
      user,
      body: html`<p>This deployment of the Clinical Safety Gate does not offer signing on the audit pages.</p>`,
    });
  }
  const role = request.url.searchParams.get("role") ?? "";
  if (!ROLE.test(role)) return badRequest("Name the role to sign as: ?role=cso.");
  const receipt = request.url.searchParams.get("receipt");
  if (receipt !== null && request.method !== "POST") {
    return UUID.test(receipt) ? receiptPage(user, deps, repo, pr, role, receipt) : badRequest("That is not a signature's receipt.");
  }
  const now = deps.now();
  const preview: SignatureEvent = {
    kind: "signature",
    actor: user,
    at: now.toISOString(),
    role,
    headSha: "",
    signedInAt: now.toISOString(),
    source: "audit-page:preview",
  };
  const read = await readForSigning(signing, repo, pr, user, preview);
  if ("missing" in read) return notFound(user);
  const { snapshot } = read;
  const config = snapshot.config.state === "ok" ? snapshot.config.config : undefined;
  const maxAge = signInMaxAgeMs(config);
  // What the rules say now, the sign-in's age apart (that is said on its own, with the way to sign in again).
  const rules = decideSignature(snapshot, { ...preview, headSha: snapshot.pr.headSha });
  const stale = staleSignIn(signer.signedInAt, now.getTime(), maxAge);
  const signed = "accept" in rules ? rules.accept.find((f) => f.kind === "sign-off") : undefined;
  const name = signed?.kind === "sign-off" ? signed.name : undefined;
  const view = (status: number, notice: Html, form: boolean, rationale?: string) =>
    page(status, {
      title: `Sign ${repo}#${pr} as ${role}`,
      user,
      body: signBody({
        repo,
        pr,
        role,
        user,
        ...(name === undefined ? {} : { name }),
        snapshot,
        signer,
        now: now.getTime(),
        maxAgeMs: maxAge,
        notice,
        form,
        path: pagePath(repo, pr, role),
        ...(rationale === undefined ? {} : { rationale }),
      }),
    });

  if (request.method !== "POST") {
    if ("refuse" in rules) return view(200, refusalNotice("You cannot sign this pull request now.", rules.refuse), false);
    if (stale !== undefined) return view(200, staleNotice(stale, pagePath(repo, pr, role)), false);
    return view(200, html``, true);
  }

  const form = signer.form ?? new URLSearchParams();
  const shown = form.get("sha") ?? "";
  if (form.get("role") !== role || !SHA.test(shown)) return badRequest("The form does not name the role and the commit it was shown for.");
  const rationale = normaliseRationale(form.get("rationale"));
  if (rationale !== undefined && [...rationale].length > RATIONALE_MAX) {
    return view(
      400,
      refusalNotice("Not signed.", `the rationale is longer than ${RATIONALE_MAX} characters; shorten it`),
      !("refuse" in rules) && stale === undefined,
      rationale,
    );
  }
  if (stale !== undefined || signer.signedInAt === undefined) {
    return view(403, staleNotice(stale ?? "your GitHub sign-in time is unknown", pagePath(repo, pr, role)), false);
  }
  const event: SignatureEvent = {
    ...preview,
    headSha: shown,
    signedInAt: new Date(signer.signedInAt).toISOString(),
    ...(rationale === undefined ? {} : { rationale }),
  };
  const decision = decideSignature(snapshot, event);
  if ("refuse" in decision) return view(409, refusalNotice("Not signed.", decision.refuse), false);

  const id = randomUUID();
  await enqueue(signing, read.app.installationId, snapshot, event, id);
  const source = `audit-page:${id}#0`;
  await waitFor(async () => (await signatureRecord(deps, repo, pr, source)) !== undefined, signing.waitMs ?? 10_000);
  // Whether recorded by now or still in line, the receipt says which; a reload of it signs nothing again.
  return { status: 303, headers: { location: `${pagePath(repo, pr, role)}&receipt=${id}`, "cache-control": "no-store" }, body: "" };
}

/** The page's own address (path and role), which the form posts to and sign-in comes back to. */
function pagePath(repo: string, pr: number, role: string): string {
  return `${pullPath(repo, pr)}/sign?${new URLSearchParams({ role }).toString()}`;
}

/** Puts the signature into the PR's stream of the inbox. */
async function enqueue(signing: SigningDeps, installationId: number, s: Snapshot, event: SignatureEvent, id: string): Promise<void> {
  await signing.queue.enqueueSignature({
    repository: { full_name: `${s.pr.owner}/${s.pr.repo}`, name: s.pr.repo, owner: { login: s.pr.owner }, default_branch: s.defaultBranch ?? "" },
    installation: { id: installationId },
    pull_request: { number: s.pr.number },
    signature: {
      id,
      actor: event.actor,
      role: event.role,
      headSha: event.headSha,
      at: event.at,
      signedInAt: event.signedInAt,
      ...(event.rationale === undefined ? {} : { rationale: event.rationale }),
    },
  });
}

async function signatureRecord(deps: PageDeps, repo: string, pr: number, source: string): Promise<AuditRecord | undefined> {
  return (await prRecords(deps.audit, repo, pr)).find((r) => r.kind === "sign-off" && r.data.source === source);
}

/** The receipt of a submitted signature: recorded (with what exactly), or still in line. */
async function receiptPage(user: string, deps: PageDeps, repo: string, pr: number, role: string, id: string): Promise<PageResponse> {
  const record = await signatureRecord(deps, repo, pr, `audit-page:${id}#0`);
  const title = `Sign ${repo}#${pr} as ${role}`;
  if (record === undefined) {
    return page(202, {
      title,
      user,
      body: html`<div class="notice" role="status"><p><strong>Your signature was submitted and is not recorded yet.</strong> It is applied in order with the pull request's other events. If the pull request changed before its turn (a new commit, say), it is refused, and the reason is posted on the pull request.</p>
<p><a href="${`${pagePath(repo, pr, role)}&receipt=${id}`}">Look again</a> · <a href="${pullPath(repo, pr)}">The pull request's evidence</a></p></div>`,
    });
  }
  const d = record.data;
  const text = (key: string) => (typeof d[key] === "string" ? d[key] : undefined);
  const name = text("name");
  const signedInAt = text("signedInAt");
  const rationale = text("rationale");
  return page(200, {
    title,
    user,
    body: html`<div class="notice ok" role="status"><p><strong>Signed.</strong> Your signature is recorded in the audit trail (record ${record.seq}); the pull request's check, comment and labels are being updated.</p></div>
<dl class="fields">
<dt>Pull request</dt><dd><a href="${pullPath(repo, pr)}">${repo}#${pr}</a></dd>
<dt>Commit signed</dt><dd><code class="sha">${record.headSha ?? ""}</code></dd>
<dt>Role</dt><dd>${text("role") ?? role}</dd>
<dt>Meaning</dt><dd>${text("meaning") ?? ""}</dd>
<dt>Signed by</dt><dd>${name === undefined ? record.actor : html`${name} (${record.actor})`}</dd>
<dt>Signed at</dt><dd>${timeElement(record.at)}</dd>
<dt>How</dt><dd>on the audit page, after a GitHub sign-in at ${signedInAt === undefined ? "an unknown time" : timeElement(signedInAt)}</dd>
${rationale === undefined ? "" : html`<dt>Rationale</dt><dd>${rationale}</dd>`}
</dl>`,
  });
}

interface SignBody {
  repo: string;
  pr: number;
  role: string;
  /** The signer's login, and printed name when known. */
  user: string;
  name?: string;
  snapshot: Snapshot;
  signer: SignerContext;
  now: number;
  maxAgeMs: number;
  notice: Html;
  form: boolean;
  path: string;
  rationale?: string;
}

/** What would be signed, the notice, and the form when the person may sign. */
function signBody(b: SignBody): Html {
  const { snapshot: s, role } = b;
  const config = s.config.state === "ok" ? s.config.config : undefined;
  const meaning = signOffMeaning(role, config?.roles[role]);
  return html`${SIGN_STYLE}${b.notice}
<dl class="fields">
<dt>Pull request</dt><dd><a href="${pullPath(b.repo, b.pr)}">${b.repo}#${b.pr}</a>: ${s.pr.title}</dd>
<dt>Author</dt><dd>${s.pr.author}</dd>
<dt>Commit to sign</dt><dd><code class="sha" id="head-sha">${s.pr.headSha}</code> (the pull request's head now)</dd>
<dt>Role</dt><dd>${role}</dd>
<dt>Meaning of the signature</dt><dd id="meaning">${meaning}</dd>
<dt>Signer</dt><dd>${b.name === undefined ? b.user : `${b.name} (${b.user})`}</dd>
<dt>Your GitHub sign-in</dt><dd>${signInFacts(b.signer.signedInAt, b.now, b.maxAgeMs)}</dd>
<dt>Gate now</dt><dd>${gateLine(s)}</dd>
</dl>
${filesSection(s)}
${b.form ? signForm(b, meaning) : ""}`;
}

/** The gate's check title for the PR as it stands, as last recorded. */
function gateLine(s: Snapshot): string {
  const decided = s.records.filter((r) => r.kind === "check-conclusion").at(-1);
  const title = typeof decided?.data.checkTitle === "string" ? decided.data.checkTitle : undefined;
  return decided?.headSha === s.pr.headSha && title !== undefined ? title : "not evaluated on this commit yet";
}

function filesSection(s: Snapshot): Html {
  const files = s.pr.files;
  const total = Math.max(s.pr.changedFiles, files.length);
  const rows = files
    .slice(0, MAX_FILES)
    .map(
      (f) =>
        html`<tr><td>${f.status}</td><td><code>${f.path}</code>${f.previousPath === undefined ? "" : html` <span class="muted">(from <code>${f.previousPath}</code>)</span>`}</td></tr>`,
    );
  const more = total - rows.length;
  return html`<h2>Changes in this commit</h2>
<table>
<caption>${total} ${total === 1 ? "file" : "files"} changed by the pull request at this commit${more > 0 ? `, the first ${rows.length} listed` : ""}</caption>
<thead><tr><th scope="col">Change</th><th scope="col">File</th></tr></thead>
<tbody>${rows}</tbody>
</table>${more > 0 ? html`<p class="muted">…and ${more} more ${more === 1 ? "file" : "files"}${s.pr.filesTruncated ? " (GitHub lists at most 3000 of a pull request's files)" : ""}.</p>` : ""}`;
}

function signForm(b: SignBody, meaning: string): Html {
  const s = b.snapshot;
  return html`<form class="sign" method="post" action="${b.path}">
${hiddenFields(b.signer.csrf, { role: b.role, sha: s.pr.headSha })}
<p class="statement">By signing, you (${b.name === undefined ? b.user : `${b.name}, ${b.user}`}) give <strong>${meaning}</strong> for commit <code class="sha">${s.pr.headSha}</code> of ${b.repo}#${b.pr}.</p>
${rationaleField(b.rationale)}
<p><button type="submit">Sign as ${b.role}</button></p>
</form>`;
}
