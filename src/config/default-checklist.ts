import type { ChecklistQuestion } from "../core/types.js";

/**
 * The built-in hazard-impact checklist (DOMAIN.md, "The built-in hazard-impact checklist"), used when a
 * repository's config has no `checklist`. The ids are part of the product's outside: people type them in
 * `/safety answer <id> yes|no` and rules name them, so they must never change once shipped.
 *
 * Frozen so that a consumer that mutates its config cannot change the defaults of the next parse.
 */
export const DEFAULT_CHECKLIST: readonly Readonly<ChecklistQuestion>[] = Object.freeze(
  [
    {
      id: "decision-logic",
      question: "Does this change clinical decision logic (rules, thresholds, triage outcomes, scores)?",
      why: "An error reaches every patient.",
    },
    {
      id: "calculations",
      question: "Does this change a calculation (doses, units, rounding, weight/age/renal adjustments, date arithmetic)?",
      why: "Tenfold and unit errors kill.",
    },
    {
      id: "medication",
      question: "Does this change medication data or checks (drug data, formulary, allergy and interaction checks, order sets)?",
      why: "A silently missed check is invisible.",
    },
    {
      id: "patient-identity",
      question: "Does this change how patients are identified (matching, demographics, NHS number, record merge, patient context)?",
      why: "Wrong-patient errors are in nearly every log.",
    },
    {
      id: "displayed-data",
      question: "Does this change what clinicians or patients see (values, units, truncation, sort order, date format, defaults)?",
      // DOMAIN.md gives no reason for this one; this states the risk the list of examples points at.
      why: "Clinicians act on what they see, so a wrong unit or a cut-off value is acted on as true.",
    },
    {
      id: "alerts",
      question: "Does this change alerts, tasks or worklists (firing, suppression, routing, escalation, timing)?",
      why: "Missed alerts and alert fatigue both harm.",
    },
    {
      id: "data-integrity",
      question: "Does this change how clinical data is stored or moved (storage, migrations, deletion, sync, caching, concurrency)?",
      why: "Lost or stale data gets treated as complete.",
    },
    {
      id: "interoperability",
      question: "Does this change an interface with another system (HL7 v2, FHIR, e-prescription messages, SNOMED/dm+d mappings, API contracts)?",
      why: "Failures surface in someone else's system.",
    },
    {
      id: "availability",
      question: "Does this affect the availability or speed of a clinical workflow (timeouts, retries, fallback, performance)?",
      why: "Delay is harm; deployers need downtime plans.",
    },
    {
      id: "ai-behaviour",
      question: "Does this change AI or model behaviour (model or version, prompt, threshold, training data)?",
      why: "Behaviour drifts in ways unit tests miss.",
    },
    {
      id: "user-interface",
      question: "Does this change the user interface (layout, colour, accessibility, default selections, step order)?",
      why: "Mis-selection and look-alike errors.",
    },
    {
      id: "access-audit",
      question: "Does this change access control or the audit trail?",
      why: "The wrong people act; actions can't be attributed.",
    },
    {
      id: "third-party",
      question: "Does this change a third-party component, the infrastructure, or a feature flag on a clinical path?",
      // DOMAIN.md gives no reason for this one either.
      why: "Their faults reach patients through our product, without a line of our code changing.",
    },
    {
      id: "intended-use",
      question: "Does this change the intended use, users or setting?",
      why: "May make the change regulatorily significant.",
    },
    {
      id: "existing-controls",
      question: "Does this remove, weaken or implement an existing hazard control?",
      why: "The hazards it controls need re-scoring.",
    },
  ].map((question) => Object.freeze(question)),
);

/** A fresh, mutable copy of the built-in checklist (what a config without `checklist` gets). */
export function defaultChecklist(): ChecklistQuestion[] {
  return DEFAULT_CHECKLIST.map((question) => ({ ...question }));
}
