/**
 * The inbox worker: takes deliveries out of the inbox, one stream at a time, and processes them after
 * their webhook was answered. A delivery is verified again from its stored raw body and signature before it
 * is processed (a row written into the table by hand is not a delivery), held under a lease that is renewed
 * while it runs (if this process dies, any replica takes it over once the lease expires: seconds, not
 * minutes), retried with backoff when processing fails, and parked after the last attempt: kept with its
 * error, visible and retryable.
 */
import { verify } from "@octokit/webhooks-methods";
import type { DeliveryInbox, LeasedDelivery } from "../store/port.js";
import { deliverySecret } from "./internal-delivery.js";

/** A delivery as the app processes it: verified and parsed. */
export interface VerifiedDelivery {
  id: string;
  name: string;
  payload: unknown;
}

/**
 * What became of one attempt at a delivery, for the service's metrics: `parked-unverifiable` is a row that is
 * not a delivery GitHub signed (its name is then nobody's word, so it is not reported).
 */
export type DeliveryOutcome = "processed" | "failed-will-retry" | "parked" | "parked-unverifiable";

/** One attempt's outcome, with how long processing took (absent when it was not processed). */
export interface DeliveryObservation {
  name: string | undefined;
  outcome: DeliveryOutcome;
  seconds?: number;
}

export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WorkerOptions {
  inbox: DeliveryInbox;
  /** The webhook secret: what was stored is verified with it again. */
  secret: string;
  /** Processes one delivery (the app's handlers); throws when it failed and should be tried again. */
  process: (delivery: VerifiedDelivery) => Promise<void>;
  log: WorkerLog;
  /** Deliveries processed at once (of different streams). */
  concurrency?: number;
  /** How long a lease lasts; it is renewed every third of it while the delivery is processed. */
  leaseMs?: number;
  /** How often an idle worker looks at the inbox when nothing woke it (other replicas' deliveries). */
  pollMs?: number;
  /** Attempts before a delivery is parked. */
  maxAttempts?: number;
  /** The wait before attempt `n + 1` after `n` failed attempts. */
  backoffMs?: (attempts: number) => number;
  /** Told each attempt's outcome (the service's metrics). */
  observe?: (observation: DeliveryObservation) => void;
}

/** 1 s, 4 s, 16 s, 64 s: a GitHub hiccup is ridden out, and a PR's later events are not held for long. */
export const defaultBackoffMs = (attempts: number): number => Math.min(4 ** (attempts - 1) * 1_000, 5 * 60_000);

/** Why a stored row cannot be processed, or undefined when it is a verified delivery. */
async function unverifiable(d: LeasedDelivery, secret: string): Promise<string | undefined> {
  if (d.rawBody === "" || d.signature === "") return "no signed body: not a delivery GitHub sent";
  try {
    // The service's own deliveries (a signature from the audit page) are signed with a key of their own.
    if (!(await verify(deliverySecret(d.name, secret), d.rawBody, d.signature)))
      return "the signature does not match the stored body: not a delivery GitHub sent";
  } catch {
    return "the stored signature is malformed: not a delivery GitHub sent";
  }
  return undefined;
}

export class InboxWorker {
  private stopped = true;
  private readonly loops: Promise<void>[] = [];
  private wakers: (() => void)[] = [];
  private active = 0;
  private readonly opts: Required<Omit<WorkerOptions, "inbox" | "secret" | "process" | "log" | "observe">>;

  constructor(private readonly o: WorkerOptions) {
    this.opts = {
      concurrency: o.concurrency ?? 4,
      leaseMs: o.leaseMs ?? 30_000,
      pollMs: o.pollMs ?? 1_000,
      maxAttempts: o.maxAttempts ?? 5,
      backoffMs: o.backoffMs ?? defaultBackoffMs,
    };
  }

  /** Whether the loops are running (for /readyz). */
  get running(): boolean {
    return !this.stopped;
  }

  /** How many deliveries are being processed right now. */
  get busy(): number {
    return this.active;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    for (let i = 0; i < this.opts.concurrency; i++) this.loops.push(this.loop());
  }

  /** A delivery was just stored: look now rather than at the next poll. */
  wake(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const w of wakers) w();
  }

  /** Stops taking deliveries and waits for those being processed. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await Promise.all(this.loops.splice(0));
  }

  /**
   * Processes every delivery that is due now, in this call, and returns how many: for tests and the CLI,
   * which want "everything received so far is processed" without timers.
   */
  async drain(): Promise<number> {
    let n = 0;
    for (;;) {
      const d = await this.o.inbox.lease(this.opts.leaseMs);
      if (!d) return n;
      await this.handle(d);
      n++;
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let d: LeasedDelivery | undefined;
      try {
        d = await this.o.inbox.lease(this.opts.leaseMs);
      } catch (error) {
        this.o.log.error({ err: { message: error instanceof Error ? error.message : String(error) } }, "inbox unreachable; trying again");
      }
      if (d) await this.handle(d);
      else await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.opts.pollMs);
      timer.unref?.();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakers.push(done);
    });
  }

  /** Tells the observer (the metrics); whatever it does, the delivery's fate is already settled. */
  private report(observation: DeliveryObservation): void {
    try {
      this.o.observe?.(observation);
    } catch {
      // A metric that cannot be counted must not fail, retry or park a delivery.
    }
  }

  private async handle(d: LeasedDelivery): Promise<void> {
    const { inbox, log } = this.o;
    const problem = await unverifiable(d, this.o.secret);
    if (problem !== undefined) {
      log.warn({ id: d.id, name: d.name }, `inbox row parked: ${problem}`);
      await inbox.fail(d.id, problem, undefined).catch(() => undefined);
      this.report({ name: undefined, outcome: "parked-unverifiable" });
      return;
    }
    this.active++;
    const renew = setInterval(() => void inbox.renew(d.id, this.opts.leaseMs).catch(() => undefined), Math.max(1, Math.floor(this.opts.leaseMs / 3)));
    renew.unref?.();
    const started = performance.now();
    let seconds: number | undefined;
    try {
      await this.o.process({ id: d.id, name: d.name, payload: JSON.parse(d.rawBody) as unknown });
      seconds = (performance.now() - started) / 1000;
      clearInterval(renew);
      await inbox.complete(d.id);
      this.report({ name: d.name, outcome: "processed", seconds });
    } catch (error) {
      seconds ??= (performance.now() - started) / 1000;
      clearInterval(renew);
      const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
      const park = d.attempts >= this.opts.maxAttempts;
      const retryAt = park ? undefined : new Date(Date.now() + this.opts.backoffMs(d.attempts));
      log.error(
        { id: d.id, name: d.name, attempts: d.attempts, parked: park, err: { message } },
        park ? "delivery failed for the last time: parked" : "delivery failed; it will be tried again",
      );
      await inbox
        .fail(d.id, message, retryAt)
        .catch((e: unknown) => log.error({ id: d.id, err: { message: String(e) } }, "could not record the failure"));
      this.report({ name: d.name, outcome: park ? "parked" : "failed-will-retry", seconds });
    } finally {
      this.active--;
    }
  }
}
