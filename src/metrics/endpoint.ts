/**
 * `GET /metrics`: the service's metrics in Prometheus' text format. They hold no secret and no repository
 * name, but they do tell an outsider how busy the service is and which installations it serves, and the
 * service is reachable from the internet (GitHub posts its webhooks to it): so either keep `/metrics` off
 * the public route at the proxy, or set METRICS_TOKEN and have Prometheus send it as a bearer token.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { requestPath } from "../intake/request-log.js";
import type { ServiceMetrics } from "./service-metrics.js";

/** Compared as SHA-256 digests: equal lengths for `timingSafeEqual`, and no early exit on the first wrong byte. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function createMetricsHandler(o: { metrics: ServiceMetrics; token?: string }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (requestPath(req.url) !== "/metrics") return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("GET /metrics\n");
      return true;
    }
    if (o.token !== undefined && !sameSecret(req.headers.authorization ?? "", `Bearer ${o.token}`)) {
      res
        .writeHead(401, { "www-authenticate": 'Bearer realm="metrics"', "content-type": "text/plain" })
        .end("METRICS_TOKEN is set: send it as a bearer token\n");
      return true;
    }
    const { contentType, body } = await o.metrics.scrape();
    res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" }).end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}
