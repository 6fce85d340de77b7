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

/**
 * Fields the platform refused to write on an existing row: a master-detail
 * field that is not reparentable can be set on create but not on update, even
 * to its current value, so a rerun's upsert of a child row names its parent.
 */
export function unwritableFields(
    statusCode: string | undefined,
    message: string,
    fields: string[] | undefined
): string[] {
    if (statusCode !== 'INVALID_FIELD_FOR_INSERT_UPDATE') return [];
    if (fields && fields.length > 0) return fields;
    const listed = /Unable to create\/update fields: ([^.]+)\./.exec(message);
    return listed ? listed[1].split(',').map((field) => field.trim()) : [];
}

function strippable(result: ApiSaveResult, record: OutgoingRecord): string[] {
    if (result.success) return [];
    const errors = result.errors ?? [];
    const named = errors.flatMap((e) => unwritableFields(e.statusCode, e.message ?? '', e.fields));
    const allNamed = errors.every((e) => unwritableFields(e.statusCode, e.message ?? '', e.fields).length > 0);
    return allNamed && named.length > 0 && named.every((field) => field in record) ? named : [];
}

function isLockFailure(result: ApiSaveResult): boolean {
    return !result.success && (result.errors ?? []).some((e) => e.statusCode === LOCK_ERROR);
}

/**
 * Sends one chunk (at most {@link COLLECTION_LIMIT} rows) and retries only the
 * rows that hit a lock, waiting `backoffMs`, then twice that, and so on. A row
 * refused because it names a field that cannot be updated (an existing child's
 * master-detail parent) is sent once more without those fields.
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
    const sending = records.map((record) => ({ ...record }));
    const stripped = new Set<number>();
    let pending = records.map((_, index) => index);
    for (let attempt = 1; pending.length > 0; attempt += 1) {
        const answer = await conn.request<ApiSaveResult[]>(
            requestFor(
                conn,
                sobject,
                mode,
                pending.map((i) => sending[i])
            )
        );
        if (answer.length !== pending.length) {
            throw new Error(`The API answered ${answer.length} results for ${pending.length} ${sobject} rows.`);
        }
        const retryLater: number[] = [];
        const resendNow: number[] = [];
        answer.forEach((result, position) => {
            const index = pending[position];
            const unwritable = stripped.has(index) ? [] : strippable(result, sending[index]);
            if (unwritable.length > 0) {
                for (const field of unwritable) delete sending[index][field];
                stripped.add(index);
                resendNow.push(index);
                return;
            }
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
        pending = [...retryLater, ...resendNow];
    }
    return results.map((result) => result as WriteResult);
}
