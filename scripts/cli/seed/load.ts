/**
 * Loads sample data into an org so that a rerun adds nothing and every row is
 * accounted for as created, updated or failed with its reason.
 *
 * Objects load in plan order; each object's rows are resolved (`@Ref` values
 * become the Ids of rows loaded before), sorted by parent so one request or
 * bulk batch holds one parent's children, and packed into chunks that never
 * split a parent when they can avoid it. With `concurrency` above 1, chunks
 * that share a parent run in the same lane, one after the other, so parallel
 * requests do not wait on each other's parent locks (field case F09).
 */
import type { Connection } from 'jsforce';
import type { OrgNames } from '../names.ts';
import { addTo, queryAll, soqlString } from '../query.ts';
import { bulkUpsert, type BulkPolling, type Say } from './bulk.ts';
import { writeChunk, type OutgoingRecord, type RetryPolicy, type WriteMode, type WriteResult } from './collections.ts';
import { keyFor, naturalKeyText, readField, type KeyStrategy, type NaturalKey } from './keys.ts';
import type { SeedObject, SeedRow } from './tree.ts';

/** The fate of one row of the sample data. */
export interface RowOutcome {
    sobject: string;
    referenceId: string;
    outcome: 'created' | 'updated' | 'failed';
    id: string | null;
    reason: string | null;
}

/** Settings for one load. */
export interface LoadOptions {
    names: OrgNames;
    keyOverrides: Map<string, string>;
    chunkSize: number;
    concurrency: number;
    /** Objects with more rows than this (and an external id) go through Bulk API 2.0. */
    bulkThreshold: number;
    retry: RetryPolicy;
    polling: BulkPolling;
    journalFile: string;
    say: Say;
}

/** Fields that point at the parent whose lock a child takes, most important first. */
const PARENT_FIELDS = ['OnboardingPlan__c', 'Account__c', 'Playbook__c', 'AccountId'];

interface Prepared {
    row: SeedRow;
    record: OutgoingRecord;
    parentKey: string;
}

function failure(row: SeedRow, reason: string): RowOutcome {
    return { sobject: row.sobject, referenceId: row.referenceId, outcome: 'failed', id: null, reason };
}

/** Resolves `@Ref` values and maps field names to the org's spelling; a missing parent fails the row. */
function prepare(
    row: SeedRow,
    ids: Map<string, string>,
    failed: Map<string, string>,
    names: OrgNames
): Prepared | RowOutcome {
    const record: OutgoingRecord = {};
    const parents: string[] = [];
    for (const [field, value] of Object.entries(row.fields)) {
        let resolved = value;
        if (typeof value === 'string' && value.startsWith('@')) {
            const ref = value.slice(1);
            const id = ids.get(ref);
            if (!id)
                return failure(
                    row,
                    failed.has(ref)
                        ? `parent ${ref} was not loaded (${failed.get(ref)})`
                        : `reference ${value} points at no row`
                );
            resolved = id;
        }
        record[names.toOrg(field)] = resolved;
    }
    for (const parent of PARENT_FIELDS) {
        const value = readField(row.fields, parent);
        if (typeof value !== 'string' || value === '') continue;
        parents.push(value.startsWith('@') ? (ids.get(value.slice(1)) ?? '') : value);
    }
    return { row, record, parentKey: parents.join('/') };
}

/** Packs rows (sorted by parent) into chunks, closing a chunk at a parent boundary when the next group would overflow it. */
export function chunkByParent<T extends { parentKey: string }>(rows: T[], size: number): T[][] {
    const groups: T[][] = [];
    for (const row of rows) {
        const last = groups.at(-1);
        if (last && last[0].parentKey === row.parentKey) last.push(row);
        else groups.push([row]);
    }
    const chunks: T[][] = [];
    let current: T[] = [];
    for (const group of groups) {
        if (current.length > 0 && current.length + group.length > size) {
            chunks.push(current);
            current = [];
        }
        for (const row of group) {
            if (current.length === size) {
                chunks.push(current);
                current = [];
            }
            current.push(row);
        }
    }
    if (current.length > 0) chunks.push(current);
    return chunks;
}

/** Splits chunks into lanes; chunks sharing a parent always share a lane and so never run at the same time. */
export function lanesFor<T extends { parentKey: string }>(chunks: T[][], concurrency: number): T[][][] {
    const lanes: T[][][] = Array.from({ length: Math.max(1, concurrency) }, () => []);
    let previous: { lane: number; parents: Set<string> } | null = null;
    for (const chunk of chunks) {
        const parents = new Set(chunk.map((row) => row.parentKey));
        const before = previous;
        const shares: boolean =
            before !== null && [...parents].some((parent) => parent !== '' && before.parents.has(parent));
        const lane: number =
            shares && before
                ? before.lane
                : lanes.reduce((best, l, i) => (l.length < lanes[best].length ? i : best), 0);
        lanes[lane].push(chunk);
        previous = { lane, parents };
    }
    return lanes.filter((lane) => lane.length > 0);
}

async function findExisting(
    conn: Connection,
    sobject: string,
    key: NaturalKey,
    rows: Prepared[]
): Promise<Map<string, string[]>> {
    const existing = new Map<string, string[]>();
    const lead = key.lookup;
    const values = [
        ...new Set(
            rows
                .map((p) => readField(p.record, lead))
                .filter((v) => v !== null && v !== undefined)
                .map((v) => String(v).trim())
                .filter((v) => v !== '')
        )
    ];
    for (let start = 0; start < values.length; start += 100) {
        const list = values
            .slice(start, start + 100)
            .map(soqlString)
            .join(',');
        const soql = `SELECT Id, ${key.fields.join(', ')} FROM ${sobject} WHERE ${lead} IN (${list})`;
        for (const found of await queryAll(conn, soql)) {
            const text = naturalKeyText(found, key);
            addTo(existing, text, String(found.Id));
        }
    }
    return existing;
}

async function runLanes(
    lanes: Prepared[][][],
    write: (chunk: Prepared[]) => Promise<WriteResult[]>
): Promise<Map<Prepared, WriteResult>> {
    const results = new Map<Prepared, WriteResult>();
    await Promise.all(
        lanes.map(async (lane) => {
            for (const chunk of lane) {
                const answers = await write(chunk);
                chunk.forEach((prepared, index) => results.set(prepared, answers[index]));
            }
        })
    );
    return results;
}

function toOutcome(prepared: Prepared, result: WriteResult, created: boolean): RowOutcome {
    const { sobject, referenceId } = prepared.row;
    if (!result.success) return { sobject, referenceId, outcome: 'failed', id: null, reason: result.reason };
    return { sobject, referenceId, outcome: created ? 'created' : 'updated', id: result.id, reason: null };
}

async function loadNatural(
    conn: Connection,
    sobject: string,
    key: NaturalKey,
    rows: Prepared[],
    options: LoadOptions
): Promise<RowOutcome[]> {
    const existing = await findExisting(conn, sobject, key, rows);
    const outcomes: RowOutcome[] = [];
    const creates: Prepared[] = [];
    const updates: Prepared[] = [];
    for (const prepared of rows) {
        const ids = existing.get(naturalKeyText(prepared.record, key)) ?? [];
        if (ids.length > 1)
            outcomes.push(
                failure(
                    prepared.row,
                    `${ids.length} existing ${sobject} records match ${key.fields.join(' + ')}; not guessing which`
                )
            );
        else if (ids.length === 1) updates.push({ ...prepared, record: { Id: ids[0], ...prepared.record } });
        else creates.push(prepared);
    }
    for (const [mode, group] of [
        [{ kind: 'update' }, updates],
        [{ kind: 'create' }, creates]
    ] as [WriteMode, Prepared[]][]) {
        const lanes = lanesFor(chunkByParent(group, options.chunkSize), options.concurrency);
        const results = await runLanes(lanes, (chunk) =>
            writeChunk(
                conn,
                sobject,
                mode,
                chunk.map((p) => p.record),
                options.retry
            )
        );
        for (const prepared of group)
            outcomes.push(toOutcome(prepared, results.get(prepared) as WriteResult, mode.kind === 'create'));
    }
    return outcomes;
}

async function loadExternal(
    conn: Connection,
    sobject: string,
    field: string,
    rows: Prepared[],
    options: LoadOptions
): Promise<RowOutcome[]> {
    if (rows.length > options.bulkThreshold) {
        const results = await bulkUpsert(
            conn,
            sobject,
            field,
            rows.map((p) => p.record),
            options
        );
        return rows.map((prepared, index) => toOutcome(prepared, results[index], results[index].created));
    }
    const lanes = lanesFor(chunkByParent(rows, options.chunkSize), options.concurrency);
    const mode: WriteMode = { kind: 'upsert', field };
    const results = await runLanes(lanes, (chunk) =>
        writeChunk(
            conn,
            sobject,
            mode,
            chunk.map((p) => p.record),
            options.retry
        )
    );
    return rows.map((prepared) => {
        const result = results.get(prepared) as WriteResult;
        return toOutcome(prepared, result, result.created);
    });
}

/** Splits rows into those that can be sent and those that fail before sending (missing or repeated key). */
function screen(
    prepared: Prepared[],
    key: KeyStrategy,
    names: OrgNames
): { ready: Prepared[]; rejected: RowOutcome[] } {
    const ready: Prepared[] = [];
    const rejected: RowOutcome[] = [];
    const seen = new Map<string, string>();
    for (const item of prepared) {
        const keyText =
            key.kind === 'natural' ? naturalKeyText(item.record, key) : readField(item.record, names.toOrg(key.field));
        if (key.kind === 'externalId' && (keyText === null || keyText === undefined || keyText === '')) {
            rejected.push(failure(item.row, `no ${key.field} value, so a rerun could not recognise it`));
            continue;
        }
        const text = String(keyText);
        const first = seen.get(text);
        if (first) rejected.push(failure(item.row, `same key as ${first} in the data`));
        else {
            seen.set(text, item.row.referenceId);
            ready.push(item);
        }
    }
    return { ready, rejected };
}

/**
 * Loads one object's rows and records the new Ids for the objects after it.
 *
 * @returns one outcome per input row
 */
export async function loadObject(
    conn: Connection,
    object: SeedObject,
    ids: Map<string, string>,
    failed: Map<string, string>,
    options: LoadOptions
): Promise<RowOutcome[]> {
    const key = keyFor(object.sobject, options.keyOverrides);
    const orgObject = options.names.toOrg(object.sobject);
    const outcomes: RowOutcome[] = [];
    const prepared: Prepared[] = [];
    for (const row of object.rows) {
        const item = prepare(row, ids, failed, options.names);
        if ('outcome' in item) outcomes.push(item);
        else prepared.push(item);
    }
    prepared.sort((a, b) => (a.parentKey < b.parentKey ? -1 : a.parentKey > b.parentKey ? 1 : 0));
    const { ready, rejected } = screen(prepared, key, options.names);
    const loaded =
        key.kind === 'natural'
            ? await loadNatural(conn, orgObject, key, ready, options)
            : await loadExternal(conn, orgObject, options.names.toOrg(key.field), ready, options);
    for (const outcome of [...rejected, ...loaded]) outcomes.push(outcome);
    for (const outcome of outcomes) {
        if (outcome.id) ids.set(outcome.referenceId, outcome.id);
        else failed.set(outcome.referenceId, outcome.reason ?? 'failed');
    }
    return outcomes;
}
