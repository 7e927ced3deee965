import { describe, expect, it } from "@jest/globals";
import { directPushBypass, type DirectPush } from "../../../src/core/direct-push.js";
import type { ConfigView } from "../../../src/core/evaluate.js";
import { config } from "./factory.js";

const push = (paths: string[], truncated = false): DirectPush => ({
  owner: "acme",
  repo: "eprescribe",
  branch: "main",
  after: "a".repeat(40),
  pusher: "dev",
  paths,
  truncated,
});
const ok: ConfigView = { state: "ok", config: config() };

describe("directPushBypass: a push no PR brought", () => {
  it.each<[string, ConfigView, DirectPush, { rules: string[] } | undefined]>([
    ["touching prescribing code", ok, push(["src/prescribing/dose.ts"]), { rules: ["prescribing"] }],
    ["touching the hazard log (governance)", ok, push(["docs/safety/hazard-log.yml"]), { rules: ["governance"] }],
    ["touching only docs", ok, push(["README.md", "src/prescribing/NOTES.md"]), undefined],
    [
      "with more commits than listed: assumed to touch everything",
      ok,
      push(["README.md"], true),
      { rules: ["prescribing", "interface", "governance"] },
    ],
    ["in a repository without the gate's configuration", { state: "missing" }, push(["src/prescribing/dose.ts"]), undefined],
    ["while the configuration is invalid: cannot tell, so reported", { state: "invalid", problems: [] }, push(["README.md"]), { rules: [] }],
  ])("%s", (_name, cfg, p, expected) => {
    const verdict = directPushBypass(cfg, p);
    if (expected === undefined) expect(verdict).toBeUndefined();
    else expect(verdict?.rules).toEqual(expected.rules);
  });

  it("says what happened in words", () => {
    expect(directPushBypass(ok, push(["src/prescribing/dose.ts"]))?.detail).toBe(
      "pushed directly to main without a pull request, touching rule prescribing",
    );
  });
});
