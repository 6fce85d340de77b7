/**
 * The workbench's embedded database: better-sqlite3 over tables generated from
 * the package metadata. Every write goes through `insert`/`update`, which
 * check each value against its field (type, length, picklist, required) and
 * refuse bad values with a message naming the object, field and value.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FieldSchema, ObjectSchema, PackageMetadata } from './metadata.ts';
import { quoteIdent, schemaDdl } from './schema.ts';

export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;
export type InputValue = string | number | boolean | null | undefined;

/** A value refused by a field, with the reason in words a person can act on. */
export class FieldError extends Error {
    readonly objectName: string;
    readonly field: string;

    constructor(objectName: string, field: string, message: string) {
        super(message);
        this.objectName = objectName;
        this.field = field;
    }
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 18-character form of a 15-character Salesforce id (case-safe suffix). */
export function toId18(id15: string): string {
    let suffix = '';
    for (let chunk = 0; chunk < 3; chunk += 1) {
        let bits = 0;
        for (let i = 0; i < 5; i += 1) {
            const ch = id15[chunk * 5 + i];
            if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
        }
        suffix += SUFFIX[bits];
    }
    return id15 + suffix;
}

function base62(value: number, width: number): string {
    let out = '';
    let rest = value;
    for (let i = 0; i < width; i += 1) {
        out = BASE62[rest % 62] + out;
        rest = Math.floor(rest / 62);
    }
    return out;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Normalises the datetime forms a tree export uses (`...+0000`) into ISO 8601 UTC. */
export function normaliseDateTime(raw: string): string | null {
    const trimmed = raw.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    if (!DATETIME_RE.test(trimmed)) return null;
    const parsed = new Date(/[Z+-]\d{0,2}:?\d{0,2}$/.test(trimmed.slice(10)) ? trimmed : `${trimmed}Z`);
    return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

function isRealDate(value: string): boolean {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

function describe(value: InputValue): string {
    return typeof value === 'string' ? `"${value.length > 40 ? `${value.slice(0, 40)}...` : value}"` : String(value);
}

/**
 * Checks and converts one input value for a field. Returns the stored value or
 * throws a `FieldError` that says what is wrong and what the field accepts.
 */
export function coerceValue(objectName: string, field: FieldSchema, value: InputValue): SqlValue {
    const fail = (why: string): never => {
        throw new FieldError(objectName, field.apiName, `${objectName}.${field.apiName}: ${describe(value)} ${why}`);
    };
    if (value === undefined || value === null || value === '') {
        if (field.type === 'Checkbox') return 0;
        return null;
    }
    switch (field.type) {
        case 'Checkbox':
            if (value === true || value === 'true' || value === 1 || value === 'TRUE' || value === '1') return 1;
            if (value === false || value === 'false' || value === 0 || value === 'FALSE' || value === '0') return 0;
            return fail('is not a checkbox value (true or false).');
        case 'Number':
        case 'Currency':
        case 'Percent':
        case 'Summary': {
            const parsed = typeof value === 'number' ? value : Number(String(value).trim());
            if (typeof value === 'boolean' || !Number.isFinite(parsed)) return fail('is not a number.');
            const scale = field.scale ?? 0;
            const integerDigits = (field.precision ?? 18) - scale;
            if (Math.abs(parsed) >= 10 ** integerDigits)
                return fail(`has more than ${integerDigits} digits before the decimal point.`);
            return Number(parsed.toFixed(Math.min(scale, 10)));
        }
        case 'Date': {
            const raw = String(value).trim();
            if (DATE_RE.test(raw) && isRealDate(raw)) return raw;
            // A datetime given for a date keeps its UTC calendar date, as the API does.
            const asDateTime = normaliseDateTime(raw);
            if (asDateTime) return asDateTime.slice(0, 10);
            return fail('is not a date (YYYY-MM-DD).');
        }
        case 'DateTime': {
            const raw = String(value);
            const normalised = DATE_RE.test(raw) ? `${raw}T00:00:00.000Z` : normaliseDateTime(raw);
            return normalised ?? fail('is not a datetime (ISO 8601, e.g. 2024-03-12T09:30:00Z).');
        }
        case 'Picklist': {
            const raw = String(value);
            if (field.restrictedPicklist && field.picklist && !field.picklist.some((entry) => entry.value === raw)) {
                return fail(
                    `is not a value of this picklist; allowed: ${field.picklist.map((entry) => entry.value).join(', ')}.`
                );
            }
            return raw;
        }
        case 'Lookup':
        case 'MasterDetail':
        case 'Id': {
            const raw = String(value);
            if (!/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(raw)) return fail('is not a record id.');
            return raw;
        }
        default: {
            if (typeof value !== 'string' && typeof value !== 'number') return fail('is not text.');
            const raw = String(value);
            const max = field.length ?? (field.type === 'LongTextArea' || field.type === 'Html' ? 131072 : 255);
            if (raw.length > max) return fail(`is ${raw.length} characters long; the field holds at most ${max}.`);
            return raw;
        }
    }
}

/**
 * Refuses a required field left empty (null, or text that is blank), with the
 * org's REQUIRED_FIELD_MISSING wording. An update checks only the fields it
 * writes (`onlyGiven`); an insert checks every required field.
 */
function requireValues(object: ObjectSchema, row: Row, onlyGiven: boolean): void {
    for (const field of object.fields) {
        if (!field.required || field.system || (onlyGiven && !(field.apiName in row))) continue;
        const value = row[field.apiName];
        if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
            throw new FieldError(
                object.apiName,
                field.apiName,
                `${object.apiName}.${field.apiName}: a value is required (REQUIRED_FIELD_MISSING: Required fields are missing: [${field.label}]).`
            );
        }
    }
}

/** Wraps a better-sqlite3 database holding the package's objects. */
export class WorkbenchDb {
    readonly sql: Database.Database;
    readonly metadata: PackageMetadata;
    private readonly fieldMaps = new Map<string, Map<string, FieldSchema>>();
    private readonly idCounters = new Map<string, number>();
    /** The clock that stamps CreatedDate and LastModifiedDate; tests pin it. */
    now: () => Date = () => new Date();

    constructor(path: string, metadata: PackageMetadata) {
        if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
        this.sql = new Database(path);
        this.sql.pragma('journal_mode = WAL');
        this.sql.pragma('foreign_keys = ON');
        this.metadata = metadata;
        for (const object of metadata.objects.values()) {
            this.fieldMaps.set(
                object.apiName.toLowerCase(),
                new Map(object.fields.map((field) => [field.apiName.toLowerCase(), field]))
            );
        }
    }

    /** A fingerprint of the schema; a changed field list means the tables must be regenerated. */
    schemaHash(): string {
        return createHash('sha256').update(schemaDdl(this.metadata.objects).join(';\n')).digest('hex').slice(0, 16);
    }

    /** True when the database holds tables made from the current metadata. */
    isCurrent(): boolean {
        const meta = this.sql
            .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_workbench'`)
            .get();
        if (!meta) return false;
        const row = this.sql.prepare(`SELECT value FROM _workbench WHERE key = 'schemaHash'`).get() as
            { value: string } | undefined;
        return row?.value === this.schemaHash();
    }

    /** Drops every table and creates the schema afresh from the metadata. */
    recreate(): void {
        const tables = this.sql
            .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
            .all() as { name: string }[];
        this.sql.pragma('foreign_keys = OFF');
        this.sql.transaction(() => {
            for (const table of tables) this.sql.exec(`DROP TABLE "${table.name.replace(/"/g, '')}"`);
            for (const statement of schemaDdl(this.metadata.objects)) this.sql.exec(statement);
            this.sql.exec('CREATE TABLE _workbench (key TEXT PRIMARY KEY, value TEXT)');
            this.sql.prepare(`INSERT INTO _workbench (key, value) VALUES ('schemaHash', ?)`).run(this.schemaHash());
        })();
        this.sql.pragma('foreign_keys = ON');
        this.idCounters.clear();
    }

    setInfo(key: string, value: string): void {
        this.sql
            .prepare(
                'INSERT INTO _workbench (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'
            )
            .run(key, value);
    }

    getInfo(key: string): string | null {
        const row = this.sql.prepare('SELECT value FROM _workbench WHERE key = ?').get(key) as
            { value: string } | undefined;
        return row?.value ?? null;
    }

    object(name: string): ObjectSchema {
        const found = [...this.metadata.objects.values()].find(
            (object) => object.apiName.toLowerCase() === name.toLowerCase()
        );
        if (!found)
            throw new Error(`Object ${name} is not in the package metadata or the workbench's standard objects.`);
        return found;
    }

    /** `{ Name: value }` when the object's name field is writable text, `{}` when it is an auto number. */
    nameValue(objectName: string, value: string): Record<string, string> {
        const field = this.field(objectName, 'Name');
        return field && !field.system ? { Name: value.slice(0, field.length ?? 80) } : {};
    }

    hasObject(name: string): boolean {
        return this.fieldMaps.has(name.toLowerCase());
    }

    /** The field of an object by API name, case-insensitively (the API ignores case too). */
    field(objectName: string, fieldName: string): FieldSchema | undefined {
        return this.fieldMaps.get(objectName.toLowerCase())?.get(fieldName.toLowerCase());
    }

    /** Runs `work` in one transaction: everything or nothing. */
    transaction<T>(work: () => T): T {
        return this.sql.transaction(work)();
    }

    /** A new id with the object's key prefix. */
    newId(objectName: string): string {
        const object = this.object(objectName);
        let next = this.idCounters.get(object.apiName);
        if (next === undefined) {
            const row = this.sql.prepare(`SELECT COUNT(*) AS n FROM ${quoteIdent(object.apiName)}`).get() as {
                n: number;
            };
            next = row.n + 1;
        }
        let id = toId18(`${object.keyPrefix}00${base62(next, 10)}`);
        while (this.sql.prepare(`SELECT 1 FROM ${quoteIdent(object.apiName)} WHERE Id = ?`).get(id)) {
            next += 1;
            id = toId18(`${object.keyPrefix}00${base62(next, 10)}`);
        }
        this.idCounters.set(object.apiName, next + 1);
        return id;
    }

    private convert(objectName: string, values: Record<string, InputValue>, allowSystem: boolean): Row {
        const row: Row = {};
        for (const [key, value] of Object.entries(values)) {
            const field = this.field(objectName, key);
            if (!field)
                throw new FieldError(objectName, key, `${objectName}.${key}: no such field in the package metadata.`);
            if ((field.system || field.formula) && !allowSystem) {
                throw new FieldError(
                    objectName,
                    field.apiName,
                    `${objectName}.${field.apiName}: the platform sets this field; it cannot be written.`
                );
            }
            row[field.apiName] = coerceValue(objectName, field, value);
        }
        return row;
    }

    /** Inserts one record and returns its new id. */
    insert(objectName: string, values: Record<string, InputValue>, options: { allowSystem?: boolean } = {}): string {
        const object = this.object(objectName);
        const row = this.convert(object.apiName, values, options.allowSystem ?? false);
        const stamp = this.now().toISOString();
        row.Id = typeof row.Id === 'string' ? row.Id : this.newId(object.apiName);
        row.CreatedDate ??= stamp;
        row.LastModifiedDate = stamp;
        // Loaders may leave the name out and get a generated one; a name given blank is refused like in an org.
        const nameGiven = Object.keys(values).some((key) => key.toLowerCase() === 'name');
        if (this.field(object.apiName, 'Name') && !nameGiven && (row.Name === undefined || row.Name === null)) {
            row.Name = this.defaultName(object, row);
        }
        requireValues(object, row, false);
        const columns = Object.keys(row);
        const sql = `INSERT INTO ${quoteIdent(object.apiName)} (${columns.map(quoteIdent).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
        this.runWrite(
            object.apiName,
            sql,
            columns.map((column) => row[column])
        );
        return row.Id;
    }

    private defaultName(object: ObjectSchema, row: Row): string {
        if (object.apiName === 'Contact' || object.apiName === 'User') {
            return [row.FirstName, row.LastName]
                .filter((part) => part !== null && part !== undefined && part !== '')
                .join(' ');
        }
        const count = (
            this.sql.prepare(`SELECT COUNT(*) AS n FROM ${quoteIdent(object.apiName)}`).get() as { n: number }
        ).n;
        return `${object.label} ${String(count + 1).padStart(5, '0')}`;
    }

    /** Updates the given fields of one record; unknown ids are an error. */
    update(
        objectName: string,
        id: string,
        values: Record<string, InputValue>,
        options: { allowSystem?: boolean } = {}
    ): void {
        const object = this.object(objectName);
        const row = this.convert(object.apiName, values, options.allowSystem ?? false);
        delete row.Id;
        row.LastModifiedDate = this.now().toISOString();
        requireValues(object, row, true);
        const columns = Object.keys(row);
        const sql = `UPDATE ${quoteIdent(object.apiName)} SET ${columns.map((column) => `${quoteIdent(column)} = ?`).join(', ')} WHERE Id = ?`;
        const result = this.runWrite(object.apiName, sql, [...columns.map((column) => row[column]), id]);
        if (result.changes === 0) throw new Error(`${object.apiName} ${id} does not exist.`);
    }

    private runWrite(objectName: string, sql: string, params: SqlValue[]): Database.RunResult {
        try {
            return this.sql.prepare(sql).run(...params);
        } catch (error) {
            const message = (error as Error).message;
            const unique = /UNIQUE constraint failed: \w+\.(\w+)/.exec(message);
            if (unique)
                throw new FieldError(
                    objectName,
                    unique[1],
                    `${objectName}.${unique[1]}: duplicate value; another record already holds it.`
                );
            throw error;
        }
    }

    delete(objectName: string, id: string): void {
        this.sql.prepare(`DELETE FROM ${quoteIdent(this.object(objectName).apiName)} WHERE Id = ?`).run(id);
    }

    /** One record by id, or undefined. */
    get(objectName: string, id: string): Row | undefined {
        return this.sql.prepare(`SELECT * FROM ${quoteIdent(this.object(objectName).apiName)} WHERE Id = ?`).get(id) as
            Row | undefined;
    }

    /** Rows of a parameterised query; values are always bound, never concatenated. */
    all(sql: string, ...params: SqlValue[]): Row[] {
        return this.sql.prepare(sql).all(...params) as Row[];
    }

    one(sql: string, ...params: SqlValue[]): Row | undefined {
        return this.sql.prepare(sql).get(...params) as Row | undefined;
    }

    count(objectName: string): number {
        return (
            this.sql.prepare(`SELECT COUNT(*) AS n FROM ${quoteIdent(this.object(objectName).apiName)}`).get() as {
                n: number;
            }
        ).n;
    }

    close(): void {
        this.sql.close();
    }
}
