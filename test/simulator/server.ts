import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { handleRequest } from "./routes.js";
import type { GitHubState } from "./state.js";

export { deliverWebhook, signPayload, type WebhookDelivery } from "./webhook.js";

/** The simulator as a real HTTP server, for e2e tests, benchmarks and the demo. */

export interface SimulatorServer {
  /** Origin, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** The API base an Octokit client uses: `<url>/api/v3`. */
  apiUrl: string;
  /** What to put in `GHE_HOST` (with `GHE_PROTOCOL=http`): `127.0.0.1:<port>`. */
  gheHost: string;
  port: number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts a node:http server on 127.0.0.1 (port 0, the default, picks a free one) serving the state. */
export async function startSimulatorServer(state: GitHubState, options: { port?: number } = {}): Promise<SimulatorServer> {
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const response = handleRequest(state, {
          method: req.method ?? "GET",
          url: `http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`,
          headers: req.headers,
          body,
        });
        res.writeHead(response.status, response.headers);
        res.end(response.body);
      })
      .catch((thrown: unknown) => {
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ message: `GitHub simulator transport error: ${String(thrown)}` }));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    apiUrl: `${url}/api/v3`,
    gheHost: `127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets from clients would otherwise hold close() open until they time out.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
