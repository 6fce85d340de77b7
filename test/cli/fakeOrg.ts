/**
 * A local stand-in for a Salesforce org's REST and Bulk API 2.0 endpoints
 * (node:http on 127.0.0.1, random port), answering with the response shapes of
 * the API reference: query pages with `totalSize`, `done` and `nextRecordsUrl`;
 * sObject Collections create, update and upsert with per-row `errors`
 * (UNABLE_TO_LOCK_ROW among them); the Bulk API 2.0 ingest job lifecycle
 * (Open, UploadComplete, InProgress, JobComplete) with CSV results; and REST
 * error bodies (`[{ "message", "errorCode" }]`). The real jsforce client talks
 * to it; every request is recorded for assertions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { Connection } from 'jsforce';

/** A record held by the fake org. */
export type StoredRecord = Record<string, unknown> & { Id: string };

/** One request as the server saw it. */
export interface SeenRequest {
    method: string;
    path: string;
    query: URLSearchParams;
    body: string;
    authorization: string;
}

/** A canned answer: status and JSON (or text) body. */
export interface Answer {
    status: number;
    body: unknown;
    contentType?: string;
}

interface BulkJob {
    id: string;
    object: string;
    operation: string;
    externalIdFieldName: string;
    state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
    csv: string;
    polls: number;
    errorMessage?: string;
    successful: Record<string, string>[];
    failed: Record<string, string>[];
}

const KEY_PREFIX: Record<string, string> = { Account: '001', Contact: '003', Opportunity: '006' };

/** The fake org: start it, point jsforce at it, inspect what it received and holds. */
export class FakeOrg {
    readonly requests: SeenRequest[] = [];
    readonly store = new Map<string, Map<string, StoredRecord>>();
    readonly jobs = new Map<string, BulkJob>();
    /** The user `/services/oauth2/userinfo` names. */
    userId = '005FAKE0000000001';
    /** Versions `GET /services/data/` lists. */
    versions = ['60.0', '61.0', '62.0'];
    /** Object names describe-global lists. */
    objects = new Set(['Account', 'Contact', 'Opportunity', 'OnboardingPlan__c', 'OnboardingMilestone__c']);
    /** Rows per query page. */
    pageSize = 2000;
    /** Polls a bulk job stays InProgress before it completes. */
    bulkPollsBeforeComplete = 1;
    /**
     * Master-detail fields that are not reparentable (as in force-app/main/default/objects): the
     * platform accepts them on create and refuses them on update, even unchanged.
     */
    nonReparentable = new Map<string, string>([
        ['OnboardingPlan__c', 'Account__c'],
        ['AdoptionSnapshot__c', 'Account__c'],
        ['OnboardingMilestone__c', 'OnboardingPlan__c'],
        ['OnboardingStakeholder__c', 'OnboardingPlan__c'],
        ['HealthSnapshot__c', 'OnboardingPlan__c'],
        ['OnboardingAlert__c', 'OnboardingPlan__c'],
        ['PlaybookStep__c', 'Playbook__c']
    ]);
    /** When set, bulk jobs end in the Failed state with this errorMessage and process no row. */
    bulkJobFailure: string | null = null;
    /** External id values whose next N writes fail with UNABLE_TO_LOCK_ROW. */
    readonly lockFailures = new Map<string, number>();
    /** Answers a request before the default handlers when it returns something. */
    intercept: (request: SeenRequest) => Answer | undefined = () => undefined;
    /** Overrides the rows of a query. */
    queryRows: (soql: string) => StoredRecord[] | undefined = () => undefined;
    /** Makes the reported totalSize differ from the rows served (a truncating server). */
    reportedTotal: (actual: number) => number = (actual) => actual;

    private server: Server | null = null;
    private counter = 0;
    private cursors = new Map<string, { rows: Record<string, unknown>[]; total: number }>();

    get url(): string {
        return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
    }

    async start(): Promise<this> {
        this.server = createServer((req, res) => void this.handle(req, res));
        await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
        return this;
    }

    async stop(): Promise<void> {
        await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    }

    /** A real jsforce connection to this server. */
    connection(version = '62.0'): Connection {
        return new Connection({ instanceUrl: this.url, accessToken: 'test-token', version });
    }

    /** Records of one object, in insertion order. */
    records(sobject: string): StoredRecord[] {
        return [...(this.store.get(sobject)?.values() ?? [])];
    }

    /** Adds a record and returns its Id. */
    insert(sobject: string, fields: Record<string, unknown>): string {
        const id = this.newId(sobject);
        this.table(sobject).set(id, { ...fields, Id: id });
        return id;
    }

    /** Requests whose path contains `fragment` (and method, when given). */
    sent(fragment: string, method?: string): SeenRequest[] {
        return this.requests.filter((r) => r.path.includes(fragment) && (!method || r.method === method));
    }

    private table(sobject: string): Map<string, StoredRecord> {
        let table = this.store.get(sobject);
        if (!table) {
            table = new Map();
            this.store.set(sobject, table);
        }
        return table;
    }

    private newId(sobject: string): string {
        this.counter += 1;
        const prefix = KEY_PREFIX[sobject] ?? 'a0' + String(sobject.length % 10);
        return `${prefix}${String(this.counter).padStart(12, '0')}AAA`;
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        let body = '';
        for await (const chunk of req) body += (chunk as Buffer).toString();
        const url = new URL(req.url ?? '/', this.url);
        const seen: SeenRequest = {
            method: req.method ?? 'GET',
            path: url.pathname,
            query: url.searchParams,
            body,
            authorization: req.headers.authorization ?? ''
        };
        this.requests.push(seen);
        let answer: Answer;
        try {
            answer = this.intercept(seen) ?? this.route(seen);
        } catch (error) {
            answer = { status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: (error as Error).message }] };
        }
        const isText = typeof answer.body === 'string';
        res.writeHead(answer.status, {
            'content-type': answer.contentType ?? (isText ? 'text/csv' : 'application/json;charset=UTF-8')
        });
        const empty = (answer.status === 201 || answer.status === 204) && answer.body === '';
        res.end(empty ? undefined : isText ? (answer.body as string) : JSON.stringify(answer.body));
    }

    private route(r: SeenRequest): Answer {
        if (r.path === '/services/oauth2/userinfo')
            return { status: 200, body: { user_id: this.userId, organization_id: '00DFAKE00000001' } };
        if (r.path === '/services/data/' || r.path === '/services/data') {
            return {
                status: 200,
                body: this.versions.map((version) => ({ version, url: `/services/data/v${version}`, label: 'Release' }))
            };
        }
        const match = /^\/services\/data\/v([0-9.]+)\/(.*)$/.exec(r.path);
        if (!match) return notFound();
        if (!this.versions.includes(match[1])) return notFound();
        const rest = match[2];
        if (rest === 'sobjects')
            return {
                status: 200,
                body: { encoding: 'UTF-8', maxBatchSize: 200, sobjects: [...this.objects].map((name) => ({ name })) }
            };
        if (rest === 'query') return this.query(r.query.get('q') ?? '', match[1]);
        if (rest.startsWith('query/')) return this.nextPage(rest.slice('query/'.length), match[1]);
        if (rest.startsWith('composite/sobjects')) return this.collections(r, rest.split('/').slice(2));
        if (rest.startsWith('jobs/ingest')) return this.bulk(r, rest.split('/').slice(2), match[1]);
        if (rest.startsWith('sobjects/')) return this.single(r, rest.split('/').slice(1));
        return notFound();
    }

    private query(soql: string, version: string): Answer {
        const parsed =
            /^SELECT\s+(.+?)\s+FROM\s+([A-Za-z0-9_]+)(?:\s+WHERE\s+([A-Za-z0-9_.]+)\s+IN\s+\((.*)\))?/is.exec(
                soql.trim()
            );
        if (!parsed)
            return { status: 400, body: [{ errorCode: 'MALFORMED_QUERY', message: `unexpected query: ${soql}` }] };
        const [, fieldList, sobject, whereField, inList] = parsed;
        if (!this.objects.has(sobject)) {
            return {
                status: 400,
                body: [{ errorCode: 'INVALID_TYPE', message: `sObject type '${sobject}' is not supported.` }]
            };
        }
        let rows = this.queryRows(soql) ?? this.records(sobject);
        if (whereField && inList !== undefined) {
            const wanted = new Set(
                [...inList.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1].replace(/\\(.)/g, '$1'))
            );
            rows = rows.filter((row) => wanted.has(String(fieldOf(row, whereField) ?? '')));
        }
        const fields = fieldList.split(',').map((f) => f.trim());
        const projected = rows.map((row) => this.project(sobject, row, fields));
        const total = this.reportedTotal(projected.length);
        const cursor = `01gFAKE${++this.counter}`;
        this.cursors.set(cursor, { rows: projected, total });
        return this.page(cursor, 0, version);
    }

    private project(sobject: string, row: StoredRecord, fields: string[]): Record<string, unknown> {
        const out: Record<string, unknown> = {
            attributes: { type: sobject, url: `/services/data/v62.0/sobjects/${sobject}/${row.Id}` }
        };
        for (const name of fields) {
            if (!name.includes('.')) {
                out[name] = fieldOf(row, name) ?? null;
                continue;
            }
            const [relation, child] = name.split('.');
            const parentId = fieldOf(row, relation.replace(/__r$/, '__c').replace(/^(Account|Opportunity)$/, '$1Id'));
            const parent = [...this.store.values()].map((t) => t.get(String(parentId))).find(Boolean);
            const nested =
                (out[relation] as Record<string, unknown> | null | undefined) ??
                (parent ? { attributes: { type: 'Parent' } } : null);
            if (nested && parent) nested[child] = parent[child] ?? null;
            out[relation] = nested;
        }
        return out;
    }

    private nextPage(locator: string, version: string): Answer {
        const [cursor, offset] = locator.split('-');
        if (!this.cursors.has(cursor))
            return { status: 400, body: [{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' }] };
        return this.page(cursor, Number(offset), version);
    }

    private page(cursor: string, offset: number, version: string): Answer {
        const { rows, total } = this.cursors.get(cursor) as { rows: Record<string, unknown>[]; total: number };
        const end = Math.min(rows.length, offset + this.pageSize);
        const done = end >= rows.length;
        const body: Record<string, unknown> = { totalSize: total, done, records: rows.slice(offset, end) };
        if (!done) body.nextRecordsUrl = `/services/data/v${version}/query/${cursor}-${end}`;
        return { status: 200, body };
    }

    /** Writes one row as the API would; returns its result entry. */
    private save(
        sobject: string,
        record: Record<string, unknown>,
        mode: 'create' | 'update' | 'upsert',
        key: string | null
    ): SaveAnswer {
        const { attributes: _ignored, ...fields } = record;
        const lockKey = String((key ? fields[key] : (fields.Id ?? fields.Name)) ?? '');
        const locks = this.lockFailures.get(lockKey) ?? 0;
        if (locks > 0) {
            this.lockFailures.set(lockKey, locks - 1);
            return {
                success: false,
                errors: [
                    {
                        statusCode: 'UNABLE_TO_LOCK_ROW',
                        message: 'unable to obtain exclusive access to this record',
                        fields: []
                    }
                ]
            };
        }
        const table = this.table(sobject);
        const master = this.nonReparentable.get(sobject);
        const refuseMaster: SaveAnswer = {
            id: null,
            success: false,
            errors: [
                {
                    statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
                    message: `Unable to create/update fields: ${master}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
                    fields: [String(master)]
                }
            ]
        };
        if (mode === 'update') {
            const existing = table.get(String(fields.Id));
            if (!existing)
                return {
                    id: null,
                    success: false,
                    errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }]
                };
            if (master && master in fields) return refuseMaster;
            put(existing, fields);
            return { id: existing.Id, success: true, errors: [] };
        }
        const existing =
            mode === 'upsert' && key ? [...table.values()].find((row) => fieldOf(row, key) === fields[key]) : undefined;
        if (existing && master && master in fields) return refuseMaster;
        if (existing) {
            put(existing, fields);
            return { id: existing.Id, success: true, errors: [], created: false };
        }
        const id = this.insert(sobject, fields);
        return mode === 'upsert' ? { id, success: true, errors: [], created: true } : { id, success: true, errors: [] };
    }

    /** `POST /sobjects/<Object>`, `PATCH` and `DELETE /sobjects/<Object>/<Id>`. */
    private single(r: SeenRequest, [sobject, id]: string[]): Answer {
        if (!this.objects.has(sobject))
            return {
                status: 404,
                body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]
            };
        if (r.method === 'POST' && !id)
            return {
                status: 201,
                body: {
                    id: this.insert(sobject, JSON.parse(r.body) as Record<string, unknown>),
                    success: true,
                    errors: []
                }
            };
        const record = this.store.get(sobject)?.get(id);
        if (!record)
            return {
                status: 404,
                body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]
            };
        if (r.method === 'PATCH') put(record, JSON.parse(r.body) as Record<string, unknown>);
        if (r.method === 'DELETE') this.store.get(sobject)?.delete(id);
        return { status: 204, body: '' };
    }

    private collections(r: SeenRequest, parts: string[]): Answer {
        const payload = JSON.parse(r.body) as { allOrNone: boolean; records: Record<string, unknown>[] };
        if (payload.records.length > 200) {
            return {
                status: 400,
                body: [
                    {
                        errorCode: 'EXCEEDED_ID_LIMIT',
                        message: 'record limit reached. cannot submit more than 200 records into this call'
                    }
                ]
            };
        }
        const [sobject, field] = parts;
        const type = sobject ?? String((payload.records[0]?.attributes as { type: string }).type);
        const mode = field ? 'upsert' : r.method === 'POST' ? 'create' : 'update';
        return { status: 200, body: payload.records.map((record) => this.save(type, record, mode, field ?? null)) };
    }

    private bulk(r: SeenRequest, parts: string[], version: string): Answer {
        if (parts.length === 0 && r.method === 'POST') {
            const spec = JSON.parse(r.body) as { object: string; operation: string; externalIdFieldName: string };
            const id = `750FAKE${String(++this.counter).padStart(8, '0')}`;
            const job: BulkJob = { ...spec, id, state: 'Open', csv: '', polls: 0, successful: [], failed: [] };
            this.jobs.set(id, job);
            return { status: 200, body: this.jobInfo(job, version) };
        }
        const job = this.jobs.get(parts[0]);
        if (!job)
            return {
                status: 404,
                body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]
            };
        const tail = parts[1];
        if (tail === 'batches' && r.method === 'PUT') {
            job.csv += r.body;
            return { status: 201, body: '', contentType: 'text/plain' };
        }
        if (!tail && r.method === 'PATCH') {
            job.state = (JSON.parse(r.body) as { state: BulkJob['state'] }).state;
            return { status: 200, body: this.jobInfo(job, version) };
        }
        if (!tail && r.method === 'GET') {
            this.advance(job);
            return { status: 200, body: this.jobInfo(job, version) };
        }
        if (tail === 'successfulResults')
            return { status: 200, body: toCsv(job.successful, ['sf__Id', 'sf__Created']) };
        if (tail === 'failedResults') return { status: 200, body: toCsv(job.failed, ['sf__Id', 'sf__Error']) };
        if (tail === 'unprocessedrecords') return { status: 200, body: job.state === 'Failed' ? job.csv : '' };
        return notFound();
    }

    private advance(job: BulkJob): void {
        if (job.state !== 'UploadComplete' && job.state !== 'InProgress') return;
        job.polls += 1;
        if (job.polls <= this.bulkPollsBeforeComplete) {
            job.state = 'InProgress';
            return;
        }
        if (this.bulkJobFailure) {
            job.state = 'Failed';
            job.errorMessage = this.bulkJobFailure;
            return;
        }
        const rows = parse(job.csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
        for (const row of rows) {
            const fields = Object.fromEntries(Object.entries(row).filter(([, value]) => value !== ''));
            const result = this.save(job.object, fields, 'upsert', job.externalIdFieldName);
            if (result.success)
                job.successful.push({ sf__Id: String(result.id), sf__Created: String(result.created), ...row });
            else
                job.failed.push({
                    sf__Id: '',
                    sf__Error: `${result.errors[0].statusCode}:${result.errors[0].message}:--`,
                    ...row
                });
        }
        job.state = 'JobComplete';
    }

    private jobInfo(job: BulkJob, version: string): Record<string, unknown> {
        return {
            id: job.id,
            operation: job.operation,
            object: job.object,
            externalIdFieldName: job.externalIdFieldName,
            createdById: '005FAKE0000000001',
            createdDate: '2026-12-03T10:00:00.000+0000',
            systemModstamp: '2026-12-03T10:00:00.000+0000',
            state: job.state,
            concurrencyMode: 'Parallel',
            contentType: 'CSV',
            apiVersion: Number(version),
            contentUrl: `services/data/v${version}/jobs/ingest/${job.id}/batches`,
            lineEnding: 'LF',
            columnDelimiter: 'COMMA',
            numberRecordsProcessed: job.successful.length + job.failed.length,
            numberRecordsFailed: job.failed.length,
            ...(job.errorMessage ? { errorMessage: job.errorMessage } : {})
        };
    }
}

/** One row's result as sObject Collections returns it. */
interface SaveAnswer {
    id?: string | null;
    success: boolean;
    created?: boolean;
    errors: { statusCode: string; message: string; fields: string[] }[];
}

/** Reads a field whatever the case of its name: the API treats `name` and `Name` as one field. */
function fieldOf(row: Record<string, unknown>, name: string): unknown {
    if (name in row) return row[name];
    const lower = name.toLowerCase();
    const actual = Object.keys(row).find((key) => key.toLowerCase() === lower);
    return actual === undefined ? undefined : row[actual];
}

/** Writes fields onto a record, overwriting a differently cased key instead of adding a second one. */
function put(record: Record<string, unknown>, fields: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(fields)) {
        const actual = Object.keys(record).find((key) => key.toLowerCase() === name.toLowerCase()) ?? name;
        record[actual] = value;
    }
}

function notFound(): Answer {
    return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
}

function toCsv(rows: Record<string, string>[], lead: string[]): string {
    if (rows.length === 0) return `${lead.join(',')}\n`;
    const columns = [...new Set([...lead, ...rows.flatMap((row) => Object.keys(row))])];
    const cell = (value: string | undefined): string => `"${(value ?? '').replace(/"/g, '""')}"`;
    return `${[columns.map(cell).join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\n')}\n`;
}

/** The standard error body for an expired session. */
export const INVALID_SESSION: Answer = {
    status: 401,
    body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]
};
