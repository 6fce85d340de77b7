import type { WorkbenchDb } from './db.ts';
import type { ImportReport } from './import-report.ts';

export function loadRavenstack(db: WorkbenchDb, dir: string, report: ImportReport): ImportReport {
    throw new Error(
        `ravenstack import of ${dir} into ${db.metadata.objects.size} objects is not available yet (${report.source}).`
    );
}
