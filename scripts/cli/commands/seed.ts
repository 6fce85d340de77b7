/**
 * `liftoff seed`: loads the sample set or any tree export into an org, by upsert,
 * reporting every row.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { intOption, ORG_OPTIONS, type CommandSpec, type OptionValues } from '../args.ts';
import { openSession, requireAlias, type CliContext, type OrgSession } from '../context.ts';
import { CliError } from '../errors.ts';
import { requireObject } from '../names.ts';
import { COLLECTION_LIMIT } from '../seed/collections.ts';
import { bypassAutomation, type Restore } from '../seed/automation.ts';
import { parseKeyOverrides } from '../seed/keys.ts';
import { loadObject, type LoadOptions, type RowOutcome } from '../seed/load.ts';
import { readSeedData, type SeedObject } from '../seed/tree.ts';

/** The `seed` command's specification. */
export const seedSpec: CommandSpec = {
    name: 'seed',
    summary: 'load sample data (sObject tree JSON + plan) by upsert; a rerun adds nothing',
    description: [
        'Reads a folder written by `sf data export tree --plan` (or a plan file) and upserts every row:',
        'Liftoff objects on their external id (ExternalId__c, Playbook__c.DeveloperName__c,',
        'OnboardingAlert__c.DedupeKey__c, HealthSnapshot__c.UniqueKey__c); Account, Contact and Opportunity',
        'on a natural key (Name; Account + names + Email; Account + Name). Rows are sorted by parent and',
        'chunked to 200 per request; UNABLE_TO_LOCK_ROW is retried with exponential backoff; objects with',
        'more rows than --bulk-threshold go through Bulk API 2.0, and a job that outlives the poll timeout',
        'is polled again by id, never resubmitted. Each row ends created, updated or failed with its reason',
        '(written to --report). Exit code 1 when any row failed.'
    ].join('\n'),
    options: {
        ...ORG_OPTIONS,
        data: {
            type: 'string',
            short: 'd',
            value: 'folder|plan',
            description: 'export folder or plan file',
            default: 'data/sample'
        },
        automation: {
            type: 'string',
            value: 'bypass|run',
            description:
                "bypass: switch Liftoff's triggers off for you while loading (LiftoffSettings__c); run: leave them on",
            default: 'bypass'
        },
        key: {
            type: 'string',
            multiple: true,
            value: 'Object=Field',
            description: 'upsert Object on this external id field instead'
        },
        report: {
            type: 'string',
            value: 'file',
            description: 'row-by-row outcome as JSON',
            default: '.liftoff/seed-report.json'
        },
        'chunk-size': {
            type: 'string',
            value: 'n',
            description: 'rows per sObject Collections request (1-200)',
            default: '200'
        },
        concurrency: {
            type: 'string',
            value: 'n',
            description: 'parallel requests; rows of one parent never run in parallel',
            default: '1'
        },
        'bulk-threshold': {
            type: 'string',
            value: 'n',
            description: 'objects with more rows use Bulk API 2.0',
            default: '2000'
        },
        'lock-retries': {
            type: 'string',
            value: 'n',
            description: 'attempts for rows that hit UNABLE_TO_LOCK_ROW',
            default: '5'
        },
        'backoff-ms': {
            type: 'string',
            value: 'ms',
            description: 'first wait before a lock retry; doubles each time',
            default: '500'
        },
        'poll-interval-ms': { type: 'string', value: 'ms', description: 'Bulk job poll interval', default: '2000' },
        'poll-timeout-ms': {
            type: 'string',
            value: 'ms',
            description: 'one poll round; then the job is re-polled by id',
            default: '60000'
        },
        'max-wait-ms': {
            type: 'string',
            value: 'ms',
            description: 'give up waiting for a Bulk job (it keeps running; a rerun collects it)',
            default: '900000'
        }
    },
    examples: [
        'npx liftoff seed --target-org liftoff-dev',
        'npx liftoff seed --target-org liftoff-dev --data ../exports/acme --concurrency 4',
        'npx liftoff seed -o liftoff-dev --data data/sample/sample-plan.json --key Account=Legacy_Id__c'
    ]
};

function summarise(outcomes: RowOutcome[]): Map<string, { created: number; updated: number; failed: number }> {
    const totals = new Map<string, { created: number; updated: number; failed: number }>();
    for (const outcome of outcomes) {
        const row = totals.get(outcome.sobject) ?? { created: 0, updated: 0, failed: 0 };
        row[outcome.outcome] += 1;
        totals.set(outcome.sobject, row);
    }
    return totals;
}

function loadOptions(values: OptionValues, context: CliContext, names: LoadOptions['names']): LoadOptions {
    const chunkSize = intOption(values, 'chunk-size', 'seed', 1);
    if (chunkSize > COLLECTION_LIMIT)
        throw new CliError(
            `--chunk-size ${chunkSize} is above the API limit of ${COLLECTION_LIMIT}.`,
            'npx liftoff seed --chunk-size 200',
            2
        );
    const say = (line: string): void => context.io.out(line);
    return {
        names,
        keyOverrides: parseKeyOverrides((values.key as string[] | undefined) ?? []),
        chunkSize,
        concurrency: intOption(values, 'concurrency', 'seed', 1),
        bulkThreshold: intOption(values, 'bulk-threshold', 'seed', 0),
        retry: {
            attempts: intOption(values, 'lock-retries', 'seed', 1),
            backoffMs: intOption(values, 'backoff-ms', 'seed', 0),
            onRetry: (rows, attempt, wait) =>
                say(`  ${rows} rows hit UNABLE_TO_LOCK_ROW: attempt ${attempt} in ${wait} ms`)
        },
        polling: {
            intervalMs: intOption(values, 'poll-interval-ms', 'seed', 1),
            timeoutMs: intOption(values, 'poll-timeout-ms', 'seed', 1),
            maxWaitMs: intOption(values, 'max-wait-ms', 'seed', 1)
        },
        journalFile: join(context.root, '.liftoff', 'seed-jobs.json'),
        say
    };
}

function writeReport(file: string, outcomes: RowOutcome[], complete: boolean): void {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ complete, rows: outcomes }, null, 4)}\n`);
}

/** Loads the objects in order; on a fatal error writes the partial report first, so no row goes unreported. */
async function loadAll(
    session: OrgSession,
    objects: SeedObject[],
    options: LoadOptions,
    context: CliContext,
    reportFile: string
): Promise<RowOutcome[]> {
    const outcomes: RowOutcome[] = [];
    const ids = new Map<string, string>();
    const failed = new Map<string, string>();
    try {
        for (const [index, object] of objects.entries()) {
            context.io.out(`[${index + 1}/${objects.length}] ${object.sobject}: ${object.rows.length} rows`);
            const result = await loadObject(session.conn, object, ids, failed, options);
            const totals = summarise(result).get(object.sobject) ?? { created: 0, updated: 0, failed: 0 };
            context.io.out(`  created ${totals.created}, updated ${totals.updated}, failed ${totals.failed}`);
            for (const outcome of result) outcomes.push(outcome);
        }
    } catch (error) {
        writeReport(reportFile, outcomes, false);
        context.io.out(
            `seed stopped after ${outcomes.length} rows; their outcomes are in ${relative(context.root, reportFile)}. A rerun is safe: it upserts.`
        );
        throw error;
    }
    return outcomes;
}

async function automationFor(mode: unknown, session: OrgSession, context: CliContext): Promise<Restore> {
    if (mode === 'run') return async () => undefined;
    if (mode !== 'bypass')
        throw new CliError(
            `--automation must be bypass or run (got '${String(mode)}').`,
            'npx liftoff seed --automation bypass',
            2
        );
    return bypassAutomation(session.conn, session.catalog, (line) => context.io.out(line));
}

/**
 * Runs `seed`.
 *
 * @returns exit code: 0 when every row was created or updated, 1 when any failed
 */
export async function seedCommand(values: OptionValues, context: CliContext): Promise<number> {
    const alias = requireAlias(values['target-org'] as string | undefined, 'seed');
    const dataPath = resolve(context.root, values.data as string);
    const objects = readSeedData(dataPath);
    const expected = objects.reduce((sum, object) => sum + object.rows.length, 0);
    context.io.out(
        `seed: ${expected} rows in ${objects.length} objects from ${relative(context.root, dataPath) || '.'}`
    );
    const session = await openSession(
        context,
        { alias, apiVersion: (values['api-version'] as string | undefined) ?? null },
        'seed'
    );
    for (const object of objects) requireObject(session.catalog, object.sobject, alias);
    const reportFile = resolve(context.root, values.report as string);
    const options = loadOptions(values, context, session.catalog.names);
    const restore = await automationFor(values.automation, session, context);
    let outcomes: RowOutcome[];
    try {
        outcomes = await loadAll(session, objects, options, context, reportFile);
    } finally {
        await restore();
    }
    if (outcomes.length !== expected) throw new Error(`seed accounted for ${outcomes.length} of ${expected} rows.`);
    writeReport(reportFile, outcomes, true);
    for (const outcome of outcomes.filter((o) => o.outcome === 'failed')) {
        context.io.err(`  failed ${outcome.sobject} ${outcome.referenceId}: ${outcome.reason}`);
    }
    const all = { created: 0, updated: 0, failed: 0 };
    for (const outcome of outcomes) all[outcome.outcome] += 1;
    context.io.out(
        `seed: ${expected} rows: created ${all.created}, updated ${all.updated}, failed ${all.failed} (report: ${relative(context.root, reportFile)})`
    );
    return all.failed > 0 ? 1 : 0;
}
