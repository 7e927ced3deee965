import { describe, expect, it } from "@jest/globals";
import { parseConfig } from "../../../src/config/parse.js";

/** `sign_off.reauthenticate` and `sign_off.sign_in_max_age_minutes`: strong signing in the configuration. */

const ROLES = "roles:\n  cso: { teams: [clinical-safety] }\n  cpm: { teams: [clinical-product] }\nrules: []\n";

function signOff(yaml: string) {
  const result = parseConfig(`${ROLES}sign_off:\n${yaml}`);
  return result.ok
    ? { ok: true, signOff: result.config.sign_off }
    : { ok: false, problems: result.problems.map(({ path, message }) => ({ path, message })) };
}

describe("strong signing in the configuration", () => {
  it.each<[string, string, unknown, number]>([
    ["off by default, five minutes", "  dismiss_on_push: true\n", false, 5],
    ["the roles that sign on the audit page", "  reauthenticate: [cso]\n", ["cso"], 5],
    ["every role", "  reauthenticate: true\n", true, 5],
    ["a longer allowed age", "  reauthenticate: [cso, cpm]\n  sign_in_max_age_minutes: 15\n", ["cso", "cpm"], 15],
  ])("%s", (_name, yaml, reauthenticate, minutes) => {
    expect(signOff(yaml)).toEqual({ ok: true, signOff: expect.objectContaining({ reauthenticate, sign_in_max_age_minutes: minutes }) });
  });

  it.each<[string, string, { path: string; message: string }]>([
    [
      "a role that is not defined",
      "  reauthenticate: [cso, qa]\n",
      { path: "sign_off.reauthenticate[1]", message: 'role "qa" is not defined in roles' },
    ],
    [
      "no minutes at all",
      "  sign_in_max_age_minutes: 0\n",
      { path: "sign_off.sign_in_max_age_minutes", message: "expected a whole number of minutes from 1 to 60" },
    ],
    [
      "more than an hour",
      "  sign_in_max_age_minutes: 61\n",
      { path: "sign_off.sign_in_max_age_minutes", message: "expected a whole number of minutes from 1 to 60" },
    ],
    [
      "part of a minute",
      "  sign_in_max_age_minutes: 2.5\n",
      { path: "sign_off.sign_in_max_age_minutes", message: "expected a whole number of minutes from 1 to 60" },
    ],
  ])("refuses %s, saying where", (_name, yaml, problem) => {
    expect(signOff(yaml)).toEqual({ ok: false, problems: [problem] });
  });
});
