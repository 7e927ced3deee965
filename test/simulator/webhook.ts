import { createHmac, randomUUID } from "node:crypto";

/** Delivering webhooks to a running app the way GitHub does: signed JSON over HTTP. */

/** `sha256=<hex HMAC-SHA256 of the exact body>`, the `x-hub-signature-256` header value. */
export function signPayload(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

export interface WebhookDelivery {
  /** The app's webhook URL, e.g. `http://127.0.0.1:3000/api/github/webhooks`. */
  appUrl: string;
  secret: string;
  /** Event name, the `x-github-event` header (e.g. "pull_request"). */
  name: string;
  payload: unknown;
  /** Delivery id, the `x-github-delivery` header; a fresh UUID by default. */
  id?: string;
}

/** POSTs one signed delivery to the app and returns the HTTP status it answered. */
export async function deliverWebhook(delivery: WebhookDelivery): Promise<number> {
  const body = JSON.stringify(delivery.payload);
  const response = await fetch(delivery.appUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/simulator",
      "x-github-event": delivery.name,
      "x-github-delivery": delivery.id ?? randomUUID(),
      "x-hub-signature-256": signPayload(delivery.secret, body),
    },
    body,
  });
  // Drain the body so the connection is released before the caller moves on.
  await response.text();
  return response.status;
}
