/**
 * `clinical-safety audit export`: a repository's audit records, streamed to standard output in the chosen
 * format. Records are read in keyset pages and each page is written before the next is read, at the pace
 * standard output takes them, so memory stays constant whatever the size of the trail.
 */
import { exportFormat, type ExportFormatName, type ExportScope } from "../audit/export-format.js";
import { DEFAULT_BATCH, type AuditFilter, type AuditStore } from "../store/audit-store.js";
import type { AuditIo } from "./audit-io.js";

/** What to export: the `audit export` invocation of audit-args.ts. */
export interface ExportRequest {
  format: ExportFormatName;
  scope: ExportScope;
  filter: AuditFilter;
}

/**
 * Writes the export through `io.write`, page by page, with a progress line when there is a terminal.
 * @returns the number of records written
 */
export async function exportAudit(
  store: AuditStore,
  request: ExportRequest,
  io: Pick<AuditIo, "write" | "progress">,
  batch = DEFAULT_BATCH,
): Promise<number> {
  const format = exportFormat(request.format);
  await io.write(format.begin(request.scope));
  let count = 0;
  let page = "";
  for await (const record of store.stream(request.filter, batch)) {
    page += format.record(record, count);
    count += 1;
    if (count % batch === 0) {
      await io.write(page);
      page = "";
      io.progress?.show(`exported ${count} records…`);
    }
  }
  await io.write(page + format.end(count));
  io.progress?.done(`exported ${count} ${count === 1 ? "record" : "records"} of ${request.scope.repo}`);
  return count;
}
