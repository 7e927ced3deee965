import { createServer, type AddressInfo } from "node:net";

/** A port nobody listens on, for an app server (Probot's server treats 0 as "use the default 3000"). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
