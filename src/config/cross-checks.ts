import { CONFIG_PATH } from "./extends-ref.js";
import { DEFAULT_CHECKLIST } from "./default-checklist.js";
import { formatPath, type PathSegment } from "./path.js";
import { isRating, LIKELIHOODS, SEVERITIES, validateMatrix } from "../hazards/risk-matrix.js";

/** A problem found by a check, located by its path in the configuration. */
export interface PathIssue {
  path: PathSegment[];
  message: string;
}

/** The role every configuration must define (it signs off governance changes). */
export const REQUIRED_ROLE = "cso";

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A list field after defaults: a missing one counts as empty, a mistyped one as unknown (undefined). */
function listOf(value: unknown): unknown[] | undefined {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : undefined;
}

/**
 * The checks that relate one part of the configuration to another (or to the product's own rules), which a
 * field-by-field schema cannot express. They run even when other fields are invalid, so they read the value
 * defensively: anything of the wrong shape is skipped here, because the schema already reports it.
 */
export function crossFieldIssues(config: unknown): PathIssue[] {
  if (!isObj(config)) return [];
  const issues: PathIssue[] = [];
  const roleIds = checkRoles(config.roles, issues);
  const questions = checkChecklist(config.checklist, issues);
  checkRules(config.rules, roleIds, questions, issues);
  checkRiskMatrix(config.risk_matrix, issues);
  checkReauthenticate(config.sign_off, roleIds, issues);
  return issues;
}

/** `sign_off.reauthenticate` names roles: each must be defined, or nobody would be asked to sign strongly. */
function checkReauthenticate(signOff: unknown, roleIds: Set<string> | undefined, issues: PathIssue[]): void {
  if (!isObj(signOff) || !Array.isArray(signOff.reauthenticate) || roleIds === undefined) return;
  signOff.reauthenticate.forEach((role, j) => {
    if (typeof role === "string" && !roleIds.has(role)) {
      issues.push({ path: ["sign_off", "reauthenticate", j], message: `role "${role}" is not defined in roles` });
    }
  });
}

/**
 * A replacement risk matrix must make sense as a matrix: ratings never fall as severity or likelihood rises.
 * Cell types and sizes are the schema's to report; this runs only on a matrix of the right shape.
 */
function checkRiskMatrix(matrix: unknown, issues: PathIssue[]): void {
  // Before the schema's transform the matrix is keyed by likelihood; after it, a list of rows.
  const rows = Array.isArray(matrix) ? matrix : isObj(matrix) ? LIKELIHOODS.map((l) => matrix[l]) : undefined;
  if (!rows || rows.length !== LIKELIHOODS.length) return;
  const wellFormed = rows.every((r) => Array.isArray(r) && r.length === SEVERITIES.length && r.every((c) => typeof c === "number" && isRating(c)));
  if (!wellFormed) return;
  for (const problem of validateMatrix(rows)) {
    const [, l, s] = /^\[(\d+)\](?:\[(\d+)\])?$/.exec(problem.path) ?? [];
    const likelihood = l === undefined ? undefined : LIKELIHOODS[Number(l)];
    const path: PathSegment[] = ["risk_matrix", ...(likelihood ? [likelihood] : []), ...(s === undefined ? [] : [Number(s)])];
    issues.push({ path, message: problem.message });
  }
}

function checkRoles(roles: unknown, issues: PathIssue[]): Set<string> | undefined {
  if (!isObj(roles)) return undefined;
  if (!Object.hasOwn(roles, REQUIRED_ROLE)) {
    issues.push({
      path: ["roles"],
      message:
        `role "${REQUIRED_ROLE}" must be defined: changes to the hazard log and to ${CONFIG_PATH} ` + `always require ${REQUIRED_ROLE} sign-off`,
    });
  }
  for (const [id, role] of Object.entries(roles)) {
    if (!isObj(role)) continue;
    const teams = listOf(role.teams);
    const users = listOf(role.users);
    if (teams?.length === 0 && users?.length === 0) {
      issues.push({ path: ["roles", id], message: `role "${id}" has no teams and no users, so nobody can sign off for it` });
    }
  }
  return new Set(Object.keys(roles));
}

/** Returns the question ids rules may name, and whether they are the built-in ones (for the message). */
function checkChecklist(checklist: unknown, issues: PathIssue[]): { ids: Set<string>; builtIn: boolean } | undefined {
  if (checklist === undefined) return { ids: new Set(DEFAULT_CHECKLIST.map((q) => q.id)), builtIn: true };
  if (!Array.isArray(checklist)) return undefined;
  const firstIndex = new Map<string, number>();
  checklist.forEach((question, index) => {
    if (!isObj(question) || typeof question.id !== "string") return;
    const earlier = firstIndex.get(question.id);
    if (earlier === undefined) firstIndex.set(question.id, index);
    else
      issues.push({
        path: ["checklist", index, "id"],
        message: `duplicate question id "${question.id}" (also ${formatPath(["checklist", earlier])})`,
      });
  });
  return { ids: new Set(firstIndex.keys()), builtIn: isBuiltIn(checklist) };
}

/** The schema fills in the built-in checklist before these checks see it; recognise it for the message. */
function isBuiltIn(checklist: unknown[]): boolean {
  return (
    checklist.length === DEFAULT_CHECKLIST.length &&
    checklist.every(
      (question, index) =>
        isObj(question) && question.id === DEFAULT_CHECKLIST[index]?.id && question.question === DEFAULT_CHECKLIST[index]?.question,
    )
  );
}

function checkRules(
  rules: unknown,
  roleIds: Set<string> | undefined,
  questions: { ids: Set<string>; builtIn: boolean } | undefined,
  issues: PathIssue[],
): void {
  if (!Array.isArray(rules)) return;
  const firstIndex = new Map<string, number>();
  rules.forEach((rule, index) => {
    if (!isObj(rule)) return;
    const name = typeof rule.id === "string" ? `rule "${rule.id}"` : "this rule";
    if (typeof rule.id === "string") {
      const earlier = firstIndex.get(rule.id);
      if (earlier === undefined) firstIndex.set(rule.id, index);
      else
        issues.push({
          path: ["rules", index, "id"],
          message: `duplicate rule id "${rule.id}" (also ${formatPath(["rules", earlier])})`,
        });
    }

    const paths = listOf(rule.paths);
    const labels = listOf(rule.labels);
    if (paths?.length === 0 && labels?.length === 0) {
      issues.push({ path: ["rules", index], message: `${name} has neither paths nor labels, so it can never match` });
    } else if (labels?.length === 0 && paths !== undefined && paths.every((glob) => typeof glob === "string" && glob.trim().startsWith("!"))) {
      // Exclusions only subtract from what the positive globs matched; alone they match nothing.
      issues.push({
        path: ["rules", index, "paths"],
        message: `${name} has only exclusions ("!") and no labels, so it can never match`,
      });
    }

    if (roleIds !== undefined && Array.isArray(rule.requires)) {
      rule.requires.forEach((role, j) => {
        if (typeof role === "string" && !roleIds.has(role)) {
          issues.push({ path: ["rules", index, "requires", j], message: `role "${role}" is not defined in roles` });
        }
      });
    }

    if (questions !== undefined && Array.isArray(rule.checklist)) {
      rule.checklist.forEach((question, j) => {
        if (typeof question === "string" && !questions.ids.has(question)) {
          issues.push({
            path: ["rules", index, "checklist", j],
            message: `question "${question}" is not in the ${questions.builtIn ? "built-in " : ""}checklist`,
          });
        }
      });
    }
  });
}
