/**
 * `npm start`: the Liftoff workbench, the package running with no Salesforce org.
 *
 *   npm start                               sample data on first start, then whatever the database holds
 *   npm start -- --port 4000                port (else PORT, else 3000)
 *   npm start -- --import <dir>             replace the data with an sObject tree export or the ravenstack CSVs
 *   npm start -- --import <dir> --allow-rejects        load the good rows and list the rejected ones
 *   npm start -- --import <dir> --stage-map map.json   map stage names the export uses to standard stages
 *   npm start -- --reset                    reload the sample data
 *   npm start -- --nightly                  run the nightly pass over every plan and exit
 *   npm start -- --today 2026-11-30         pin "today" (also LIFTOFF_TODAY) for demos and tests
 *   npm start -- --no-serve                 prepare the database and the bundle, then exit
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compileComponents, copyStaticLibraries } from '../build/compile-components.ts';
import { nightly } from './automation.ts';
import type { Clock } from './automation.ts';
import { APP_DIR, LWC_DIR, ROOT, buildBundle } from './build.ts';
import { WorkbenchDb } from './db.ts';
import { ImportRefusedError, formatReport } from './import-report.ts';
import { detectFormat, importFolder, sampleDir } from './load.ts';
import { readPackageMetadata } from './metadata.ts';
import type { PackageMetadata } from './metadata.ts';
import { createWorkbenchServer, ensureRoleUsers } from './server.ts';

const SOURCE_DIR = join(ROOT, 'force-app', 'main', 'default');

export interface StartOptions {
    port: number;
    importDir: string | null;
    allowRejects: boolean;
    stageMap: Record<string, string>;
    reset: boolean;
    nightlyOnly: boolean;
    serve: boolean;
    today: string | null;
    dbPath: string;
    wwwDir: string;
}

function fail(message: string): never {
    console.error(`workbench: ${message}`);
    process.exit(1);
}

/** Parses the command line; bad values stop with a message that says what to pass instead. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): StartOptions {
    const { values } = parseArgs({
        args: argv,
        options: {
            port: { type: 'string' },
            import: { type: 'string' },
            'allow-rejects': { type: 'boolean', default: false },
            'stage-map': { type: 'string' },
            reset: { type: 'boolean', default: false },
            nightly: { type: 'boolean', default: false },
            'no-serve': { type: 'boolean', default: false },
            today: { type: 'string' },
            db: { type: 'string' }
        },
        strict: true
    });
    const rawPort = values.port ?? env.PORT ?? '3000';
    const port = Number(rawPort);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`port "${rawPort}" is not a port number (0 to 65535).`);
    const today = values.today ?? env.LIFTOFF_TODAY ?? null;
    if (today !== null && !/^\d{4}-\d{2}-\d{2}$/.test(today))
        throw new Error(`--today "${today}" is not a date; write it as YYYY-MM-DD.`);
    let stageMap: Record<string, string> = {};
    if (values['stage-map']) {
        try {
            stageMap = JSON.parse(readFileSync(resolve(values['stage-map']), 'utf8')) as Record<string, string>;
        } catch (error) {
            throw new Error(
                `--stage-map ${values['stage-map']}: ${(error as Error).message}. Give a JSON file like {"Closed/Won": "Closed Won"}.`
            );
        }
    }
    return {
        port,
        importDir: values.import ? resolve(values.import) : null,
        allowRejects: values['allow-rejects'] ?? false,
        stageMap,
        reset: values.reset ?? false,
        nightlyOnly: values.nightly ?? false,
        serve: !(values['no-serve'] ?? false) && !(values.nightly ?? false),
        today,
        dbPath: resolve(values.db ?? join(ROOT, '.workbench', 'liftoff.db')),
        wwwDir: join(ROOT, '.workbench', 'www')
    };
}

/** A clock pinned at noon UTC of `today`, which is that same date in every plan time zone from UTC-11 to UTC+11. */
export function clockFor(today: string | null): Clock {
    return today ? { now: () => new Date(`${today}T12:00:00Z`) } : { now: () => new Date() };
}

function filesUnder(dir: string, out: string[] = []): string[] {
    if (!existsSync(dir)) return out;
    for (const entry of readdirSync(dir)) {
        const full = join(dir, entry);
        if (statSync(full).isDirectory()) {
            if (entry !== '__tests__' && entry !== 'node_modules') filesUnder(full, out);
        } else out.push(full);
    }
    return out;
}

/** A key over every input of the bundle; an unchanged key means the last bundle can be served as is. */
function bundleKey(): string {
    const hash = createHash('sha256');
    const inputs = [
        ...filesUnder(LWC_DIR).filter((file) => !file.endsWith('.js')),
        ...filesUnder(APP_DIR),
        ...filesUnder(join(SOURCE_DIR, 'labels')),
        ...filesUnder(join(SOURCE_DIR, 'objects')),
        join(ROOT, 'scripts', 'workbench', 'virtual-modules.ts'),
        join(ROOT, 'scripts', 'workbench', 'build.ts'),
        join(ROOT, 'package-lock.json')
    ].sort();
    for (const file of inputs) {
        if (!existsSync(file)) continue;
        const stat = statSync(file);
        hash.update(`${file}:${stat.size}:${stat.mtimeMs}\n`);
    }
    return hash.digest('hex');
}

/** Compiles the components and bundles the workbench, unless nothing changed since the last bundle. */
export async function prepareBundle(
    metadata: PackageMetadata,
    wwwDir: string,
    say: (line: string) => void
): Promise<void> {
    const key = bundleKey();
    const keyFile = join(wwwDir, 'bundle.key');
    if (existsSync(keyFile) && existsSync(join(wwwDir, 'app.js')) && readFileSync(keyFile, 'utf8') === key) {
        say('bundle: unchanged since the last start, reusing it');
        return;
    }
    say('build: compiling component TypeScript (npm run build)');
    try {
        compileComponents();
    } catch (error) {
        // tsc still writes the JavaScript when it reports type errors; the workbench runs what was emitted.
        say(`build: WARNING ${(error as Error).message} The workbench continues with the JavaScript tsc emitted.`);
    }
    copyStaticLibraries();
    say('bundle: LWC compiler + lightning-base-components, about 30 s on two cores');
    const result = await buildBundle(metadata, wwwDir);
    say(
        `bundle: ${(result.bytes / 1e6).toFixed(1)} MB in ${result.seconds.toFixed(1)} s; components: ${result.components.join(', ') || 'none'}`
    );
    if (result.missingLabels.length > 0)
        say(`bundle: WARNING labels missing from CustomLabels.labels-meta.xml: ${result.missingLabels.join(', ')}`);
    const own = result.warnings.filter((warning) => !warning.includes('node_modules/'));
    for (const warning of own) say(`bundle warning: ${warning}`);
    writeFileSync(keyFile, key);
}

/** The message for a taken port, suggesting the next port up (or down, at the top of the range). */
export function portInUseMessage(port: number): string {
    const other = port < 65535 ? port + 1 : port - 1;
    return `port ${port} is already in use. Stop the other process or choose another port: npm start -- --port ${other} (or PORT=${other} npm start).`;
}

/** Listens on `port` (0 picks a free one); a taken port is an error that says how to choose another. */
export function listen(server: Server, port: number): Promise<number> {
    return new Promise((resolvePort, reject) => {
        server.once('error', (error: NodeJS.ErrnoException) => {
            if (error.code === 'EADDRINUSE') reject(new Error(portInUseMessage(port)));
            else reject(error);
        });
        server.listen(port, '127.0.0.1', () => {
            const address = server.address();
            resolvePort(typeof address === 'object' && address ? address.port : port);
        });
    });
}

/** Resolves when `port` can be listened on, else rejects with the taken-port message; frees it again at once. */
export async function ensurePortFree(port: number): Promise<void> {
    const probe = createServer();
    await listen(probe, port);
    await new Promise<void>((resolveClose) => probe.close(() => resolveClose()));
}

/** Runs the workbench; resolves with the server (or null when it only prepared or ran the nightly pass). */
export async function start(
    options: StartOptions,
    say: (line: string) => void = console.log
): Promise<{ server: Server | null; port: number; db: WorkbenchDb }> {
    const started = Date.now();
    // Checked before the database is opened: a wrong folder or a taken port must leave the --db file untouched.
    if (options.importDir) detectFormat(options.importDir);
    if (options.serve && options.port !== 0) await ensurePortFree(options.port);
    say('workbench: reading package metadata');
    const metadata = readPackageMetadata(SOURCE_DIR);
    const fieldCount = [...metadata.objects.values()].reduce((sum, object) => sum + object.fields.length, 0);
    const db = new WorkbenchDb(options.dbPath, metadata);
    const clock = clockFor(options.today);
    if (!db.isCurrent()) {
        say(`database: generating tables from the metadata (${metadata.objects.size} objects, ${fieldCount} fields)`);
        db.recreate();
    }
    ensureRoleUsers(db);
    if (options.importDir) {
        say(`import: loading ${options.importDir}`);
        try {
            const report = importFolder(
                db,
                options.importDir,
                clock,
                { allowRejects: options.allowRejects, stageMap: options.stageMap },
                { playbooksFrom: sampleDir(ROOT) }
            );
            for (const line of formatReport(report)) say(line);
        } catch (error) {
            if (error instanceof ImportRefusedError) for (const line of formatReport(error.report)) say(line);
            db.close();
            throw error;
        }
    } else if (options.reset || db.count('Account') === 0) {
        say('database: loading the sample data (data/sample)');
        const report = importFolder(db, sampleDir(ROOT), clock, { allowRejects: false });
        say(
            `database: sample loaded: ${Object.entries(report.written)
                .map(([object, n]) => `${n} ${object}`)
                .join(', ')}`
        );
    }
    if (options.nightlyOnly) {
        const result = nightly(db, clock);
        say(`nightly: ${result.plans} plans rescored, ${result.openAlerts} open alerts`);
        return { server: null, port: 0, db };
    }
    if (!options.serve) {
        await prepareBundle(metadata, options.wwwDir, say);
        return { server: null, port: 0, db };
    }
    // The server answers at once (the Apex API works); the page says what is happening until the bundle is ready.
    let pending: string | null = 'Compiling and bundling the components.';
    const server = createWorkbenchServer({
        db,
        clock,
        wwwDir: options.wwwDir,
        root: ROOT,
        log: (line) => say(line),
        pending: () => pending
    });
    const port = await listen(server, options.port);
    say(`workbench: listening at http://localhost:${port}/ (the page shows progress until the bundle is ready)`);
    try {
        await prepareBundle(metadata, options.wwwDir, (line) => {
            pending = line;
            say(line);
        });
    } catch (error) {
        server.close();
        throw error;
    }
    pending = null;
    say(`workbench: ready in ${((Date.now() - started) / 1000).toFixed(1)} s at http://localhost:${port}/`);
    return { server, port, db };
}

if (import.meta.url === `file://${process.argv[1]}`) {
    let options: StartOptions;
    try {
        options = parseOptions(process.argv.slice(2), process.env);
    } catch (error) {
        fail((error as Error).message);
    }
    start(options).catch((error: unknown) => fail((error as Error).message));
}
