/**
 * Where GitHub is, for the people signing in: the web host (sign-in pages, `/login/oauth/…`) and the REST
 * API. Probot reads the same two variables for the app's own calls, so the audit pages follow the app to
 * GitHub Enterprise Server without further configuration.
 */

/** The two addresses; neither ends with a slash. */
export interface GitHubBases {
  /** `https://github.com`, or `<GHE_PROTOCOL>://<GHE_HOST>`. */
  webBase: string;
  /** `https://api.github.com`, or `<GHE_PROTOCOL>://<GHE_HOST>/api/v3`. */
  apiBase: string;
}

/** The variables read; the same names and meaning as Probot's. */
export interface GitHubHostEnv {
  GHE_HOST?: string | undefined;
  GHE_PROTOCOL?: string | undefined;
}

/**
 * github.com unless `GHE_HOST` is set; `GHE_PROTOCOL` defaults to https. Throws on a protocol other than
 * http/https or a host that is not a bare host[:port], rather than building a URL that sends tokens elsewhere.
 */
export function githubBases(env: GitHubHostEnv): GitHubBases {
  const host = env.GHE_HOST?.trim() ?? "";
  if (host === "") return { webBase: "https://github.com", apiBase: "https://api.github.com" };
  const protocol = (env.GHE_PROTOCOL?.trim() || "https").toLowerCase();
  if (protocol !== "https" && protocol !== "http") throw new Error(`GHE_PROTOCOL must be http or https, not "${protocol}"`);
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host)) throw new Error(`GHE_HOST must be a host name with an optional port, not "${host}"`);
  const webBase = `${protocol}://${host}`;
  return { webBase, apiBase: `${webBase}/api/v3` };
}
