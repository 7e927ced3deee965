import { z } from "zod";

/**
 * The last step of GitHub's manifest flow: the one-time `code` GitHub put in the redirect is exchanged for the
 * new app's credentials with `POST /app-manifests/{code}/conversions`. The request needs no credentials (the
 * code is the credential: single use, valid for an hour); the answer holds the app's private key, webhook
 * secret and client secret, so nothing here logs it or puts any of it into an error message.
 */

/** The part of GitHub's answer setup uses. */
const ConversionSchema = z.object({
  id: z.number().int().positive(),
  slug: z.string().min(1),
  name: z.string(),
  html_url: z.url({ protocol: /^https?$/ }),
  owner: z.object({ login: z.string() }).nullable().optional(),
  pem: z.string().includes("PRIVATE KEY-----"),
  webhook_secret: z.string().min(1).nullable(),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
});

export type RegisteredApp = z.infer<typeof ConversionSchema>;

export class ConversionError extends Error {}

/** GitHub's codes are short URL-safe tokens; anything else is refused before it is put into a URL. */
export function plausibleCode(code: string): boolean {
  return /^[A-Za-z0-9_-]{1,200}$/.test(code);
}

export async function convertManifestCode(options: { apiBase: string; code: string; fetch?: typeof fetch }): Promise<RegisteredApp> {
  if (!plausibleCode(options.code)) throw new ConversionError("the code in the address is not one GitHub issues");
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${options.apiBase}/app-manifests/${encodeURIComponent(options.code)}/conversions`, {
      method: "POST",
      headers: {
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
        "user-agent": "clinical-safety-gate-setup",
      },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new ConversionError(`could not reach ${options.apiBase}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await response.text();
  if (response.status !== 201) {
    // GitHub's error bodies carry a `message` and no secret; quote only that, shortened.
    let message = "";
    try {
      const body = JSON.parse(text) as { message?: unknown };
      if (typeof body.message === "string") message = `: ${body.message.slice(0, 200)}`;
    } catch {
      // not JSON: the status says enough
    }
    const hint = response.status === 404 ? " (the code is used or expired: codes work once, for an hour; start again)" : "";
    throw new ConversionError(`GitHub answered ${response.status}${message}${hint}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ConversionError("GitHub's answer is not JSON");
  }
  const parsed = ConversionSchema.safeParse(body);
  // Paths only, never values: the values include the private key and the secrets.
  if (!parsed.success) throw new ConversionError(`GitHub's answer lacks ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  return parsed.data;
}
