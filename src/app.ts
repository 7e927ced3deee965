import type { ApplicationFunction, ApplicationFunctionOptions, Context, Probot } from "probot";
import type { AuditStore } from "./store/audit-store.js";
import type { RevokedSessions } from "./store/revoked-sessions.js";
import type { AuditAuthSettings } from "./web/auth/env.js";
import { renderPage } from "./web/pages/index.js";
import { createAuditHandler } from "./web/router.js";
import type { FactStore } from "./store/port.js";
import { onCheckRunRerequested } from "./handlers/check-run.js";
import { safeError, type GateDeps } from "./handlers/gate.js";
import { reconcile } from "./handlers/reconcile.js";
import { onIssueComment } from "./handlers/issue-comment.js";
import { onPullRequest, PULL_REQUEST_ACTIONS } from "./handlers/pull-request.js";
import { onMerged } from "./handlers/merge.js";
import { onMergeGroup } from "./handlers/merge-group.js";
import { onPush } from "./handlers/push.js";
import { mayChangeGate } from "./core/may-change-gate.js";
import { gateEventOf, RepoKnowledgeCache } from "./handlers/gate-event.js";
import { ProfileCache } from "./github/profile.js";
import { MembershipCache } from "./github/membership.js";
import { TeamPeopleCache } from "./github/team-people.js";
import { onReviewSubmitted } from "./handlers/review.js";
import { onPageSignature } from "./handlers/page-signature.js";
import { repositoryAccess } from "./github/repo-installation.js";
import { SIGNATURE_EVENT, type InternalQueue } from "./intake/internal-delivery.js";

/** The audit pages' sign-in settings, and where their signed-out sessions are recorded. */
export type AuditWebOptions = AuditAuthSettings & { revokedSessions: RevokedSessions };

export interface AppOptions {
  store: FactStore;
  audit: AuditStore;
  /**
   * The audit pages' sign-in settings (from the environment); without them no `/audit` route is added (a
   * test that only delivers webhooks), with them but without credentials the pages say what to set.
   */
  web?: AuditWebOptions;
  /** PUBLIC_URL: where the audit pages are served, for links from checks and comments. */
  publicUrl?: string;
  /** How often to look for open PRs whose head the trail has not seen (handlers/reconcile.ts); off when absent. */
  reconcileEveryMs?: number;
  /**
   * Where signatures made on the audit pages are queued to be applied in order with their PR's events (the
   * service's inbox, intake/internal-delivery.ts); without it the pages offer no signing.
   */
  internal?: InternalQueue;
  now?: () => Date;
}

/** The bot login of this app (`<slug>[bot]`), asked of GitHub once: it differs per app registration. */
function botLoginOf(app: Probot): () => Promise<string> {
  let login: Promise<string> | undefined;
  return () => {
    login ??= app.auth().then(async (octokit) => {
      const { data } = await octokit.rest.apps.getAuthenticated();
      if (!data?.slug) throw new Error("GET /app returned no slug");
      return `${data.slug}[bot]`;
    });
    // A failed lookup is not cached: the next event tries again.
    login.catch(() => (login = undefined));
    return login;
  };
}

/** The webhook events the app handles: the intake stores only these (src/intake/webhook-intake.ts). */
export const APP_EVENTS: ReadonlySet<string> = new Set(["pull_request", "issue_comment", "pull_request_review", "push", "check_run", "merge_group"]);

/** What every handler of one app shares (one set per process). */
export function gateDepsFor(app: Probot, options: Pick<AppOptions, "store" | "audit" | "publicUrl" | "now">): GateDeps {
  const now = options.now ?? (() => new Date());
  return {
    store: options.store,
    audit: options.audit,
    botLogin: botLoginOf(app),
    publish: options.publicUrl ? { publicUrl: options.publicUrl } : {},
    now,
    repos: new RepoKnowledgeCache(),
    memberships: new MembershipCache(() => now().getTime()),
    profiles: new ProfileCache(() => now().getTime()),
    teamPeople: new TeamPeopleCache(() => now().getTime()),
  };
}

/**
 * The Probot application: registers one handler per webhook family. Wiring only; the work is in handlers/.
 */
export function createApp(options: AppOptions): ApplicationFunction {
  return (app: Probot, { addHandler }: ApplicationFunctionOptions) => {
    const deps = gateDepsFor(app, options);
    if (options.reconcileEveryMs) {
      // Open PRs whose head the trail has not seen (a lost or parked delivery): at start-up, then regularly.
      let running = false;
      const run = () => {
        if (running) return;
        running = true;
        reconcile(app, deps, app.log)
          .then((r) => r.evaluated > 0 && app.log.info(r, "reconcile: done"))
          .catch((error: unknown) => app.log.error({ err: safeError(error) }, "reconcile failed"))
          .finally(() => (running = false));
      };
      setTimeout(run, 5_000).unref();
      setInterval(run, options.reconcileEveryMs).unref();
    }
    /**
     * A handler that first asks the core whether the event can change anything (src/core/may-change-gate.ts):
     * the app's own events (its comment edits, its labels) and events that say nothing the gate reads cost
     * no GitHub request. Merges, pushes and re-runs matter whoever caused them (`evenOwn`).
     */
    const handle =
      <C extends Context>(handler: (context: C) => Promise<void>, opts: { evenOwn?: boolean } = {}) =>
      async (context: C) => {
        if (!opts.evenOwn) {
          const botLogin = await deps.botLogin();
          const sender = (context.payload as { sender?: { login?: string; type?: string } }).sender;
          const fromApp = sender?.type === "Bot" && sender.login === botLogin;
          const repo = (context.payload as { repository?: { full_name?: string } }).repository?.full_name ?? "";
          const decision = mayChangeGate(gateEventOf(context.name, context.payload, botLogin), fromApp, deps.repos?.get(repo));
          if (!decision.evaluate) {
            context.log.debug({ id: context.id, event: context.name }, `skipped: ${decision.why}`);
            return;
          }
        }
        await handler(context);
      };
    app.on(
      PULL_REQUEST_ACTIONS.map((a) => `pull_request.${a}` as const),
      handle((context) => onPullRequest(deps, context)),
    );
    app.on(
      ["issue_comment.created", "issue_comment.edited"],
      handle((context) => onIssueComment(deps, context)),
    );
    app.on(
      "pull_request_review.submitted",
      handle((context) => onReviewSubmitted(deps, context)),
    );
    // A merge is recorded whoever merged it; a push by anyone (the app included) can bring code to the
    // default branch; a re-run is always a person's.
    app.on(
      "pull_request.closed",
      handle((context) => onMerged(deps, context), { evenOwn: true }),
    );
    app.on(
      "push",
      handle((context) => onPush(deps, context), { evenOwn: true }),
    );
    // The merge queue's bot asks for the check on a group's commit; it must be answered whoever asks.
    app.on(
      "merge_group.checks_requested",
      handle((context) => onMergeGroup(deps, context), { evenOwn: true }),
    );
    app.on(
      "check_run.rerequested",
      handle((context) => onCheckRunRerequested(deps, context), { evenOwn: true }),
    );
    // A signature from the audit page, delivered by the service to itself through the inbox (not a webhook:
    // the intake never stores this name).
    app.onAny(async (context) => {
      if ((context.name as string) === SIGNATURE_EVENT) await onPageSignature(deps, context as never);
    });
    if (options.web && options.publicUrl) {
      addHandler(
        createAuditHandler({
          ...options.web,
          publicUrl: options.publicUrl,
          deps: {
            audit: options.audit,
            publicUrl: options.publicUrl,
            now: deps.now,
            ...(options.internal ? { signing: { repository: repositoryAccess(app), gate: deps, queue: options.internal } } : {}),
          },
          render: renderPage,
          log: app.log,
          // One clock for the gate and the pages: a session's sign-in time is compared with the gate's time.
          now: () => deps.now().getTime(),
        }),
      );
    }
  };
}
