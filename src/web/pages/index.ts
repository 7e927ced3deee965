/**
 * The audit pages' entry point: which page a request names, whether the person may see it, and the page.
 *
 * Every repository-scoped page asks `canRead` before it reads anything, and answers a repository the
 * person cannot read exactly as it answers one that does not exist (see `respond.ts`).
 */
import type { PageDeps, PageRequest, PageResponse, RenderPage } from "../types.js";
import { hazardPage } from "./hazard.js";
import { hazardIndexPage } from "./hazard-index.js";
import { historyPage } from "./history.js";
import { involvementPage } from "./involvement.js";
import { needsMePage } from "./needs-me.js";
import { pullPage } from "./pull.js";
import { pushPage } from "./push.js";
import { releasePage } from "./release.js";
import { methodNotAllowed, notFound } from "./respond.js";
import { matchRoute, SIGNING_PAGES } from "./routes.js";
import { releaseApprovalPage } from "./release-approval.js";
import { signPage } from "./sign-page.js";

/** Renders the page a signed-in person asked for under `/audit`. */
export const renderPage: RenderPage = async (request: PageRequest, deps: PageDeps): Promise<PageResponse> => {
  const route = matchRoute(request.url.pathname);
  if (route === undefined) return notFound(request.github.login);
  // The pages only read; refusing other methods keeps a forged form post from meaning anything. HEAD is
  // GET without the body (the router drops it), which link checkers and some download managers send. The
  // signing pages alone take a POST, which the router lets through only with the session's form token.
  const post = request.method === "POST" && SIGNING_PAGES.has(route.page);
  if (request.method !== "GET" && request.method !== "HEAD" && !post) return methodNotAllowed();
  switch (route.page) {
    case "history":
      return historyPage(request, deps);
    case "involvement":
      return involvementPage(request, deps);
    case "needs-me":
      return needsMePage(request, deps);
    default:
      break;
  }
  if (!(await request.github.canRead(route.repo))) return notFound(request.github.login);
  switch (route.page) {
    case "pull":
      return pullPage(request, deps, route.repo, route.pr);
    case "hazard":
      return hazardPage(request, deps, route.repo, route.hazardId);
    case "hazards":
      return hazardIndexPage(request, deps, route.repo);
    case "push":
      return pushPage(request, deps, route.repo, route.sha);
    case "release":
      return releasePage(request, deps, route.repo);
    case "sign":
      return signPage(request, deps, route.repo, route.pr);
    case "release-approve":
      return releaseApprovalPage(request, deps, route.repo);
  }
};
