import { http, HttpResponse, type HttpHandler } from "msw";
import { setupServer, type SetupServer } from "msw/node";
import { handleRequest } from "./routes.js";
import type { GitHubState } from "./state.js";

/** The simulator in-process: msw handlers that hand every GitHub API call to the router. */

/** Patterns the simulator answers: github.com's API, and any host's GitHub Enterprise `/api/v3`. */
export const SIMULATED_API_PATTERNS = ["https://api.github.com/*", "*/api/v3/*"] as const;

/** msw 2 handlers delegating to the router for the given state. */
export function simulatorHandlers(state: GitHubState): HttpHandler[] {
  return SIMULATED_API_PATTERNS.map((pattern) =>
    http.all(pattern, async ({ request }) => {
      const headers: Record<string, string> = {};
      request.headers.forEach((value, key) => {
        headers[key] = value;
      });
      const response = handleRequest(state, {
        method: request.method,
        url: request.url,
        headers,
        body: await request.text(),
      });
      // A 204 must have a null body or the Response constructor throws.
      return new HttpResponse(response.body === "" ? null : response.body, {
        status: response.status,
        headers: response.headers,
      });
    }),
  );
}

/** An msw server for the simulator; anything it does not intercept is an error, not a real network call. */
export interface MswSimulator {
  /** The underlying msw server (for `server.use(...)` overrides). */
  server: SetupServer;
  /** Starts intercepting, with `onUnhandledRequest: "error"`. */
  listen(): void;
  /** Stops intercepting and restores the real network modules. */
  close(): void;
}

/** Creates (does not start) an msw server bound to the state. */
export function createMswServer(state: GitHubState): MswSimulator {
  const server = setupServer(...simulatorHandlers(state));
  return {
    server,
    listen: () => server.listen({ onUnhandledRequest: "error" }),
    close: () => server.close(),
  };
}
