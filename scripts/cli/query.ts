/**
 * SOQL queries that either return every row or fail (field case F10).
 *
 * jsforce's own auto-fetch stops at `maxFetch` (10,000 rows by default) without
 * saying so. Here every page is fetched by following `nextRecordsUrl` until
 * `done`, and the number of rows received must equal the `totalSize` the API
 * reported for the query, or the command stops before writing anything.
 */
import type { Connection } from 'jsforce';
import { TruncatedQueryError } from './errors.ts';

/** A row as the REST API returns it: field values plus `attributes`. */
export type ApiRecord = Record<string, unknown> & { attributes?: { type: string; url?: string } };

interface QueryPage {
    totalSize: number;
    done: boolean;
    nextRecordsUrl?: string;
    records: ApiRecord[];
}

/** Called after each page, for progress lines. */
export type PageListener = (received: number, totalSize: number) => void;

/**
 * Runs a SOQL query and returns all its rows.
 *
 * @param conn authenticated connection
 * @param soql the query; names must already be in the org's spelling
 * @param onPage optional progress callback
 * @throws TruncatedQueryError when the rows received differ from `totalSize`, or a page says
 *   `done: false` without a `nextRecordsUrl`
 */
export async function queryAll(conn: Connection, soql: string, onPage?: PageListener): Promise<ApiRecord[]> {
    const sobject = /\bFROM\s+([A-Za-z0-9_]+)/i.exec(soql)?.[1] ?? 'the object';
    let page = await conn.request<QueryPage>({
        method: 'GET',
        url: `/services/data/v${conn.version}/query?q=${encodeURIComponent(soql)}`
    });
    const totalSize = page.totalSize;
    const rows: ApiRecord[] = [...page.records];
    onPage?.(rows.length, totalSize);
    while (!page.done) {
        if (!page.nextRecordsUrl) throw new TruncatedQueryError(sobject, rows.length, totalSize, soql);
        page = await conn.request<QueryPage>({ method: 'GET', url: page.nextRecordsUrl });
        rows.push(...page.records);
        onPage?.(rows.length, totalSize);
    }
    if (rows.length !== totalSize) throw new TruncatedQueryError(sobject, rows.length, totalSize, soql);
    return rows;
}

/** Quotes a value for a SOQL string literal (backslash and quote escaped), so input never becomes syntax. */
export function soqlString(value: string): string {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** Reads a possibly nested field (`Opportunity__r.IsWon`) from a row. */
export function fieldValue(row: ApiRecord, path: string): unknown {
    let current: unknown = row;
    for (const part of path.split('.')) {
        if (current === null || typeof current !== 'object') return null;
        current = (current as Record<string, unknown>)[part];
    }
    return current ?? null;
}

/** Appends a value to the list under a key, creating the list on first use. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}
