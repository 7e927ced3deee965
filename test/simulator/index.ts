/** The GitHub simulator: state, router, transports (msw, HTTP), webhook payloads and delivery. */
export * from "./state.js";
export * from "./git.js";
export { handleRequest, createRouter, parseCaller, routePath, API_PREFIX, type SimRequest, type SimResponse } from "./routes.js";
export * from "./pagination.js";
export * from "./check-run-validation.js";
export * from "./msw.js";
export * from "./server.js";
export * from "./payloads.js";
