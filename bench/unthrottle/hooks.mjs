// Module-resolution hook (runs in Node's loader thread): "@octokit/plugin-throttling" → ./throttling.mjs.
const STUB = new URL("./throttling.mjs", import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "@octokit/plugin-throttling") return { url: STUB, shortCircuit: true };
  return nextResolve(specifier, context);
}
