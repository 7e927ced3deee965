import type { Evaluation } from "../core/types.js";

/** A check-run annotation, as GitHub's API takes it. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
}

/**
 * Every located problem (invalid config, invalid hazard log) as a failure annotation on its file and line, so
 * GitHub shows it beside the offending line of the PR's diff and in the check's annotation list.
 */
export function annotationsFor(e: Evaluation): CheckAnnotation[] {
  return e.errors.flatMap((error) =>
    (error.problems ?? []).flatMap((p) =>
      p.line === undefined
        ? []
        : [
            {
              path: p.file,
              start_line: p.line,
              end_line: p.line,
              annotation_level: "failure" as const,
              title: error.code === "hazard-log" ? "Hazard log" : "Clinical safety configuration",
              message: p.path ? `${p.path}: ${p.message}` : p.message,
            },
          ],
    ),
  );
}
