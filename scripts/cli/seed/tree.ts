/**
 * Reads sample data written as `sf data export tree` writes it: sObject tree
 * JSON files (`{ "records": [...] }`, each record with `attributes.type` and
 * `attributes.referenceId`) and, with `--plan`, a plan file listing them in
 * load order. Children point at parents with `@<referenceId>` values.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from '../errors.ts';
import { addTo } from '../query.ts';

/** One row to load, flattened out of its tree file. */
export interface SeedRow {
    sobject: string;
    referenceId: string;
    /** Field values as written in the file; `@Ref` values are resolved at load time. */
    fields: Record<string, unknown>;
    /** Where the row came from, for error messages. */
    source: string;
}

/** The rows of one object, in plan order. */
export interface SeedObject {
    sobject: string;
    rows: SeedRow[];
}

interface PlanEntry {
    sobject: string;
    files: string[];
}

interface TreeRecord {
    attributes?: { type?: string; referenceId?: string };
    [field: string]: unknown;
}

function readJson(file: string): unknown {
    try {
        return JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
        throw new CliError(
            `Cannot read ${file}: ${(error as Error).message.split('\n')[0]}`,
            `fix or re-export ${basename(file)}`,
            2
        );
    }
}

function readTreeFile(file: string, expected: string | null): SeedRow[] {
    const content = readJson(file) as { records?: TreeRecord[] };
    if (!content || !Array.isArray(content.records)) {
        throw new CliError(
            `${file} is not an sObject tree file (no "records" array).`,
            'sf data export tree --plan --output-dir <folder> ...',
            2
        );
    }
    return content.records.map((record, index) => {
        const { attributes, ...fields } = record;
        const sobject = attributes?.type ?? expected;
        const where = `${basename(file)} record ${index + 1}`;
        if (!sobject || !attributes?.referenceId) {
            throw new CliError(
                `${where} has no attributes.type or attributes.referenceId.`,
                `add them to ${basename(file)} or re-export it`,
                2
            );
        }
        if (expected && sobject !== expected) {
            throw new CliError(
                `${where} is a ${sobject} but the plan lists the file under ${expected}.`,
                `fix the plan file in ${dirname(file)}`,
                2
            );
        }
        for (const [key, value] of Object.entries(fields)) {
            if (value && typeof value === 'object' && 'records' in (value as object)) {
                throw new CliError(
                    `${where} nests child records under "${key}"; nested trees are not loaded.`,
                    'export with sf data export tree --plan (one flat file per object)',
                    2
                );
            }
        }
        return { sobject, referenceId: attributes.referenceId, fields, source: where };
    });
}

function findPlan(folder: string): string | null {
    const plans = readdirSync(folder).filter((name) => /plan\.json$/i.test(name));
    if (plans.length > 1) {
        throw new CliError(
            `${folder} holds several plan files (${plans.join(', ')}).`,
            'npx liftoff seed --plan <one of them>',
            2
        );
    }
    return plans.length === 1 ? join(folder, plans[0]) : null;
}

function fromPlan(planFile: string): SeedObject[] {
    const plan = readJson(planFile) as PlanEntry[];
    if (
        !Array.isArray(plan) ||
        plan.some((entry) => typeof entry?.sobject !== 'string' || !Array.isArray(entry.files))
    ) {
        throw new CliError(
            `${planFile} is not a data plan (an array of { sobject, files }).`,
            'sf data export tree --plan ...',
            2
        );
    }
    const byObject = new Map<string, SeedRow[]>();
    for (const entry of plan) {
        const rows = byObject.get(entry.sobject) ?? [];
        for (const file of entry.files) {
            for (const row of readTreeFile(resolve(dirname(planFile), file), entry.sobject)) rows.push(row);
        }
        byObject.set(entry.sobject, rows);
    }
    return [...byObject].map(([sobject, rows]) => ({ sobject, rows }));
}

/** Orders objects so every object comes after the objects its `@Ref` values point at. */
function orderByReferences(objects: SeedObject[]): SeedObject[] {
    const owner = new Map<string, string>();
    for (const object of objects) for (const row of object.rows) owner.set(row.referenceId, object.sobject);
    const needs = new Map<string, Set<string>>();
    for (const object of objects) {
        const parents = new Set<string>();
        for (const row of object.rows) {
            for (const value of Object.values(row.fields)) {
                const parent =
                    typeof value === 'string' && value.startsWith('@') ? owner.get(value.slice(1)) : undefined;
                if (parent && parent !== object.sobject) parents.add(parent);
            }
        }
        needs.set(object.sobject, parents);
    }
    const ordered: SeedObject[] = [];
    const pending = [...objects];
    while (pending.length > 0) {
        const index = pending.findIndex((object) =>
            [...(needs.get(object.sobject) ?? [])].every((p) => ordered.some((o) => o.sobject === p))
        );
        if (index < 0) {
            throw new CliError(
                `The files reference each other in a cycle (${pending.map((o) => o.sobject).join(', ')}).`,
                'add a plan file that sets the load order',
                2
            );
        }
        ordered.push(...pending.splice(index, 1));
    }
    return ordered;
}

function fromFolder(folder: string): SeedObject[] {
    const files = readdirSync(folder)
        .filter((name) => name.endsWith('.json'))
        .sort();
    if (files.length === 0)
        throw new CliError(`${folder} holds no sObject tree JSON files.`, 'npx liftoff seed --data <export folder>', 2);
    const byObject = new Map<string, SeedRow[]>();
    for (const file of files) {
        for (const row of readTreeFile(join(folder, file), null)) {
            addTo(byObject, row.sobject, row);
        }
    }
    return orderByReferences([...byObject].map(([sobject, rows]) => ({ sobject, rows })));
}

/**
 * Reads a folder (its plan file when there is one, otherwise every tree file
 * ordered by references) or a plan file, and checks reference ids are unique.
 *
 * @param path folder or plan file
 * @throws CliError (exit code 2) for anything malformed, naming the file and record
 */
export function readSeedData(path: string): SeedObject[] {
    if (!existsSync(path))
        throw new CliError(`No sample data at ${path}.`, 'npx liftoff seed --data <export folder or plan file>', 2);
    const planFile = statSync(path).isDirectory() ? findPlan(path) : path;
    const objects = planFile ? fromPlan(planFile) : fromFolder(path);
    const seen = new Map<string, string>();
    for (const row of objects.flatMap((object) => object.rows)) {
        const earlier = seen.get(row.referenceId);
        if (earlier)
            throw new CliError(
                `Reference id ${row.referenceId} appears twice (${earlier}; ${row.source}).`,
                'make each referenceId unique',
                2
            );
        seen.set(row.referenceId, row.source);
    }
    return objects;
}
