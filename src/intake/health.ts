/**
 * `/healthz`: the process answers. `/readyz`: it can do its job — storage answers and the inbox worker is
 * running — with the inbox's depth and the age of its oldest pending delivery, so an operator sees a
 * backlog before GitHub's users do. `/ping` is kept for what used Probot's own.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DeliveryInbox } from "../store/port.js";

export function createHealthHandler(o: { inbox: Pick<DeliveryInbox, "stats">; worker: { running: boolean } }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    if (path === "/healthz" || path === "/ping") {
      res.writeHead(200, { "content-type": "text/plain" }).end(path === "/ping" ? "PONG" : "ok\n");
      return true;
    }
    if (path !== "/readyz") return false;
    try {
      const stats = await o.inbox.stats();
      const ready = o.worker.running;
      const oldestAgeSeconds = stats.oldestPendingAt ? Math.max(0, (Date.now() - stats.oldestPendingAt.getTime()) / 1000) : 0;
      res
        .writeHead(ready ? 200 : 503, { "content-type": "application/json" })
        .end(
          JSON.stringify({ ready, worker: ready ? "running" : "stopped", inbox: { pending: stats.pending, parked: stats.parked, oldestAgeSeconds } }),
        );
    } catch {
      res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ ready: false, storage: "unreachable" }));
    }
    return true;
  };
}
