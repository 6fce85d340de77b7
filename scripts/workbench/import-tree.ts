/**
 * Loads sObject tree JSON (as `sf data export tree` writes it, with or without
 * `--plan`) into the workbench database: `@<Type>RefN` references resolved,
 * nested child records flattened, any mix of objects, in dependency order.
 *
 * Opportunity "won" is decided by the stage's won flag, never by its label
 * (field case F12). A tree export carries no won flag, so the standard stage
 * API names are mapped through `STANDARD_STAGES`; a row whose stage is not
 * known is rejected with the reason instead of guessed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FieldError } from './db.ts';
import type { InputValue, WorkbenchDb } from './db.ts';
import { bump, emptyReport } from './import-report.ts';
import type { ImportReport } from './import-report.ts';
import { STANDARD_STAGES } from './standard-objects.ts';

interface TreeRow {
    type: string;
    referenceId: string;
    file: string;
    values: Record<string, unknown>;
    /** Parent reference and relationship field for rows that were nested under a parent. */
    parent: { referenceId: string; field: string } | null;
}

interface PlanEntry {
    sobject: string;
    files: string[];
}

function readJson(path: string): unknown {
    try {
        return JSON.parse(readFileSync(path, 'utf8')) as unknown;
    } catch (error) {
        throw new Error(`${path}: not valid JSON (${(error as Error).message}). Nothing was imported.`);
    }
}

/** The files to load, in plan order when a `*-plan.json` exists, else every tree file in the folder. */
export function treeFiles(dir: string): string[] {
    if (!existsSync(dir)) throw new Error(`Import folder ${dir} does not exist.`);
    const entries = readdirSync(dir).sort();
    const planFile = entries.find((file) => file.endsWith('-plan.json'));
    if (planFile) {
        const plan = readJson(join(dir, planFile));
        if (!Array.isArray(plan)) throw new Error(`${planFile}: a plan is a JSON array of { sobject, files }.`);
        return (plan as PlanEntry[]).flatMap((entry) => entry.files.map((file) => join(dir, file)));
    }
    const files = entries.filter((file) => file.endsWith('.json')).map((file) => join(dir, file));
    if (files.length === 0) throw new Error(`${dir} holds no .json tree files.`);
    return files;
}

function isRecordList(value: unknown): value is { records: unknown[] } {
    return typeof value === 'object' && value !== null && Array.isArray((value as { records?: unknown }).records);
}

function collectRows(
    db: WorkbenchDb,
    file: string,
    list: unknown[],
    parent: TreeRow | null,
    rows: TreeRow[],
    report: ImportReport
): void {
    list.forEach((raw, index) => {
        const record = raw as Record<string, unknown>;
        const attributes = (record.attributes ?? {}) as { type?: string; referenceId?: string };
        const type = attributes.type ?? '(no type)';
        const referenceId = attributes.referenceId ?? `${basename(file)}#${index + 1}`;
        bump(report.read, type);
        const row: TreeRow = { type, referenceId, file: basename(file), values: {}, parent: null };
        if (!attributes.type) {
            report.rejected.push({
                object: type,
                file: row.file,
                row: referenceId,
                reason: 'the record has no attributes.type'
            });
            return;
        }
        if (parent) {
            const link = db.hasObject(type)
                ? db
                      .object(type)
                      .fields.find(
                          (field) =>
                              (field.type === 'Lookup' || field.type === 'MasterDetail') &&
                              field.referenceTo === parent.type
                      )
                : undefined;
            row.parent = link ? { referenceId: parent.referenceId, field: link.apiName } : null;
        }
        const children: [unknown[], string][] = [];
        for (const [key, value] of Object.entries(record)) {
            if (key === 'attributes') continue;
            if (isRecordList(value)) children.push([value.records, key]);
            else row.values[key] = value;
        }
        rows.push(row);
        for (const [childList] of children) collectRows(db, file, childList, row, rows, report);
    });
}

/** Orders rows so every row comes after the rows it references (parents first); cycles keep file order. */
function dependencyOrder(rows: TreeRow[]): TreeRow[] {
    const byRef = new Map(rows.map((row) => [row.referenceId, row]));
    const done = new Set<string>();
    const visiting = new Set<string>();
    const ordered: TreeRow[] = [];
    const visit = (row: TreeRow): void => {
        if (done.has(row.referenceId) || visiting.has(row.referenceId)) return;
        visiting.add(row.referenceId);
        const refs = Object.values(row.values).filter(
            (value): value is string => typeof value === 'string' && value.startsWith('@')
        );
        if (row.parent) refs.push(`@${row.parent.referenceId}`);
        for (const ref of refs) {
            const target = byRef.get(ref.slice(1));
            if (target) visit(target);
        }
        visiting.delete(row.referenceId);
        done.add(row.referenceId);
        ordered.push(row);
    };
    rows.forEach(visit);
    return ordered;
}

const STAGES = new Map(STANDARD_STAGES.map((stage) => [stage.apiName.toLowerCase(), stage]));

/** Won and closed flags for an Opportunity row, or the reason it cannot be decided (F12). */
export function stageFlags(
    values: Record<string, unknown>,
    stageMap: Record<string, string> = {}
): { isWon: boolean; isClosed: boolean; stage: string } | { reason: string } {
    const entry = Object.entries(values).find(([key]) => key.toLowerCase() === 'stagename');
    const given = typeof entry?.[1] === 'string' ? entry[1] : null;
    const stage = given !== null && given in stageMap ? stageMap[given] : given;
    if (!stage) return { reason: 'StageName is missing' };
    const explicitWon = Object.entries(values).find(([key]) => key.toLowerCase() === 'iswon')?.[1];
    const explicitClosed = Object.entries(values).find(([key]) => key.toLowerCase() === 'isclosed')?.[1];
    if (typeof explicitWon === 'boolean' && typeof explicitClosed === 'boolean')
        return { isWon: explicitWon, isClosed: explicitClosed, stage };
    const known = STAGES.get(stage.toLowerCase());
    if (!known) {
        return {
            reason:
                `stage "${stage}" is not a standard stage and the export has no IsWon flag for it, so won or lost ` +
                'cannot be decided; map it with --stage-map (e.g. {"Closed/Won": "Closed Won"}) or export IsWon and IsClosed'
        };
    }
    return { isWon: known.isWon, isClosed: known.isClosed, stage: known.apiName };
}

/**
 * Imports a folder of tree files into `db`. Runs inside the caller's
 * transaction; rejected rows are recorded in the report and never written.
 */
export function loadTree(
    db: WorkbenchDb,
    dir: string,
    report: ImportReport = emptyReport(dir, 'tree'),
    stageMap: Record<string, string> = {},
    onlyTypes: Set<string> | null = null
): ImportReport {
    const rows: TreeRow[] = [];
    for (const file of treeFiles(dir)) {
        if (onlyTypes && ![...onlyTypes].some((type) => basename(file) === `${type}s.json`)) continue;
        const content = readJson(file);
        if (!isRecordList(content)) throw new Error(`${file}: a tree file is a JSON object with a "records" array.`);
        collectRows(db, file, content.records, null, rows, report);
    }
    const seen = new Set<string>();
    const ids = new Map<string, string>();
    const rejectedRefs = new Map<string, string>();
    const reject = (row: TreeRow, reason: string): void => {
        rejectedRefs.set(row.referenceId, reason);
        report.rejected.push({ object: row.type, file: row.file, row: row.referenceId, reason });
    };
    for (const row of dependencyOrder(rows)) {
        if (seen.has(row.referenceId)) {
            reject(row, `reference id ${row.referenceId} appears more than once`);
            continue;
        }
        seen.add(row.referenceId);
        if (!db.hasObject(row.type)) {
            reject(
                row,
                `object ${row.type} is not part of the workbench schema (package objects plus Account, Contact, Opportunity, User, Event, Task)`
            );
            continue;
        }
        const values: Record<string, InputValue> = {};
        let problem: string | null = null;
        const entries = Object.entries(row.values);
        if (row.parent) entries.push([row.parent.field, `@${row.parent.referenceId}`]);
        for (const [key, raw] of entries) {
            const field = db.field(row.type, key);
            if (!field || field.system || field.formula) {
                if (!['iswon', 'isclosed'].includes(key.toLowerCase())) noteIgnored(report, row.type, key);
                continue;
            }
            if (
                typeof raw === 'string' &&
                raw.startsWith('@') &&
                (field.type === 'Lookup' || field.type === 'MasterDetail')
            ) {
                const target = raw.slice(1);
                if (rejectedRefs.has(target)) {
                    problem = `${field.apiName} points at ${raw}, which was rejected`;
                    break;
                }
                const id = ids.get(target);
                if (!id) {
                    problem = `${field.apiName} points at ${raw}, which is not in the import`;
                    break;
                }
                values[field.apiName] = id;
                continue;
            }
            if (raw !== null && typeof raw === 'object') {
                problem = `${field.apiName} holds a nested object; a tree file holds plain values`;
                break;
            }
            values[field.apiName] = raw as InputValue;
        }
        if (!problem && row.type === 'Opportunity') {
            const flags = stageFlags(row.values, stageMap);
            if ('reason' in flags) problem = flags.reason;
            else Object.assign(values, { StageName: flags.stage, IsWon: flags.isWon, IsClosed: flags.isClosed });
        }
        if (problem) {
            reject(row, problem);
            continue;
        }
        try {
            ids.set(row.referenceId, db.insert(row.type, values, { allowSystem: row.type === 'Opportunity' }));
            bump(report.written, db.object(row.type).apiName);
        } catch (error) {
            if (!(error instanceof FieldError)) throw error;
            reject(row, error.message);
        }
    }
    return report;
}

function noteIgnored(report: ImportReport, type: string, key: string): void {
    const list = report.ignoredFields[type] ?? [];
    if (!list.includes(key)) list.push(key);
    report.ignoredFields[type] = list;
}
