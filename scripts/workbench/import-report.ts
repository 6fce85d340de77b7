/**
 * What an import did: rows read, rows written per object, and every rejected
 * row with the reason (field case F10: nothing is dropped without a word).
 */

export interface RejectedRow {
    object: string;
    file: string;
    /** The row's reference id (tree files) or its 1-based line (CSV). */
    row: string;
    reason: string;
}

export interface ImportReport {
    source: string;
    format: 'tree' | 'ravenstack' | 'sample';
    /** Rows read from the files, per object. */
    read: Record<string, number>;
    /** Rows written, per object (zero for every object when the import was refused). */
    written: Record<string, number>;
    rejected: RejectedRow[];
    /** Columns of the files that have no field in the workbench schema, per object. */
    ignoredFields: Record<string, string[]>;
    /** Records the workbench's automation created (plans for won opportunities, milestones, scores, alerts). */
    derived: Record<string, number>;
    committed: boolean;
}

/** Thrown when an all-or-nothing import finds rejected rows; nothing was written. */
export class ImportRefusedError extends Error {
    readonly report: ImportReport;

    constructor(report: ImportReport) {
        super(
            `Import of ${report.source} refused: ${report.rejected.length} row(s) rejected, nothing was written. ` +
                'Fix the rows listed above, or run again with --allow-rejects to load the other rows.'
        );
        this.report = report;
    }
}

export function emptyReport(source: string, format: ImportReport['format']): ImportReport {
    return { source, format, read: {}, written: {}, rejected: [], ignoredFields: {}, derived: {}, committed: false };
}

export function bump(counts: Record<string, number>, key: string, by = 1): void {
    counts[key] = (counts[key] ?? 0) + by;
}

/** The report as short lines for the terminal. */
export function formatReport(report: ImportReport): string[] {
    const lines = [
        `import ${report.format} from ${report.source}: ${report.committed ? 'committed' : 'NOT committed'}`
    ];
    const sameKeys = Object.keys(report.read).every((key) => !key.endsWith('.csv'));
    if (sameKeys) {
        for (const object of Object.keys(report.read).sort()) {
            const rejected = report.rejected.filter((row) => row.object === object).length;
            lines.push(
                `  ${object.padEnd(26)} read ${String(report.read[object]).padStart(6)}  written ${String(report.written[object] ?? 0).padStart(6)}  rejected ${rejected}`
            );
        }
    } else {
        for (const [file, count] of Object.entries(report.read))
            lines.push(`  read    ${file.padEnd(34)} ${String(count).padStart(6)} rows`);
        for (const [object, count] of Object.entries(report.written))
            lines.push(`  written ${object.padEnd(34)} ${String(count).padStart(6)} records`);
        lines.push(`  rejected ${report.rejected.length} row(s)`);
    }
    for (const [object, count] of Object.entries(report.derived).sort()) {
        lines.push(`  ${object.padEnd(26)} created by automation ${count}`);
    }
    for (const [object, fields] of Object.entries(report.ignoredFields)) {
        lines.push(`  ${object}: columns without a field in the schema, not loaded: ${fields.join(', ')}`);
    }
    for (const row of report.rejected) {
        lines.push(`  rejected ${row.object} ${row.row} (${row.file}): ${row.reason}`);
    }
    return lines;
}
