import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { startSimulatorServer, type SimulatorServer } from "../../simulator/server.js";
import { GitHubState } from "../../simulator/state.js";
import { defineApiContract } from "./api-contract.js";
import { tokenClient } from "./client.js";

defineApiContract({
  name: "HTTP (127.0.0.1, /api/v3)",
  async start(state) {
    const server = await startSimulatorServer(state);
    return { baseUrl: server.apiUrl, stop: () => server.close() };
  },
});

describe("GitHub simulator HTTP server", () => {
  const state = new GitHubState();
  state.addRepo({ owner: "acme", name: "ehr" });
  let server: SimulatorServer;
  beforeAll(async () => {
    server = await startSimulatorServer(state);
  });
  afterAll(() => server.close());

  it("tells clients where it is, in the forms Probot's environment takes", () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.apiUrl).toBe(`${server.url}/api/v3`);
    expect(server.gheHost).toBe(`127.0.0.1:${server.port}`);
  });

  it("serves the same routes without the /api/v3 prefix", async () => {
    const { data } = await tokenClient(server.url).rest.repos.get({ owner: "acme", repo: "ehr" });
    expect(data.full_name).toBe("acme/ehr");
  });

  it("answers 401 to a request without credentials", async () => {
    const response = await fetch(`${server.apiUrl}/repos/acme/ehr`);
    expect([response.status, ((await response.json()) as { message: string }).message]).toEqual([401, "Requires authentication"]);
  });
});
