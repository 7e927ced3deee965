import type { Context, Probot } from "probot";
import type { FactStore } from "../store/port.js";
import { safeError } from "./gate.js";

/** How long a delivery may stay unprocessed before it is taken for lost and processed again. */
export const STALE_AFTER_MS = 2 * 60_000;
/** A delivery that failed this many times is left alone (its last error stays in the inbox). */
export const MAX_ATTEMPTS = 5;
/** Processed deliveries are forgotten after a week. */
const FORGET_AFTER_MS = 7 * 24 * 3_600_000;

/**
 * Runs a handler with its delivery kept in the inbox until it is processed: if the process dies mid-event,
 * the delivery is still there to be processed again ({@link replayStale}). A failure is recorded too, so the
 * event is retried later (the gate fails closed meanwhile). The inbox being unwritable does not stop the
 * handler: it then fails closed by itself when it cannot read or write its store.
 */
export function inboxed<C extends Context>(store: FactStore, handler: (context: C) => Promise<void>): (context: C) => Promise<void> {
  return async (context) => {
    const id = context.id;
    try {
      await store.recordDelivery({ id, name: context.name, payload: context.payload });
    } catch (error) {
      context.log.error({ err: safeError(error), id }, "could not keep the delivery in the inbox");
    }
    try {
      await handler(context);
    } catch (error) {
      await store.failDelivery(id, safeError(error).message).catch(() => undefined);
      throw error;
    }
    await store.finishDelivery(id).catch((error: unknown) => context.log.error({ err: safeError(error), id }, "could not mark the delivery processed"));
  };
}

/**
 * Processes again every delivery left unprocessed (by a crash, or a failure) for longer than
 * {@link STALE_AFTER_MS}. Handlers are idempotent: a command already applied is not applied again.
 * Returns how many were replayed.
 */
export async function replayStale(app: Probot, store: FactStore, now: () => Date = () => new Date()): Promise<number> {
  const at = now().getTime();
  const stale = await store.staleDeliveries(new Date(at - STALE_AFTER_MS), MAX_ATTEMPTS, new Date(at - FORGET_AFTER_MS));
  for (const delivery of stale) {
    app.log.info({ id: delivery.id, name: delivery.name }, "processing a delivery left unprocessed");
    try {
      await app.receive({ id: delivery.id, name: delivery.name, payload: delivery.payload } as Parameters<Probot["receive"]>[0]);
    } catch (error) {
      app.log.error({ err: safeError(error), id: delivery.id }, "replayed delivery failed again");
    }
  }
  return stale.length;
}
