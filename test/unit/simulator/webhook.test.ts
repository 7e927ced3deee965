import { describe, it, expect, afterEach } from "@jest/globals";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verify } from "@octokit/webhooks-methods";
import { Probot, createNodeMiddleware } from "probot";
import { pullRequestEvent } from "../../simulator/payloads.js";
import { GitHubState } from "../../simulator/state.js";
import { deliverWebhook, signPayload } from "../../simulator/webhook.js";
import { silentLog } from "./client.js";

const SECRET = "webhook-secret";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

function openedEvent() {
  const state = new GitHubState();
  state.addRepo({ owner: "acme", name: "ehr" });
  state.openPullRequest({ owner: "acme", repo: "ehr", title: "t", author: "dev" });
  return pullRequestEvent(state, "opened", { owner: "acme", repo: "ehr", number: 1 });
}

describe("signPayload", () => {
  it.each([
    // Reference values from GitHub's "Validating webhook deliveries" documentation.
    ["It's a Secret to Everybody", "Hello, World!", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"],
  ])("signs %j / %j like GitHub", (secret, body, expected) => {
    expect(signPayload(secret, body)).toBe(expected);
  });
});

describe("deliverWebhook", () => {
  it("POSTs the JSON with GitHub's headers and a signature that verifies", async () => {
    let received: { headers: IncomingHttpHeaders; body: string } | undefined;
    const url = await listen((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        received = { headers: req.headers, body };
        res.writeHead(202).end();
      });
    });
    const event = openedEvent();
    const status = await deliverWebhook({ appUrl: `${url}/hook`, secret: SECRET, ...event });
    expect(status).toBe(202);
    expect(received?.headers).toMatchObject({
      "x-github-event": "pull_request",
      "x-github-delivery": event.id,
      "content-type": "application/json",
    });
    expect(JSON.parse(received?.body ?? "null")).toEqual(event.payload);
    expect(await verify(SECRET, received?.body ?? "", String(received?.headers["x-hub-signature-256"]))).toBe(true);
    expect(await verify("another secret", received?.body ?? "", String(received?.headers["x-hub-signature-256"]))).toBe(false);
  });

  it("is accepted by Probot's own webhook middleware, and refused with the wrong secret", async () => {
    const seen: number[] = [];
    const probot = new Probot({ githubToken: "x", secret: SECRET, log: silentLog });
    const middleware = await createNodeMiddleware(
      (app) => {
        app.on("pull_request.opened", async (context) => {
          seen.push(context.payload.number);
        });
      },
      { probot },
    );
    const url = await listen((req, res) => {
      void middleware(req, res, () => res.writeHead(404).end());
    });
    const appUrl = `${url}/api/github/webhooks`;
    expect(await deliverWebhook({ appUrl, secret: SECRET, ...openedEvent() })).toBe(200);
    expect(await deliverWebhook({ appUrl, secret: "wrong", ...openedEvent() })).toBe(400);
    expect(seen).toEqual([1]);
  });
});
