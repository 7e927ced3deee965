/**
 * The hazard log file (`docs/safety/hazard-log.yml`) as a strict zod schema.
 *
 * Required: `id`, `title`, `initial`, `residual`, `status`, `owner`, `raised` — enough to identify, score
 * and hold someone accountable for a hazard from the day it is logged. The analysis fields (`description`,
 * `cause`, `effect`, `harm`, controls) are optional so a hazard can be logged as soon as it is suspected
 * and filled in as the analysis proceeds; leaving it out of the log until then would be worse.
 * `justification` is optional here but required of a closed hazard by the lint (a cross-field rule).
 * Unknown fields are errors so that a misspelt field (`justfication`) is never silently ignored.
 */
import { z } from "zod";
import { globProblem } from "../core/glob.js";
import { LIKELIHOODS, SEVERITIES } from "./risk-matrix.js";

/** Hazard statuses: `transferred` means the manufacturer's part is done and the deployer still has to act. */
export const STATUSES = ["open", "transferred", "closed"] as const;
export type HazardStatus = (typeof STATUSES)[number];

/** Kinds of additional control, as DCB0129 groups them. */
export const CONTROL_TYPES = ["design", "test", "training", "business-process"] as const;
export type ControlType = (typeof CONTROL_TYPES)[number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written `YYYY-MM-DD` (so `2026-02-30` is refused). */
function isCalendarDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** What a date field must be; also the message when it is not. */
export const DATE_REQUIREMENT = "must be a date written YYYY-MM-DD";

/**
 * A date as `YYYY-MM-DD`. YAML 1.1 loaders turn an unquoted date into a Date object and YAML 1.2 keeps it
 * a string; either is accepted and normalised to the string, so the log reads the same whichever way.
 */
const dateSchema = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z.custom<string>((v) => typeof v === "string" && isCalendarDate(v), { message: DATE_REQUIREMENT }),
);

/** Text that says something: a blank title or owner is as good as none. */
const textSchema = z.string().refine((s) => s.trim() !== "", { message: "must not be blank" });

const codeGlobSchema = textSchema.superRefine((value, ctx) => {
  const problem = globProblem(value.startsWith("!") ? value.slice(1) : value);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: `must be a supported glob (this one ${problem})`, input: value });
});

/** Severity + likelihood, with an optional stored rating (checked against the matrix by the lint). */
export const riskSchema = z.strictObject({
  severity: z.enum(SEVERITIES),
  likelihood: z.enum(LIKELIHOODS),
  /** Any number is accepted here so that a wrong one (16) is reported as disagreeing with the matrix. */
  rating: z.number().optional(),
});
export type RiskAssessment = z.output<typeof riskSchema>;

/** A control added to bring the risk down, with optional evidence (a test path, a document link). */
export const additionalControlSchema = z.strictObject({
  type: z.enum(CONTROL_TYPES),
  description: textSchema,
  evidence: textSchema.optional(),
});
export type AdditionalControl = z.output<typeof additionalControlSchema>;

/** One hazard-log entry. Lists default to empty so that consumers never meet `undefined` lists. */
export const hazardEntrySchema = z.strictObject({
  /** Stable forever; must match the configured id pattern (checked by the lint). */
  id: textSchema,
  /** The hazard in one line. */
  title: textSchema,
  description: textSchema.optional(),
  /** What goes wrong in the software. */
  cause: textSchema.optional(),
  /** What changes in care as a result. */
  effect: textSchema.optional(),
  /** What happens to the patient. */
  harm: textSchema.optional(),
  existing_controls: z.array(textSchema).default([]),
  /** Risk before the additional controls. */
  initial: riskSchema,
  additional_controls: z.array(additionalControlSchema).default([]),
  /** Risk after the additional controls; its rating may not exceed the initial one (lint). */
  residual: riskSchema,
  status: z.enum(STATUSES),
  /** Why a closed hazard needs no further action; required when `status` is `closed` (lint). */
  justification: z.string().optional(),
  /** The person accountable for the hazard. */
  owner: textSchema,
  raised: dateSchema,
  updated: dateSchema.optional(),
  /**
   * Globs (core/glob.ts) of the code associated with the hazard, so a PR touching it can be linked. A PR's
   * own branch writes them, so each is checked here: a glob the matcher would refuse is a problem in the log.
   */
  code: z.array(codeGlobSchema).default([]),
  /** Ids of related hazards; each must exist in the log (lint). */
  references: z.array(textSchema).default([]),
});
export type HazardEntry = z.output<typeof hazardEntrySchema>;

/** The whole file. Only `hazards` is allowed at the top level. */
export const hazardLogSchema = z.strictObject({
  hazards: z.array(hazardEntrySchema),
});

/**
 * The file's outline with entries left unchecked: the lint validates each entry on its own so that one
 * bad entry neither hides the others' problems nor stops the good ones being returned.
 */
export const hazardLogOutlineSchema = hazardLogSchema.extend({ hazards: z.array(z.unknown()) });

/** A validated entry with its derived ratings and where it starts in the file. */
export interface Hazard extends HazardEntry {
  /** Looked up in the risk matrix from `initial`; never taken from a stored rating. */
  initialRating: number;
  /** Looked up in the risk matrix from `residual`. */
  residualRating: number;
  /** 1-based line where the entry starts. */
  line: number;
}
