/**
 * Bulk API 2.0 upserts for large objects, safe against client-side timeouts
 * (field case F11).
 *
 * A job that outlives the poll timeout has not failed: it keeps running in the
 * org. The loader polls it again by its id until `maxWaitMs`, and records the id
 * in `.liftoff/seed-jobs.json` before polling, so a rerun after an interrupted
 * run collects that job's results instead of submitting the same rows again.
 * Rows the job rejects with UNABLE_TO_LOCK_ROW go into a new job after a backoff;
 * existing rows refused for naming a field that cannot be updated (a
 * master-detail parent) go into a new job without that field.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Connection } from 'jsforce';
import { CliError } from '../errors.ts';
import { addTo } from '../query.ts';
import { unwritableFields, type OutgoingRecord, type RetryPolicy, type WriteResult } from './collections.ts';

/** Polling settings. */
export interface BulkPolling {
    intervalMs: number;
    /** One poll round; when it passes the job is polled again by id, not resubmitted. */
    timeoutMs: number;
    /** Total wait for one job before the command stops and leaves the job to the next run. */
    maxWaitMs: number;
}

interface JournalEntry {
    sobject: string;
    hash: string;
    jobId: string;
}

type ResultRow = Record<string, string>;

/** Called with progress lines. */
export type Say = (line: string) => void;

function readJournal(file: string): JournalEntry[] {
    if (!existsSync(file)) return [];
    return (JSON.parse(readFileSync(file, 'utf8')) as { jobs: JournalEntry[] }).jobs;
}

function writeJournal(file: string, jobs: JournalEntry[]): void {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ jobs }, null, 4)}\n`);
}

function csvCell(value: unknown): string {
    if (value === null || value === undefined) return '';
    const text = typeof value === 'string' ? value : String(value);
    return /[",\n\r]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes rows as Bulk API 2.0 CSV: one header of every field used, LF line endings. */
export function toCsv(records: OutgoingRecord[]): string {
    const columns = [...new Set(records.flatMap((record) => Object.keys(record)))];
    const lines = [columns.join(',')];
    for (const record of records) lines.push(columns.map((column) => csvCell(record[column])).join(','));
    return `${lines.join('\n')}\n`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForJob(conn: Connection, jobId: string, polling: BulkPolling, say: Say): Promise<void> {
    const started = Date.now();
    for (;;) {
        const job = conn.bulk2.job('ingest', { id: jobId });
        try {
            await job.poll(polling.intervalMs, polling.timeoutMs);
            return;
        } catch (error) {
            if ((error as Error).name !== 'JobPollingTimeout') throw error;
        }
        const waited = Date.now() - started;
        if (waited >= polling.maxWaitMs) {
            throw new CliError(
                `Bulk job ${jobId} is still running after ${Math.round(waited / 1000)} s; it was not resubmitted and its id is kept in .liftoff/seed-jobs.json.`,
                'rerun the same npx liftoff seed command later: it collects that job by id'
            );
        }
        say(
            `  bulk job ${jobId} still running after ${Math.round(waited / 1000)} s: polling it again by id (not resubmitting)`
        );
    }
}

async function submitJob(conn: Connection, sobject: string, field: string, csv: string): Promise<string> {
    const job = conn.bulk2.createJob({
        object: sobject,
        operation: 'upsert',
        externalIdFieldName: field,
        lineEnding: 'LF'
    });
    await job.open();
    await job.uploadData(csv);
    await job.close();
    return job.id;
}

interface JobOutcome {
    successful: ResultRow[];
    failed: ResultRow[];
    unprocessed: ResultRow[];
    jobError: string | null;
}

async function collect(conn: Connection, jobId: string, polling: BulkPolling, say: Say): Promise<JobOutcome> {
    let jobError: string | null = null;
    try {
        await waitForJob(conn, jobId, polling, say);
    } catch (error) {
        if (error instanceof CliError || !/Ingest job failed|aborted/i.test((error as Error).message)) throw error;
        jobError = (error as Error).message;
    }
    const job = conn.bulk2.job('ingest', { id: jobId });
    const results = await job.getAllResults();
    const unprocessed = Array.isArray(results.unprocessedRecords)
        ? (results.unprocessedRecords as unknown as ResultRow[])
        : [];
    return {
        successful: results.successfulResults as unknown as ResultRow[],
        failed: results.failedResults as unknown as ResultRow[],
        unprocessed,
        jobError
    };
}

/** Runs one job (reusing a journaled one for the same rows) and returns its outcome. */
async function runJob(
    conn: Connection,
    sobject: string,
    field: string,
    records: OutgoingRecord[],
    journalFile: string,
    polling: BulkPolling,
    say: Say
): Promise<JobOutcome> {
    const csv = toCsv(records);
    const hash = createHash('sha256').update(`${sobject}\n${field}\n${csv}`).digest('hex');
    const journal = readJournal(journalFile);
    let jobId = journal.find((entry) => entry.sobject === sobject && entry.hash === hash)?.jobId;
    if (jobId) {
        say(`  ${sobject}: collecting bulk job ${jobId} from an earlier run by id (not resubmitting)`);
    } else {
        jobId = await submitJob(conn, sobject, field, csv);
        writeJournal(journalFile, [...journal, { sobject, hash, jobId }]);
        say(`  ${sobject}: bulk job ${jobId} submitted with ${records.length} rows`);
    }
    const outcome = await collect(conn, jobId, polling, say);
    writeJournal(
        journalFile,
        readJournal(journalFile).filter((entry) => entry.jobId !== jobId)
    );
    return outcome;
}

/** Splits rows by their set of fields, so a job's CSV never blanks a field a row left out on purpose. */
function byColumns(records: OutgoingRecord[]): OutgoingRecord[][] {
    const groups = new Map<string, OutgoingRecord[]>();
    for (const record of records) {
        const signature = Object.keys(record).sort().join(',');
        addTo(groups, signature, record);
    }
    return [...groups.values()];
}

/** Bulk API 2.0 takes at most 100 MB of CSV per job upload; stay well under it. */
export const MAX_UPLOAD_BYTES = 90_000_000;

/**
 * Splits rows (kept in parent order) into consecutive groups whose CSV stays
 * under `maxBytes`, halving a group until it fits.
 */
export function bySize(records: OutgoingRecord[], maxBytes: number): OutgoingRecord[][] {
    if (records.length <= 1 || Buffer.byteLength(toCsv(records)) <= maxBytes) return [records];
    const middle = Math.ceil(records.length / 2);
    return [...bySize(records.slice(0, middle), maxBytes), ...bySize(records.slice(middle), maxBytes)];
}

/**
 * Upserts rows with Bulk API 2.0 and returns one result per input row, matched
 * back through the external id value each result row carries.
 *
 * @param records rows with the external id `field` set and unique
 */
export async function bulkUpsert(
    conn: Connection,
    sobject: string,
    field: string,
    records: OutgoingRecord[],
    options: { journalFile: string; polling: BulkPolling; retry: RetryPolicy; say: Say }
): Promise<WriteResult[]> {
    const results = new Map<string, WriteResult>();
    const byKey = new Map(records.map((record) => [String(record[field]), record]));
    const stripped = new Set<string>();
    let pending = records;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
        const locked: OutgoingRecord[] = [];
        const resend: OutgoingRecord[] = [];
        for (const group of byColumns(pending).flatMap((columns) => bySize(columns, MAX_UPLOAD_BYTES))) {
            const outcome = await runJob(
                conn,
                sobject,
                field,
                group,
                options.journalFile,
                options.polling,
                options.say
            );
            for (const row of outcome.successful) {
                results.set(row[field], {
                    success: true,
                    id: row.sf__Id,
                    created: row.sf__Created === 'true',
                    reason: null,
                    attempts: attempt
                });
            }
            for (const row of outcome.failed) {
                const record = byKey.get(row[field]) as OutgoingRecord;
                const [code, ...rest] = row.sf__Error.split(':');
                const unwritable = unwritableFields(code, rest.join(':'), undefined).filter((name) => name in record);
                if (unwritable.length > 0 && !stripped.has(row[field])) {
                    stripped.add(row[field]);
                    resend.push(
                        Object.fromEntries(Object.entries(record).filter(([name]) => !unwritable.includes(name)))
                    );
                } else if (code === 'UNABLE_TO_LOCK_ROW' && attempt < options.retry.attempts) {
                    locked.push(record);
                } else {
                    results.set(row[field], {
                        success: false,
                        id: null,
                        created: false,
                        reason: row.sf__Error,
                        attempts: attempt
                    });
                }
            }
            for (const row of outcome.unprocessed) {
                const reason = `not processed by bulk job${outcome.jobError ? `: ${outcome.jobError}` : ''}`;
                results.set(row[field], { success: false, id: null, created: false, reason, attempts: attempt });
            }
        }
        for (const record of resend) byKey.set(String(record[field]), record);
        if (locked.length > 0) {
            const wait = options.retry.backoffMs * 2 ** (attempt - 1);
            options.retry.onRetry?.(locked.length, attempt + 1, wait);
            await sleep(wait);
        }
        pending = [...locked, ...resend];
    }
    return records.map(
        (record) =>
            results.get(String(record[field])) ?? {
                success: false,
                id: null,
                created: false,
                reason: 'the bulk job returned no result for this row',
                attempts: 1
            }
    );
}
