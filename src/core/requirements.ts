import { GOVERNANCE_ROLE, GOVERNANCE_RULE_ID } from "./match.js";
import type { ChecklistQuestion, Classification, GateConfig, RoleDefinition } from "./types.js";

/**
 * The roles that must sign off, each with the rules that require it, in the order roles are declared in the
 * configuration (so the comment and the check always list them the same way).
 */
export function requiredRoles(config: GateConfig, classification: Classification): { role: string; rules: string[] }[] {
  const byRole = new Map<string, string[]>();
  for (const match of classification.matches) {
    const requires = match.ruleId === GOVERNANCE_RULE_ID ? [GOVERNANCE_ROLE] : (config.rules.find((r) => r.id === match.ruleId)?.requires ?? []);
    for (const role of requires) byRole.set(role, [...(byRole.get(role) ?? []), match.ruleId]);
  }
  const declared = Object.keys(config.roles);
  const order = (role: string) => (declared.includes(role) ? declared.indexOf(role) : declared.length);
  return [...byRole.entries()].sort(([a], [b]) => order(a) - order(b)).map(([role, rules]) => ({ role, rules }));
}

/**
 * The questions this PR must answer: the union of the matched rules' question lists (a rule without one asks
 * every question), in checklist order. Governance changes alone ask none: the CSO reviews the log itself.
 */
export function questionsFor(config: GateConfig, classification: Classification): ChecklistQuestion[] {
  const wanted = new Set<string>();
  for (const match of classification.matches) {
    if (match.ruleId === GOVERNANCE_RULE_ID) continue;
    const rule = config.rules.find((r) => r.id === match.ruleId);
    for (const id of rule?.checklist ?? config.checklist.map((q) => q.id)) wanted.add(id);
  }
  return config.checklist.filter((q) => wanted.has(q.id));
}

/**
 * The roles a person holds: listed by login, or a member of one of the role's teams. `teams` is the set of
 * team slugs the person is an active member of (looked up live by the adapter).
 */
export function rolesOf(roles: Record<string, RoleDefinition>, login: string, teams: ReadonlySet<string>): string[] {
  const lower = login.toLowerCase();
  return Object.entries(roles)
    .filter(([, def]) => def.users.some((u) => u.toLowerCase() === lower) || def.teams.some((t) => teams.has(t.toLowerCase())))
    .map(([role]) => role);
}

/**
 * What a sign-off means, recorded with it (21 CFR 11.50-style "meaning of the signature"): the role's
 * configured `meaning`, else "clinical impact approval as CPM" for `cpm` (the CPM approves clinical impact)
 * and "clinical safety approval as <ROLE>" for any other role.
 */
export function signOffMeaning(role: string, def?: Pick<RoleDefinition, "meaning">): string {
  if (def?.meaning !== undefined) return def.meaning;
  const name = role.length <= 4 ? role.toUpperCase() : role;
  return role === "cpm" ? "clinical impact approval as CPM" : `clinical safety approval as ${name}`;
}

/** A person's printed name from the configuration's `people` (logins compared without case), if given. */
export function configuredName(people: Readonly<Record<string, string>> | undefined, login: string): string | undefined {
  if (people === undefined) return undefined;
  const lower = login.toLowerCase();
  return Object.entries(people).find(([l]) => l.toLowerCase() === lower)?.[1];
}
