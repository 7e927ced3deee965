// Preloaded with `node --import ./bench/unthrottle/register.mjs …` by bench/server.ts (unless --throttled).
// Probot's Octokit spaces every write a second apart and every comment write three seconds apart
// (@octokit/plugin-throttling's `write` and `notifications` groups, shared by the whole process). That is
// politeness towards github.com, identical for the app and the bare Probot app, and it would make every
// latency and throughput figure a measure of those constants instead of the code. The hook swaps the plugin
// for a no-op in both processes alike; nothing else is changed.
import { register } from "node:module";

register("./hooks.mjs", import.meta.url);
