/**
 * Turns object metadata into SQLite tables: one table per object, one column
 * per field with the same API name, an affinity that fits the field type,
 * foreign keys for lookups and master-detail (cascade delete like the
 * platform), and unique indexes for unique and external id fields.
 */
import type { FieldSchema, ObjectSchema } from './metadata.ts';

/** Quotes an identifier for SQLite; API names never contain quotes, but the check keeps SQL safe. */
export function quoteIdent(name: string): string {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
        throw new Error(`"${name}" is not a valid API name (letters, digits and underscores only).`);
    }
    return `"${name}"`;
}

/** The SQLite column type used for a field. */
export function columnType(field: FieldSchema): 'TEXT' | 'REAL' | 'INTEGER' {
    switch (field.type) {
        case 'Number':
        case 'Currency':
        case 'Percent':
        case 'Summary':
            return 'REAL';
        case 'Checkbox':
            return 'INTEGER';
        default:
            return 'TEXT';
    }
}

function columnDefinition(field: FieldSchema, objects: Map<string, ObjectSchema>): string {
    const parts = [quoteIdent(field.apiName), columnType(field)];
    if (field.apiName === 'Id') parts.push('PRIMARY KEY NOT NULL');
    if (field.type === 'Checkbox') parts.push(`NOT NULL DEFAULT ${field.defaultValue === 'true' ? 1 : 0}`);
    if (field.type === 'MasterDetail') parts.push('NOT NULL');
    const target = field.referenceTo ? objects.get(field.referenceTo) : undefined;
    if (target && (field.type === 'Lookup' || field.type === 'MasterDetail')) {
        const onDelete = field.type === 'MasterDetail' ? 'CASCADE' : 'SET NULL';
        parts.push(
            `REFERENCES ${quoteIdent(target.apiName)}("Id") ON DELETE ${onDelete} DEFERRABLE INITIALLY DEFERRED`
        );
    }
    return parts.join(' ');
}

/** The `CREATE TABLE` and `CREATE INDEX` statements for one object. */
export function objectDdl(object: ObjectSchema, objects: Map<string, ObjectSchema>): string[] {
    const table = quoteIdent(object.apiName);
    const columns = object.fields.map((field) => `    ${columnDefinition(field, objects)}`);
    const statements = [`CREATE TABLE ${table} (\n${columns.join(',\n')}\n)`];
    for (const field of object.fields) {
        if (field.apiName === 'Id') continue;
        const indexName = quoteIdent(`${object.apiName}_${field.apiName}_idx`);
        if (field.unique) {
            const collate = field.caseSensitive ? '' : ' COLLATE NOCASE';
            statements.push(`CREATE UNIQUE INDEX ${indexName} ON ${table} (${quoteIdent(field.apiName)}${collate})`);
        } else if (field.type === 'Lookup' || field.type === 'MasterDetail' || field.externalId) {
            statements.push(`CREATE INDEX ${indexName} ON ${table} (${quoteIdent(field.apiName)})`);
        }
    }
    return statements;
}

/** Every statement needed to create the workbench schema for the given objects, parents first. */
export function schemaDdl(objects: Map<string, ObjectSchema>): string[] {
    return [...objects.values()].flatMap((object) => objectDdl(object, objects));
}
