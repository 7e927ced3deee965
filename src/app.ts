import type { ApplicationFunction, ApplicationFunctionOptions, Context, Probot } from "probot";
import type { AuditStore } from "./store/audit-store.js";
import type { AuditAuthSettings } from "./web/auth/env.js";
import { renderPage } from "./web/pages/index.js";
import { createAuditHandler } from "./web/router.js";
import type { FactStore } from "./store/port.js";
import { onCheckRunRerequested } from "./handlers/check-run.js";
import type { GateDeps } from "./handlers/gate.js";
import { onIssueComment } from "./handlers/issue-comment.js";
import { onPullRequest, PULL_REQUEST_ACTIONS } from "./handlers/pull-request.js";
import { onMerged } from "./handlers/merge.js";
import { onPush } from "./handlers/push.js";
import { onReviewSubmitted } from "./handlers/review.js";

export interface AppOptions {
  store: FactStore;
  audit: AuditStore;
  /**
   * The audit pages' sign-in settings (from the environment); without them no `/audit` route is added (a
   * test that only delivers webhooks), with them but without credentials the pages say what to set.
   */
  web?: AuditAuthSettings;
  /** PUBLIC_URL: where the audit pages are served, for links from checks and comments. */
  publicUrl?: string;
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

/**
 * The Probot application: registers one handler per webhook family. Wiring only; the work is in handlers/.
 */
export function createApp(options: AppOptions): ApplicationFunction {
  return (app: Probot, { addHandler }: ApplicationFunctionOptions) => {
    const deps: GateDeps = {
      store: options.store,
      audit: options.audit,
      botLogin: botLoginOf(app),
      publish: options.publicUrl ? { publicUrl: options.publicUrl } : {},
      now: options.now ?? (() => new Date()),
    };
    /** Events the app caused itself (its comment edits, its check runs) must not trigger it again. */
    const own = async (context: Context) => {
      const sender = (context.payload as { sender?: { login?: string; type?: string } }).sender;
      return sender?.type === "Bot" && sender.login === (await deps.botLogin());
    };
    app.on(
      PULL_REQUEST_ACTIONS.map((a) => `pull_request.${a}` as const),
      async (context) => {
        if (!(await own(context))) await onPullRequest(deps, context);
      },
    );
    app.on(["issue_comment.created", "issue_comment.edited"], async (context) => {
      if (!(await own(context))) await onIssueComment(deps, context);
    });
    app.on("pull_request_review.submitted", async (context) => {
      if (!(await own(context))) await onReviewSubmitted(deps, context);
    });
    // A merge is recorded whoever merged it.
    app.on("pull_request.closed", async (context) => {
      await onMerged(deps, context);
    });
    // A push by anyone, the app included, can bring code to the default branch: never skipped as "own".
    app.on("push", async (context) => {
      await onPush(deps, context);
    });
    app.on("check_run.rerequested", async (context) => {
      await onCheckRunRerequested(deps, context);
    });
    if (options.web && options.publicUrl) {
      addHandler(
        createAuditHandler({
          ...options.web,
          publicUrl: options.publicUrl,
          deps: { audit: options.audit, publicUrl: options.publicUrl, now: deps.now },
          render: renderPage,
          log: app.log,
        }),
      );
    }
  };
}
