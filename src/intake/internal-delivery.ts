/**
 * Deliveries the service makes to itself: a signature given on the audit page (strong signing) is not
 * applied by the web request that received it but put into the inbox, into the stream of its PR, so that the
 * worker applies it in order with the PR's webhooks, under the same lease, and again after a crash until it
 * is done (its fact names its submission, so it is recorded once). Such a delivery is signed like a webhook,
 * with a key of its own derived from the webhook secret: a webhook's signature never verifies as an
 * internal delivery nor the other way round, and the intake never stores an internal event's name (it is not
 * one of the events the app subscribes to).
 */
import { createHmac, randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import type { DeliveryInbox } from "../store/port.js";
import { deliveryStream } from "./stream.js";

/** A signature made on the audit page, to be applied to its PR. */
export const SIGNATURE_EVENT = "clinical_safety_signature";

/** Every name of an internal delivery. */
export const INTERNAL_EVENTS: ReadonlySet<string> = new Set([SIGNATURE_EVENT]);

/** What a {@link SIGNATURE_EVENT} delivery carries, beside the repository and PR it belongs to. */
export interface SignaturePayload {
  /** `owner/repo`, its parts, and its default branch (where the configuration is read). */
  repository: { full_name: string; name: string; owner: { login: string }; default_branch: string };
  /** The app's installation on the repository: whose token applies it. */
  installation: { id: number };
  pull_request: { number: number };
  signature: {
    /** Names the submission: the fact's source, stable across the inbox's retries. */
    id: string;
    actor: string;
    role: string;
    /** The commit the page showed. */
    headSha: string;
    /** When it was submitted, and when the GitHub sign-in behind it happened (ISO). */
    at: string;
    signedInAt: string;
    rationale?: string;
  };
}

/** The secret that signs internal deliveries: the webhook secret's, never the secret itself. */
export function internalSecret(webhookSecret: string): string {
  return createHmac("sha256", webhookSecret).update("clinical-safety-gate internal delivery").digest("hex");
}

/** Which secret a stored delivery of `name` is verified with. */
export function deliverySecret(name: string, webhookSecret: string): string {
  return INTERNAL_EVENTS.has(name) ? internalSecret(webhookSecret) : webhookSecret;
}

/** Puts internal deliveries into the inbox. */
export interface InternalQueue {
  /** Stores a signature for its PR's stream and wakes the worker; resolves with the delivery's id. */
  enqueueSignature(payload: SignaturePayload): Promise<string>;
}

/** The queue over the service's inbox; `stored` wakes the worker (as the webhook intake does). */
export function internalQueue(inbox: Pick<DeliveryInbox, "enqueue">, webhookSecret: string, stored: () => void): InternalQueue {
  const secret = internalSecret(webhookSecret);
  return {
    async enqueueSignature(payload) {
      const rawBody = JSON.stringify(payload);
      const id = `internal-${randomUUID()}`;
      await inbox.enqueue({
        id,
        name: SIGNATURE_EVENT,
        rawBody,
        signature: await sign(secret, rawBody),
        stream: deliveryStream(SIGNATURE_EVENT, payload),
      });
      stored();
      return id;
    },
  };
}
