import { parse } from "yaml";
import { z } from "zod";

/**
 * The GitHub App manifest that `npm run setup` sends to GitHub, built from `app.yml`
 * (https://docs.github.com/apps/sharing-github-apps/registering-a-github-app-from-a-manifest).
 *
 * `app.yml` owns what the app asks for (name, permissions, events: each commented there with why); this
 * module adds only what depends on where this copy runs: the webhook URL, where GitHub sends the browser
 * back with the one-time code, and the audit pages' OAuth callback.
 */

/** What GitHub reads from a manifest; other keys of `app.yml` are passed through unchanged. */
export interface AppManifest {
  name: string;
  url: string;
  description?: string;
  hook_attributes: { url: string; active?: boolean };
  redirect_url: string;
  callback_urls: string[];
  public: boolean;
  default_events: string[];
  default_permissions: Record<string, "read" | "write">;
  [key: string]: unknown;
}

/**
 * The parts of `app.yml` the gate relies on. Strict about the permissions and events because a typo there
 * would register an app that silently never receives an event or cannot write its check.
 */
const AppYmlSchema = z.looseObject({
  name: z.string().min(1),
  url: z.url(),
  description: z.string().optional(),
  default_events: z.array(z.string().min(1)).min(1),
  default_permissions: z.record(z.string(), z.enum(["read", "write"])),
});

export interface ManifestOptions {
  /** The text of `app.yml`. */
  appYml: string;
  /** Where GitHub delivers webhooks. */
  webhookUrl: string;
  /** Where GitHub sends the browser back with `?code=…` once the app is created. */
  redirectUrl: string;
  /** OAuth callbacks (the audit pages' sign-in). GitHub accepts up to 10. */
  callbackUrls: string[];
  /** Overrides `app.yml`'s name: names are unique across all of GitHub. */
  name?: string;
}

/** The manifest; throws naming what is wrong with `app.yml` (never a value from it: it holds none that is secret, but keep it short). */
export function buildManifest(options: ManifestOptions): AppManifest {
  const parsed = AppYmlSchema.safeParse(parse(options.appYml));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "app.yml"}: ${i.message}`);
    throw new Error(`app.yml is not a usable GitHub App manifest:\n  ${problems.join("\n  ")}`);
  }
  const app = parsed.data;
  return {
    ...app,
    name: options.name ?? app.name,
    hook_attributes: { url: options.webhookUrl, active: true },
    redirect_url: options.redirectUrl,
    callback_urls: options.callbackUrls,
    // The gate reads clinical code and its safety evidence: never installable by other accounts.
    public: false,
  };
}

/** Where the app's webhooks should go, from the settings; or a sentence saying what to set. */
export function webhookUrlFrom(settings: {
  PUBLIC_URL?: string | undefined;
  WEBHOOK_PROXY_URL?: string | undefined;
  WEBHOOK_PATH?: string | undefined;
}): { url: string } | { problem: string } {
  // A webhook proxy channel (smee.io) is itself the address GitHub posts to: the proxy client forwards to
  // the local webhook path. It wins over PUBLIC_URL, which a local trial often sets to an address GitHub
  // cannot reach (http://localhost:3000) for the links in checks and comments.
  const proxy = settings.WEBHOOK_PROXY_URL?.trim();
  if (proxy) return httpUrl(proxy) ? { url: proxy } : { problem: "WEBHOOK_PROXY_URL must be an http(s) URL" };
  const publicUrl = settings.PUBLIC_URL?.trim();
  if (publicUrl) {
    if (!httpUrl(publicUrl)) return { problem: "PUBLIC_URL must be an http(s) URL" };
    return { url: `${withoutTrailingSlash(publicUrl)}${settings.WEBHOOK_PATH?.trim() || "/api/github/webhooks"}` };
  }
  return {
    problem:
      "GitHub needs an address to send webhooks to. Set PUBLIC_URL to the address GitHub will reach the service at " +
      "(e.g. PUBLIC_URL=https://safety.example.org), or, for a trial on this machine, WEBHOOK_PROXY_URL to a webhook " +
      "proxy channel (e.g. a https://smee.io/new channel). Either can go in .env or the environment.",
  };
}

export function httpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === "https:" || protocol === "http:";
}

export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
