/**
 * How `seed` recognises a row that is already in the org, so a rerun updates
 * instead of inserting (field case F11).
 *
 * Liftoff's custom objects carry an external id field (docs/naming.md) and are
 * upserted on it. The standard objects Account, Contact and Opportunity have no
 * Liftoff external id: a package cannot add fields to a subscriber's standard
 * objects without shipping them, and the sample data must load into any org.
 * They are matched on a natural key instead (Account: Name; Contact: Account,
 * first name, last name and email; Opportunity: Account and Name): matched rows
 * are updated by Id, unmatched rows created, and a key that matches more than
 * one existing record fails that row rather than guessing.
 *
 * Limitation: a natural key follows the record's name, so renaming an Account
 * (in the org or in the data) between two runs makes the next run create a
 * second Account. Objects matched this way always load through sObject
 * Collections: Bulk API 2.0 upserts need an external id field.
 */
import { CliError } from '../errors.ts';

/** Upsert on an external id field. */
export interface ExternalIdKey {
    kind: 'externalId';
    field: string;
}

/** Match on the values of these fields (compared case-sensitively, blank equals missing). */
export interface NaturalKey {
    kind: 'natural';
    fields: string[];
    /** The field the lookup query filters on (`WHERE <lookup> IN (...)`). */
    lookup: string;
}

/** How existing rows of an object are recognised. */
export type KeyStrategy = ExternalIdKey | NaturalKey;

const CUSTOM_KEYS: Record<string, string> = {
    Playbook__c: 'DeveloperName__c',
    OnboardingAlert__c: 'DedupeKey__c',
    HealthSnapshot__c: 'UniqueKey__c'
};

const STANDARD_KEYS: Record<string, NaturalKey> = {
    Account: { kind: 'natural', fields: ['Name'], lookup: 'Name' },
    Contact: { kind: 'natural', fields: ['AccountId', 'FirstName', 'LastName', 'Email'], lookup: 'LastName' },
    Opportunity: { kind: 'natural', fields: ['AccountId', 'Name'], lookup: 'Name' }
};

/**
 * Picks the key for an object: an explicit `--key Object=Field` first, then the
 * Liftoff defaults above.
 *
 * @throws CliError for a standard object with no known key
 */
export function keyFor(sobject: string, overrides: Map<string, string>): KeyStrategy {
    const override = overrides.get(sobject);
    if (override) return { kind: 'externalId', field: override };
    if (sobject.endsWith('__c')) return { kind: 'externalId', field: CUSTOM_KEYS[sobject] ?? 'ExternalId__c' };
    const natural = STANDARD_KEYS[sobject];
    if (natural) return natural;
    throw new CliError(
        `seed does not know how to recognise existing ${sobject} records, so a rerun could duplicate them.`,
        `npx liftoff seed --key ${sobject}=<an external id field of ${sobject}>`,
        2
    );
}

/** Parses repeated `--key Object=Field` options. */
export function parseKeyOverrides(values: string[]): Map<string, string> {
    const overrides = new Map<string, string>();
    for (const value of values) {
        const match = /^([A-Za-z0-9_]+)=([A-Za-z0-9_]+)$/.exec(value);
        if (!match)
            throw new CliError(`--key ${value} is not Object=Field.`, 'npx liftoff seed --key Account=LegacyId__c', 2);
        overrides.set(match[1], match[2]);
    }
    return overrides;
}

/** Reads a field from a row whatever the case of its name in the file (exports mix `name` and `Name`). */
export function readField(fields: Record<string, unknown>, name: string): unknown {
    if (name in fields) return fields[name];
    const lower = name.toLowerCase();
    const actual = Object.keys(fields).find((key) => key.toLowerCase() === lower);
    return actual === undefined ? undefined : fields[actual];
}

/** The comparable text of a natural key; `null` and `''` are the same, and values are trimmed as the platform trims text on save. */
export function naturalKeyText(fields: Record<string, unknown>, key: NaturalKey): string {
    return JSON.stringify(
        key.fields.map((field) => {
            const value = readField(fields, field);
            return value === null || value === undefined ? '' : String(value).trim();
        })
    );
}
