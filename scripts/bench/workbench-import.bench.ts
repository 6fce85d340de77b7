/**
 * Benchmark: import the whole RavenStack set into the workbench and rescore
 * every plan (one transaction, as `npm start -- --import` does), then insert
 * exactly the same rows into the same tables with bare prepared statements in
 * one transaction, in the same run. Prints seconds, peak memory and the ratio.
 * Never asserts timings.
 *
 *   npm run bench -- workbench-import
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from '../workbench/build.ts';
import { WorkbenchDb } from '../workbench/db.ts';
import { importFolder } from '../workbench/load.ts';
import { readPackageMetadata } from '../workbench/metadata.ts';

const dataDir = join(resolve(ROOT, process.env.LIFTOFF_DATA_DIR ?? '../shared/data'), 'ravenstack');
if (!existsSync(dataDir)) {
    console.log(`workbench-import: skipped: ${dataDir} not found (set LIFTOFF_DATA_DIR)`);
    process.exit(0);
}

/**
 * Times `work` and reports memory: the growth of the process's peak resident
 * set (`maxRSS`, which the kernel tracks even inside synchronous work) and of
 * the resident set right after. A step that stays under an earlier peak
 * shows a peak growth of 0.
 */
function measure<T>(work: () => T): { result: T; seconds: number; peakMb: number; rssMb: number } {
    globalThis.gc?.();
    const peakBefore = process.resourceUsage().maxRSS;
    const rssBefore = process.memoryUsage().rss;
    const began = performance.now();
    const result = work();
    const seconds = (performance.now() - began) / 1000;
    return {
        result,
        seconds,
        peakMb: (process.resourceUsage().maxRSS - peakBefore) / 1024,
        rssMb: (process.memoryUsage().rss - rssBefore) / 1e6
    };
}

const metadata = readPackageMetadata(join(ROOT, 'force-app', 'main', 'default'));
const clock = { now: () => new Date('2025-06-30T12:00:00Z') };

const workbench = new WorkbenchDb(':memory:', metadata);
workbench.recreate();
const imported = measure(() => importFolder(workbench, dataDir, clock, { allowRejects: false }));
const tables = [
    'Account',
    'OnboardingPlan__c',
    'AdoptionSnapshot__c',
    'Task',
    'HealthSnapshot__c',
    'OnboardingAlert__c'
];
const rows = Object.fromEntries(tables.map((table) => [table, workbench.all(`SELECT * FROM "${table}"`)]));
const rowCount = Object.values(rows).reduce((sum, list) => sum + list.length, 0);

const bare = new WorkbenchDb(':memory:', metadata);
bare.recreate();
bare.sql.pragma('foreign_keys = OFF');
const inserted = measure(() =>
    bare.sql.transaction(() => {
        for (const table of tables) {
            const list = rows[table];
            if (list.length === 0) continue;
            const columns = Object.keys(list[0]);
            const statement = bare.sql.prepare(
                `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
            );
            for (const row of list) statement.run(...columns.map((column) => row[column]));
        }
    })()
);

console.log(`rows: ${rowCount} (${tables.map((table) => `${rows[table].length} ${table}`).join(', ')})`);
console.log(
    `workbench import + rescore of ${imported.result.written.OnboardingPlan__c ?? 0} plans: ${imported.seconds.toFixed(2)} s, ` +
        `peak RSS +${imported.peakMb.toFixed(0)} MB, RSS after +${imported.rssMb.toFixed(0)} MB`
);
console.log(
    `bare SQLite insert of the same rows: ${inserted.seconds.toFixed(2)} s, ` +
        `peak RSS +${inserted.peakMb.toFixed(0)} MB, RSS after +${inserted.rssMb.toFixed(0)} MB (run second, so under the import's peak)`
);
console.log(`process peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
console.log(`ratio import / bare insert: ${(imported.seconds / inserted.seconds).toFixed(1)}x time`);
