/**
 * Writes rows through sObject Collections (up to 200 rows a request), retrying
 * rows that fail with UNABLE_TO_LOCK_ROW with exponential backoff (field case F09).
 */
import type { Connection } from 'jsforce';

/** What happened to one row sent to the API. */
export interface WriteResult {
    success: boolean;
    id: string | null;
    /** Only known for upserts; creates are `true`, updates `false`. */
    created: boolean;
    reason: string | null;
    attempts: number;
}

/** A row ready to send: field names in the org's spelling, references resolved. */
export type OutgoingRecord = Record<string, unknown>;

/** Collections write mode. */
export type WriteMode = { kind: 'upsert'; field: string } | { kind: 'create' } | { kind: 'update' };

/** Retry settings for lock errors. */
export interface RetryPolicy {
    /** Attempts in all, the first included. */
    attempts: number;
    /** Wait before the first retry; doubles each time. */
    backoffMs: number;
    /** Called before each wait, for a progress line. */
    onRetry?: (rows: number, attempt: number, waitMs: number) => void;
}

interface ApiSaveResult {
    id?: string | null;
    success: boolean;
    created?: boolean;
    errors?: { statusCode?: string; message?: string; fields?: string[] }[];
}

/** Maximum rows in one sObject Collections request. */
export const COLLECTION_LIMIT = 200;

const LOCK_ERROR = 'UNABLE_TO_LOCK_ROW';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function requestFor(conn: Connection, sobject: string, mode: WriteMode, records: OutgoingRecord[]) {
    const base = `/services/data/v${conn.version}/composite/sobjects`;
    const body = JSON.stringify({
        allOrNone: false,
        records: records.map((r) => ({ attributes: { type: sobject }, ...r }))
    });
    const headers = { 'Content-Type': 'application/json' };
    if (mode.kind === 'upsert')
        return { method: 'PATCH' as const, url: `${base}/${sobject}/${mode.field}`, body, headers };
    return { method: mode.kind === 'create' ? ('POST' as const) : ('PATCH' as const), url: base, body, headers };
}

function reasonOf(result: ApiSaveResult): string {
    const errors = result.errors ?? [];
    if (errors.length === 0) return 'failed without an error message';
    return errors
        .map(
            (e) =>
                `${e.statusCode ?? 'ERROR'}: ${e.message ?? ''}${e.fields?.length ? ` (${e.fields.join(', ')})` : ''}`
        )
        .join('; ');
}

function isLockFailure(result: ApiSaveResult): boolean {
    return !result.success && (result.errors ?? []).some((e) => e.statusCode === LOCK_ERROR);
}

/**
 * Sends one chunk (at most {@link COLLECTION_LIMIT} rows) and retries only the
 * rows that hit a lock, waiting `backoffMs`, then twice that, and so on.
 *
 * @returns one result per input row, in input order
 */
export async function writeChunk(
    conn: Connection,
    sobject: string,
    mode: WriteMode,
    records: OutgoingRecord[],
    retry: RetryPolicy
): Promise<WriteResult[]> {
    const results: (WriteResult | null)[] = records.map(() => null);
    let pending = records.map((_, index) => index);
    for (let attempt = 1; pending.length > 0; attempt += 1) {
        const answer = await conn.request<ApiSaveResult[]>(
            requestFor(
                conn,
                sobject,
                mode,
                pending.map((i) => records[i])
            )
        );
        if (answer.length !== pending.length) {
            throw new Error(`The API answered ${answer.length} results for ${pending.length} ${sobject} rows.`);
        }
        const retryLater: number[] = [];
        answer.forEach((result, position) => {
            const index = pending[position];
            if (isLockFailure(result) && attempt < retry.attempts) {
                retryLater.push(index);
                return;
            }
            results[index] = {
                success: result.success,
                id: result.id ?? null,
                created: mode.kind === 'create' || (mode.kind === 'upsert' && result.created === true),
                reason: result.success
                    ? null
                    : `${reasonOf(result)}${isLockFailure(result) ? ` (after ${attempt} attempts)` : ''}`,
                attempts: attempt
            };
        });
        if (retryLater.length > 0) {
            const wait = retry.backoffMs * 2 ** (attempt - 1);
            retry.onRetry?.(retryLater.length, attempt + 1, wait);
            await sleep(wait);
        }
        pending = retryLater;
    }
    return results.map((result) => result as WriteResult);
}
