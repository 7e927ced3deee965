import { z } from "zod";
import type { GateConfig } from "../core/types.js";
import { crossFieldIssues } from "./cross-checks.js";
import { defaultChecklist } from "./default-checklist.js";
import { EXTENDS_FORMS, parseExtendsRef } from "./extends-ref.js";
import { idPatternProblem } from "./id-pattern.js";
import { globProblem } from "../core/glob.js";
import { LIKELIHOODS, SEVERITIES } from "../hazards/risk-matrix.js";

/** Default location of the hazard log. */
export const DEFAULT_HAZARD_LOG_PATH = "docs/safety/hazard-log.yml";
/** Default hazard id pattern: `HAZ-` followed by 3+ digits. */
export const DEFAULT_HAZARD_ID_PATTERN = "HAZ-\\d{3,}";
/** Default check-run name. */
export const DEFAULT_CHECK_NAME = "Clinical safety";

// The matrix's axes are the hazard module's: one definition of the scales for the log and the config.
export { LIKELIHOODS, SEVERITIES };

// Ids are typed in PR comments (`/safety sign-off cso`, `/safety answer decision-logic yes`) and written
// into hidden markers, so they are kept to characters that survive both without quoting.
const ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

function id(kind: string) {
  return z.string().regex(ID_PATTERN, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a valid ${kind} id: use lowercase letters, digits, "-" and "_"`,
  });
}

/** Text that must say something: an all-blank string is as useless as a missing one. */
function text(what: string) {
  return z.string().refine((value) => value.trim() !== "", { error: `${what} must not be empty` });
}

// A team slug is what the membership API takes; "@org/team" (the CODEOWNERS spelling) or a display
// name would make every membership lookup fail, so nobody could sign off.
const teamSlug = z.string().regex(/^[A-Za-z0-9_.-]+$/, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a team slug: write the slug from the team's URL ` +
    `(e.g. "clinical-safety"), without "@" or the organisation`,
});

const login = z.string().regex(/^[A-Za-z0-9-]+(?:\[bot\])?$/, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a GitHub login: write the login without "@"`,
});

// "" would match nothing and "!" would exclude nothing: both are typos, never intent. A glob the matcher
// cannot use (too long, an extglob, an unclosed [) is refused here, with the reason, not at matching time.
const glob = z.string().superRefine((value, ctx) => {
  if (value.trim() === "" || value.trim() === "!") {
    ctx.addIssue({ code: "custom", message: "a glob must not be empty", input: value });
    return;
  }
  const problem = globProblem(value.startsWith("!") ? value.slice(1) : value);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: `this glob ${problem}`, input: value });
});

// A branch name or glob; `refs/heads/` is GitHub's spelling of a ref, not of a branch name.
const branchPattern = z.string().superRefine((value, ctx) => {
  if (value.trim() === "") {
    ctx.addIssue({ code: "custom", message: "a branch must not be empty", input: value });
    return;
  }
  if (value.startsWith("refs/") || value.startsWith("!")) {
    ctx.addIssue({ code: "custom", message: 'write the branch name (e.g. "main" or "release/*"), without "refs/heads/" or "!"', input: value });
    return;
  }
  const problem = globProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: `this branch pattern ${problem}`, input: value });
});

// The hazard log is read from the repository through the contents API, which only knows relative paths.
const repoPath = z.string().refine((value) => value.trim() !== "" && !value.startsWith("/") && !value.split("/").includes(".."), {
  error: "must be a path inside the repository, e.g. docs/safety/hazard-log.yml",
});

const idPattern = z.string().superRefine((value, ctx) => {
  const problem = idPatternProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: value });
});

// A literal set rather than number().int().min().max(): zod's int check aborts the whole parse
// explicitly, which would stop the cross-field checks from running and hide the other problems.
const rating = z.literal([1, 2, 3, 4, 5], { error: "expected a rating from 1 to 5" });

const ratingRow = z
  .array(rating)
  .length(SEVERITIES.length, {
    error: (issue) =>
      `expected ${SEVERITIES.length} ratings (${SEVERITIES.join(", ")}), got ` +
      `${Array.isArray(issue.input) ? issue.input.length : "something else"}`,
  })
  .describe(`Ratings 1–5 for the severities ${SEVERITIES.join(", ")}, in that order.`);

/** Who may act for a role. */
const roleSchema = z
  .strictObject({
    /** Org team slugs whose members hold the role (checked against live membership). */
    teams: z.array(teamSlug).default([]).describe("Slugs of teams in the organisation whose members hold the role."),
    /** GitHub logins that hold the role directly. */
    users: z.array(login).default([]).describe("GitHub logins that hold the role (without @)."),
    /** What a sign-off for the role means, recorded with it (21 CFR 11.50). */
    meaning: text("a meaning")
      .optional()
      .describe(
        'What a sign-off for this role means, recorded with it, e.g. "clinical impact approval as CPM". ' +
          'Default: "clinical safety approval as CSO", "clinical impact approval as CPM", "clinical safety approval as <ROLE>".',
      ),
  })
  .describe("Who may act for the role: members of any of these teams, or these users.");

/** A rule: which changes are clinically relevant and who must sign them off. */
const ruleSchema = z
  .strictObject({
    /** Stable id, shown as the reason a PR was flagged. */
    id: id("rule").describe("Stable id of the rule, shown as the reason a pull request was flagged."),
    /** Free text shown next to the id. */
    description: z.string().optional().describe("What the rule protects, shown with the reason."),
    /** Globs of changed files; `!` excludes. A renamed file counts under its old and its new path. */
    paths: z
      .array(glob)
      .default([])
      .describe(
        'Globs of changed files that make the pull request relevant. A leading "!" excludes. ' +
          "A renamed file counts under its old and its new path.",
      ),
    /** Any of these labels on the PR also triggers the rule. */
    labels: z.array(text("a label")).default([]).describe("Labels that make the pull request relevant."),
    /** Role ids that must sign off when the rule matches. */
    requires: z
      .array(z.string())
      .min(1, { error: "must name at least one role" })
      .describe("Roles (ids from `roles`) that must sign off when the rule matches."),
    /** Question ids this rule asks; absent means every question of the checklist. */
    checklist: z.array(z.string()).optional().describe("Ids of the checklist questions this rule asks. Default: every question."),
  })
  .describe("When any path glob or label matches, the pull request is clinically relevant.");

/** One question of the hazard-impact checklist. */
const questionSchema = z
  .strictObject({
    /** Typed in `/safety answer <id> yes|no`, so it must stay stable. */
    id: id("question").describe("Stable id, typed in `/safety answer <id> yes|no`."),
    /** The question the developer answers. */
    question: text("a question").describe("The question, as the developer reads it."),
    /** Shown under the question. */
    why: z.string().optional().describe("Why the question matters (shown under it)."),
  })
  .describe("A question of the hazard-impact checklist.");

/**
 * The ratings table that replaces the DCB0129 example matrix. Written keyed by likelihood so that a
 * person can read it like the table in DOMAIN.md; parsed into the `number[][]` the core indexes.
 */
const riskMatrixSchema = z
  .strictObject(
    Object.fromEntries(LIKELIHOODS.map((likelihood) => [likelihood, ratingRow])) as Record<(typeof LIKELIHOODS)[number], typeof ratingRow>,
  )
  .transform((matrix) => LIKELIHOODS.map((likelihood) => matrix[likelihood]))
  .describe(
    `Risk ratings 1–5 by likelihood (${LIKELIHOODS.join(", ")}), each a list of ${SEVERITIES.length} ratings ` +
      `by severity (${SEVERITIES.join(", ")}). Replaces the DCB0129 example matrix.`,
  );

/**
 * The strict schema of `.github/clinical-safety.yml`: unknown keys are errors at every level, defaults are
 * applied, and the cross-field checks of {@link crossFieldIssues} run even when other fields are invalid
 * so that a person sees every problem at once. Parses to a {@link GateConfig}.
 */
export const configSchema = z
  .strictObject({
    /** Base file to merge under this one; resolved by `load.ts`, only its format is checked here. */
    _extends: z
      .string()
      .refine((value) => parseExtendsRef(value) !== undefined, { error: `expected ${EXTENDS_FORMS}` })
      .optional()
      .describe(`A file this configuration builds on: ${EXTENDS_FORMS}. ` + "Objects are merged key by key, lists are replaced, this file wins."),
    /** Role id → who holds it. `cso` is mandatory (see cross-checks). */
    roles: z
      .record(id("role"), roleSchema)
      .describe("Roles that sign off, by id. `cso` is required: it signs off changes to the hazard log and this file."),
    /** Printed names by login, recorded with sign-offs instead of the name on the GitHub profile. */
    people: z
      .record(login, text("a name"))
      .optional()
      .describe(
        "Printed names of people by GitHub login (without @), e.g. dr-cso: Dr Cleo Smith. Recorded with a sign-off " +
          "instead of the name on the person's GitHub profile.",
      ),
    /** Every rule that matches makes the PR relevant; their `requires` are unioned. */
    rules: z.array(ruleSchema).describe("Rules that make a pull request clinically relevant. Any rule that matches applies."),
    /** Replaces the whole built-in checklist when given. */
    checklist: z
      .array(questionSchema)
      .min(1, { error: "must list at least one question (leave checklist out to use the built-in one)" })
      .default(defaultChecklist)
      .describe("The hazard-impact checklist. Default: the built-in DCB0129-oriented questions."),
    /** Where the hazard log is and what its ids look like. */
    hazard_log: z
      .strictObject({
        /** Repository path, read at the PR head. */
        path: repoPath.default(DEFAULT_HAZARD_LOG_PATH).describe("Path of the hazard log in the repository."),
        /** JS RegExp source; finds hazard mentions in PR text. */
        id_pattern: idPattern
          .default(DEFAULT_HAZARD_ID_PATTERN)
          .describe("Regular expression (JavaScript syntax) that hazard ids match, e.g. HAZ-\\d{3,}."),
      })
      .prefault({})
      .describe("The hazard log: where it is and what its ids look like."),
    /** How sign-offs behave. */
    sign_off: z
      .strictObject({
        /** A push voids earlier sign-offs, so what was approved is what merges. */
        dismiss_on_push: z.boolean().default(true).describe("A new commit voids earlier sign-offs."),
        /** Segregation of duties: by default the author cannot approve their own change. */
        author_may_sign: z.boolean().default(false).describe("Whether the pull request's author may sign off (segregation of duties)."),
        /** One person cannot fill two required roles. */
        distinct_signers: z.boolean().default(true).describe("One person cannot sign off for two required roles."),
        /**
         * Strong signing (21 CFR 11.200): these roles sign on the audit page after a fresh GitHub sign-in, not by
         * command; `true` means every role. The command is answered with a link to the page.
         */
        reauthenticate: z
          .union([z.boolean(), z.array(id("role"))])
          .default(false)
          .describe(
            "Roles (ids from `roles`) whose sign-off is given on the audit page after a fresh GitHub sign-in instead of by " +
              "`/safety sign-off`, which then answers with a link to that page; `true` for every role. Default: none.",
          ),
        /** How recent that sign-in must be; also for the CSO's release approval. */
        sign_in_max_age_minutes: z
          .number()
          // A refinement rather than int().min().max(), which would abort the parse and hide the other problems.
          .refine((n) => Number.isInteger(n) && n >= 1 && n <= 60, { error: "expected a whole number of minutes from 1 to 60" })
          .default(5)
          .describe(
            "How many minutes old the GitHub sign-in behind an audit-page signature (a strong sign-off, a release approval) may be " +
              "at most; an older one must sign in again first. 1 to 60. Default: 5.",
          ),
      })
      .prefault({})
      .describe("How sign-offs behave."),
    /** The check run; its name is what branch protection requires. */
    check: z
      .strictObject({
        /** Changing it means changing branch protection too. */
        name: text("the check name").default(DEFAULT_CHECK_NAME).describe("Name of the check run (the one to require in branch protection)."),
      })
      .prefault({})
      .describe("The check run."),
    /** Review requests to the required roles' teams, once per team and PR (core/reviewers.ts). */
    review_requests: z
      .strictObject({
        /** A courtesy that saves the author finding the right people; never part of what the gate decides. */
        enabled: z
          .boolean()
          .default(true)
          .describe("Request reviews from the teams of the roles a clinically relevant pull request still needs, once per team."),
        /** Drafts are checked early, but a review request on a draft calls people before the author is ready. */
        drafts: z
          .boolean()
          .default(false)
          .describe("Request them while the pull request is a draft too (default: only once it is ready for review)."),
      })
      .prefault({})
      .describe("Review requests to the required roles' teams when a pull request becomes clinically relevant and ready for review."),
    /** Base branches the gate protects; PRs into others get a neutral check (core/branches.ts). */
    branches: z
      .array(branchPattern)
      .min(1, { error: "must name at least one branch (leave branches out to protect the default branch)" })
      .optional()
      .describe('Base branches the gate protects, by name or glob (e.g. "main", "release/*"). Default: the default branch.'),
    /** Optional replacement for the DCB0129 example risk matrix. */
    risk_matrix: riskMatrixSchema.optional(),
  })
  .superRefine(
    (value, ctx) => {
      for (const issue of crossFieldIssues(value)) ctx.addIssue({ code: "custom", input: undefined, ...issue });
    },
    // Run even when fields already failed: returning every problem at once is the point.
    { when: () => true },
  )
  // `_extends` is an instruction to the loader, not part of the configuration the gate runs on.
  .transform(({ _extends: _ignored, ...config }) => config)
  .describe("Configuration of the Clinical Safety Gate (.github/clinical-safety.yml).");

/** What a configuration file may contain (before defaults). */
export type ConfigInput = z.input<typeof configSchema>;
/** The parsed configuration. */
export type ParsedConfig = z.output<typeof configSchema>;

// Compile-time proof that the schema produces what the rest of the app consumes.
type AssertAssignable<T extends GateConfig> = T;
type _ParsedConfigIsGateConfig = AssertAssignable<ParsedConfig>;
