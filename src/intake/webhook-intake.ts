/**
 * The webhook endpoint: verify, store, answer — and nothing else. GitHub gives a delivery 10 seconds and
 * does not redeliver by itself, so the answer must never wait for the gate's work (that is the worker's,
 * src/intake/worker.ts). A delivery whose signature verifies is stored in the inbox with its raw body and
 * signature, then answered 202; a redelivery of one already stored is answered 200 and changes nothing.
 * A body larger than GitHub ever sends is refused before it is read.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { verify } from "@octokit/webhooks-methods";
import type { DeliveryInbox } from "../store/port.js";
import { deliveryStream } from "./stream.js";

/** GitHub caps webhook payloads at 25 MB; anything larger is not from GitHub. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

/**
 * What the intake did with one request to the webhook path, for the service's metrics. `refused-*` requests
 * were never verified, so the event they name is nobody's word and is not reported (`name` undefined).
 */
export type IntakeOutcome =
  "accepted" | "redelivery-ignored" | "event-not-used" | "refused-signature" | "refused-malformed" | "refused-too-large" | "store-failed";

export interface IntakeOptions {
  /** The path webhooks are posted to (WEBHOOK_PATH). */
  path: string;
  secret: string;
  inbox: DeliveryInbox;
  /** The events the app handles; others are answered and not stored. */
  events: ReadonlySet<string>;
  /** Called after a delivery was stored, so the worker looks at once. */
  stored: () => void;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Body limit (tests lower it). */
  maxBytes?: number;
  /** Told what became of each request (the service's metrics). */
  observe?: (observation: { name: string | undefined; outcome: IntakeOutcome }) => void;
}

class TooLarge extends Error {}

/** Reads the body, giving up as soon as it passes `max` bytes. */
function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        reject(new TooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function answer(res: ServerResponse, status: number, message: string): true {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(`${message}\n`);
  return true;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** A request handler (Probot's `addHandler` shape): true when it answered the request. */
export function createWebhookIntake(o: IntakeOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const max = o.maxBytes ?? MAX_WEBHOOK_BYTES;
  /** Counts the outcome (a metric that cannot be counted changes no answer), then answers. */
  const outcome = (verifiedName: string | undefined, what: IntakeOutcome, res: ServerResponse, status: number, message: string): true => {
    try {
      o.observe?.({ name: verifiedName, outcome: what });
    } catch {
      // The answer matters to GitHub; the count does not.
    }
    return answer(res, status, message);
  };
  return async (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== o.path) return false;
    if (req.method !== "POST") return outcome(undefined, "refused-malformed", res, 405, "webhooks are POSTed");
    const length = Number(header(req, "content-length") ?? "0");
    if (length > max) return outcome(undefined, "refused-too-large", res, 413, `a webhook body is at most ${max} bytes`);
    const name = header(req, "x-github-event");
    const id = header(req, "x-github-delivery");
    const signature = header(req, "x-hub-signature-256");
    if (!name || !id || !signature)
      return outcome(undefined, "refused-malformed", res, 400, "missing X-GitHub-Event, X-GitHub-Delivery or X-Hub-Signature-256");
    let body: string;
    try {
      body = await readBody(req, max);
    } catch (error) {
      if (error instanceof TooLarge) return outcome(undefined, "refused-too-large", res, 413, `a webhook body is at most ${max} bytes`);
      throw error;
    }
    let valid = false;
    try {
      valid = await verify(o.secret, body, signature);
    } catch {
      valid = false;
    }
    if (!valid) {
      o.log.warn({ id, name }, "webhook refused: the signature does not verify");
      return outcome(undefined, "refused-signature", res, 401, "signature does not match");
    }
    if (!o.events.has(name)) return outcome(name, "event-not-used", res, 200, "event not used by this app");
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return outcome(name, "refused-malformed", res, 400, "the body is not JSON");
    }
    try {
      const fresh = await o.inbox.enqueue({ id, name, rawBody: body, signature, stream: deliveryStream(name, payload) });
      o.stored();
      return fresh ? outcome(name, "accepted", res, 202, "accepted") : outcome(name, "redelivery-ignored", res, 200, "already received");
    } catch (error) {
      // Not stored, so not answered 2xx: GitHub shows the delivery as failed and it can be redelivered.
      o.log.error({ id, name, err: { message: error instanceof Error ? error.message : String(error) } }, "could not store the delivery");
      return outcome(name, "store-failed", res, 503, "could not store the delivery; redeliver it");
    }
  };
}
