/**
 * `/audit/:owner/:repo/release/approve?from=REF&to=REF`: the CSO's approval of a release, for the Clinical
 * Safety Case Report. GET shows the range (both refs resolved to the commits they name now), how every commit
 * in it is accounted for, the audit chain's head, and what the signature means; POST records it as a
 * `release-approval` record (audit/evidence.ts `ReleaseApprovalData`), which the release report shows.
 * Only a member of the `cso` role may approve — asked of GitHub with the app's token, never taken from the
 * page — and only after a GitHub sign-in no older than `sign_off.sign_in_max_age_minutes` (as for strong
 * signing). A refusal records nothing; the same form posted twice records one approval.
 */
import { createHash, randomUUID } from "node:crypto";
import type { ReleaseApprovalData } from "../../audit/evidence.js";
import { GENESIS_HASH, type AuditRecord } from "../../audit/record.js";
import { REQUIRED_ROLE } from "../../config/cross-checks.js";
import { loadConfig } from "../../config/load.js";
import { configuredName, rolesOf } from "../../core/requirements.js";
import { normaliseRationale, RATIONALE_MAX, signInMaxAgeMs, staleSignIn } from "../../core/strong-signing.js";
import type { GateConfig } from "../../core/types.js";
import { contentReader } from "../../github/content.js";
import { teamsOf } from "../../github/membership.js";
import { isNotFound, type Octokit } from "../../github/octokit.js";
import { profileName } from "../../github/profile.js";
import { appPath } from "../../reports/links.js";
import { readRepoHistory, releaseCommitCounts, releaseCommitList } from "../../reports/read-model.js";
import { KeyedMutex } from "../../store/keyed-mutex.js";
import { html, type Html } from "../html.js";
import type { PageDeps, PageRequest, PageResponse, SignerContext } from "../types.js";
import { timeElement } from "./format.js";
import { badRequest, notFound, page } from "./respond.js";
import { hiddenFields, rationaleField, refusalNotice, SIGN_STYLE, signInFacts, staleNotice } from "./sign-view.js";

/** Tag, branch and SHA characters, as the release report accepts them. */
const REF = /^[A-Za-z0-9._/@+-]{1,250}$/;
const SHA = /^[0-9a-f]{40}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What a release approval means (21 CFR 11.50): fixed with the record. */
export function releaseApprovalMeaning(from: string, to: string): string {
  return `clinical safety approval of release ${from}..${to} as CSO`;
}

/** One approval at a time per submitted form in this process; the database's unique id covers replicas. */
const submitting = new KeyedMutex();

/** The page, for a person who can read `repo` (the caller checked). */
export async function releaseApprovalPage(request: PageRequest, deps: PageDeps, repo: string): Promise<PageResponse> {
  const user = request.github.login;
  const { signing } = deps;
  const signer = request.signer;
  const title = `Approve a release of ${repo}`;
  if (signing === undefined || signer === undefined) {
    return page(503, {
      title,
      user,
      body: html`<p>This deployment of the Clinical Safety Gate does not offer release approval on the audit pages.</p>`,
    });
  }
  const from = request.url.searchParams.get("from")?.trim() ?? "";
  const to = request.url.searchParams.get("to")?.trim() ?? "";
  if (!REF.test(from) || !REF.test(to)) return badRequest("Give the release's two refs (tags, branches or commit SHAs): from=REF&to=REF.");
  const path = approvePath(repo, from, to);
  const receipt = request.url.searchParams.get("receipt");
  if (receipt !== null && request.method !== "POST") {
    return UUID.test(receipt) ? receiptPage(user, deps, repo, from, to, receipt) : badRequest("That is not an approval's receipt.");
  }

  const [owner = "", name = ""] = repo.split("/");
  const app = await signing.repository(owner, name);
  if (app === undefined) return notFound(user);
  const loaded = await loadConfig(contentReader(app.octokit), { owner, repo: name, defaultBranch: app.defaultBranch });
  const config = loaded.state === "ok" ? loaded.config : undefined;
  const maxAge = signInMaxAgeMs(config);
  const now = deps.now();

  const commits = await request.github.commitsBetween(repo, from, to);
  const shas = commits === null ? null : await resolveRange(app.octokit, owner, name, from, to);
  if (commits === null || shas === null) {
    return page(400, { title, user, body: refusalNotice("Not a release.", `${repo} has no ref "${from}" or no ref "${to}"`) });
  }
  const head = await deps.audit.latest();
  const auditHead = head === undefined ? { seq: 0, hash: GENESIS_HASH } : { seq: head.seq, hash: head.hash };
  const counts = releaseCommitCounts(releaseCommitList(await readRepoHistory(deps.audit, repo), commits));
  const meaning = releaseApprovalMeaning(from, to);
  const isCso = config === undefined ? false : await holdsCso(app.octokit, owner, user, config);
  const stale = staleSignIn(signer.signedInAt, now.getTime(), maxAge);

  const view = (status: number, notice: Html, form: boolean, rationale?: string) =>
    page(status, {
      title,
      user,
      body: html`${SIGN_STYLE}${notice}
<dl class="fields">
<dt>Release</dt><dd><code>${from}</code> (<code class="sha">${shas.fromSha}</code>) to <code>${to}</code> (<code class="sha" id="to-sha">${shas.toSha}</code>)</dd>
<dt>Commits</dt><dd>${commits.length}: ${counts.assessed} assessed, ${counts["not-relevant"]} not relevant, ${counts.bypass} bypass, <strong>${counts.unassessed}</strong> unassessed · <a href="${appPath(["audit", owner, name, "release"], { from, to })}">the release report</a></dd>
<dt>Meaning of the signature</dt><dd id="meaning">${meaning}</dd>
<dt>Audit chain head</dt><dd>record ${auditHead.seq}, <code class="sha">${auditHead.hash}</code></dd>
<dt>Your GitHub sign-in</dt><dd>${signInFacts(signer.signedInAt, now.getTime(), maxAge)}</dd>
</dl>
${counts.unassessed > 0 ? html`<div class="notice warn" role="alert"><p><strong>${counts.unassessed} ${counts.unassessed === 1 ? "commit is" : "commits are"} unassessed</strong>: no record shows ${counts.unassessed === 1 ? "it was" : "they were"} assessed. Read the release report before approving.</p></div>` : ""}
${form ? approveForm(signer, path, shas, meaning, rationale) : ""}`,
    });

  const refusal =
    loaded.state !== "ok"
      ? `the repository's configuration is ${loaded.state}; fix it first`
      : isCso
        ? undefined
        : `only a member of the ${REQUIRED_ROLE} role (${describeRole(config)}) can approve a release, and GitHub does not list you as one`;

  if (request.method !== "POST") {
    if (refusal !== undefined) return view(403, refusalNotice("You cannot approve this release.", refusal), false);
    if (stale !== undefined) return view(200, staleNotice(stale, path), false);
    return view(200, html``, true);
  }

  const form = signer.form ?? new URLSearchParams();
  const nonce = form.get("receipt") ?? "";
  if (!UUID.test(nonce) || !SHA.test(form.get("fromSha") ?? "") || !SHA.test(form.get("toSha") ?? "")) {
    return badRequest("The form does not name the release it was shown for.");
  }
  if (refusal !== undefined) return view(403, refusalNotice("Not approved.", refusal), false);
  if (stale !== undefined || signer.signedInAt === undefined)
    return view(403, staleNotice(stale ?? "your GitHub sign-in time is unknown", path), false);
  if (form.get("fromSha") !== shas.fromSha || form.get("toSha") !== shas.toSha) {
    return view(
      409,
      refusalNotice("Not approved.", `the refs now name other commits than the page showed (${from} or ${to} moved); review the release again`),
      true,
    );
  }
  const rationale = normaliseRationale(form.get("rationale"));
  if (rationale !== undefined && [...rationale].length > RATIONALE_MAX) {
    return view(400, refusalNotice("Not approved.", `the rationale is longer than ${RATIONALE_MAX} characters; shorten it`), true, rationale);
  }

  const id = approvalId(nonce, user);
  await submitting.run(id, async () => {
    if ((await approvalRecord(deps, repo, id)) !== undefined) return;
    const printed = (config && configuredName(config.people, user)) ?? (await profileName(app.octokit, user, signing.gate.profiles));
    const data: ReleaseApprovalData = {
      from,
      to,
      fromSha: shas.fromSha,
      toSha: shas.toSha,
      meaning,
      ...(printed === undefined ? {} : { name: printed }),
      method: "audit-page",
      ...(rationale === undefined ? {} : { rationale }),
      auditHead,
    };
    try {
      await deps.audit.append({
        id,
        kind: "release-approval",
        actor: user,
        at: now.toISOString(),
        repo,
        pr: null,
        headSha: shas.toSha,
        configSha: loaded.state === "ok" ? (loaded.sha ?? null) : null,
        data,
      });
    } catch (error) {
      // Another replica recorded the same form first (the id is unique): that is the one approval.
      if ((await approvalRecord(deps, repo, id)) === undefined) throw error;
    }
  });
  return { status: 303, headers: { location: `${path}&receipt=${id}`, "cache-control": "no-store" }, body: "" };
}

/** The approval page's address for a range as typed. */
function approvePath(repo: string, from: string, to: string): string {
  return appPath(["audit", ...repo.split("/"), "release", "approve"], { from, to });
}

/** The form's approval id: the same form (its nonce) by the same person is one approval, whoever asks twice. */
function approvalId(nonce: string, login: string): string {
  const hex = createHash("sha256").update(`release-approval ${nonce} ${login.toLowerCase()}`).digest("hex");
  // A version-4-shaped UUID (the store accepts any UUID): 8-4-4-4-12 with the version and variant bits set.
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function approvalRecord(deps: PageDeps, repo: string, id: string): Promise<AuditRecord | undefined> {
  for await (const record of deps.audit.stream({ repo })) if (record.kind === "release-approval" && record.id === id) return record;
  return undefined;
}

/** Whether `login` holds the `cso` role, asked of GitHub now (no cache: this is the moment of signing). */
async function holdsCso(octokit: Octokit, org: string, login: string, config: GateConfig): Promise<boolean> {
  const teams = await teamsOf(octokit, org, login, config.roles);
  return rolesOf(config.roles, login, teams).includes(REQUIRED_ROLE);
}

function describeRole(config: GateConfig | undefined): string {
  const def = config?.roles[REQUIRED_ROLE];
  if (def === undefined) return "not configured";
  return [...def.teams.map((t) => `team ${t}`), ...def.users.map((u) => `@${u}`)].join(", ") || "nobody";
}

/**
 * Both refs as the commits they name now: GitHub's comparison of a ref with itself names its commit as the
 * base. Null when either does not exist.
 */
async function resolveRange(
  octokit: Octokit,
  owner: string,
  repo: string,
  from: string,
  to: string,
): Promise<{ fromSha: string; toSha: string } | null> {
  const fromSha = await resolveRef(octokit, owner, repo, from);
  const toSha = fromSha === null ? null : from === to ? fromSha : await resolveRef(octokit, owner, repo, to);
  return fromSha === null || toSha === null ? null : { fromSha, toSha };
}

async function resolveRef(octokit: Octokit, owner: string, repo: string, ref: string): Promise<string | null> {
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", { owner, repo, basehead: `${ref}...${ref}`, per_page: 1 });
    const sha = (data as { base_commit?: { sha?: unknown } }).base_commit?.sha;
    return typeof sha === "string" && SHA.test(sha.toLowerCase()) ? sha.toLowerCase() : null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

function approveForm(signer: SignerContext, path: string, shas: { fromSha: string; toSha: string }, meaning: string, rationale?: string): Html {
  return html`<form class="sign" method="post" action="${path}">
${hiddenFields(signer.csrf, { fromSha: shas.fromSha, toSha: shas.toSha, receipt: randomUUID() })}
<p class="statement">By approving, you give <strong>${meaning}</strong>, for the commits up to <code class="sha">${shas.toSha}</code>.</p>
${rationaleField(rationale)}
<p><button type="submit">Approve the release as CSO</button></p>
</form>`;
}

/** The receipt of an approval: what exactly was recorded. */
async function receiptPage(user: string, deps: PageDeps, repo: string, from: string, to: string, id: string): Promise<PageResponse> {
  const record = await approvalRecord(deps, repo, id);
  const title = `Approve a release of ${repo}`;
  if (record === undefined) return page(404, { title, user, body: html`<p>No approval with that receipt is recorded.</p>` });
  const d = record.data as unknown as ReleaseApprovalData;
  return page(200, {
    title,
    user,
    body: html`<div class="notice ok" role="status"><p><strong>Approved.</strong> Your approval is recorded in the audit trail (record ${record.seq}).</p></div>
<dl class="fields">
<dt>Release</dt><dd><code>${d.from}</code> (<code class="sha">${d.fromSha}</code>) to <code>${d.to}</code> (<code class="sha">${d.toSha}</code>)</dd>
<dt>Meaning</dt><dd>${d.meaning}</dd>
<dt>Approved by</dt><dd>${d.name === undefined ? record.actor : html`${d.name} (${record.actor})`}</dd>
<dt>Approved at</dt><dd>${timeElement(record.at)}</dd>
<dt>Audit chain head then</dt><dd>record ${d.auditHead.seq}, <code class="sha">${d.auditHead.hash}</code></dd>
${d.rationale === undefined ? "" : html`<dt>Rationale</dt><dd>${d.rationale}</dd>`}
</dl>
<p><a href="${appPath(["audit", ...repo.split("/"), "release"], { from, to })}">The release report</a></p>`,
  });
}
