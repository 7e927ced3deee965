// A no-op stand-in for @octokit/plugin-throttling (see register.mjs): requests go out unqueued.
export function throttling() {
  return {};
}
throttling.VERSION = "0.0.0-bench";
export const VERSION = throttling.VERSION;
