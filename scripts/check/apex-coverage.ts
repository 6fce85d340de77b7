/**
 * Gate for the org stage of CI (.github/workflows/org-ci.yml): reads the JSON
 * that `sf apex run test --code-coverage --json` printed and fails when a test
 * failed or when org-wide Apex coverage is under the minimum (90 % by default).
 * Classes under the minimum are listed as `path:1: message` so they can be
 * opened from the log. Runs offline on a saved result; the tests run only in an org.
 *
 * Usage: tsx scripts/check/apex-coverage.ts <result.json> [--min 90] [--source force-app]
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { display, listFiles, projectRoot } from './shared.ts';

interface ClassCoverage {
    name: string;
    totalLines: number;
    totalCovered: number;
    coveredPercent: number;
}

interface TestRow {
    Outcome: string;
    MethodName: string;
    Message: string | null;
    StackTrace: string | null;
    ApexClass: { Name: string };
}

/** The part of `sf apex run test --json` this gate reads. */
export interface TestRunResult {
    summary: { outcome: string; testsRan: number; failing: number; orgWideCoverage?: string; testRunCoverage?: string };
    tests?: TestRow[];
    coverage?: { coverage?: ClassCoverage[] };
}

function option(name: string): string | undefined {
    const at = process.argv.indexOf(name);
    return at === -1 ? undefined : process.argv[at + 1];
}

function percent(value: string | undefined): number | null {
    if (value === undefined) return null;
    const parsed = Number.parseFloat(value.replace('%', ''));
    return Number.isFinite(parsed) ? parsed : null;
}

function sourcePath(name: string, files: string[]): string {
    const found = files.find((file) => basename(file) === `${name}.cls` || basename(file) === `${name}.trigger`);
    return found ? display(found) : name;
}

/**
 * Reads a saved result and returns every problem, as printed lines.
 * @param run the parsed result
 * @param minimum the lowest acceptable coverage, in percent
 * @param sourceFiles Apex files, to print a path for each class
 */
export function gate(run: TestRunResult, minimum: number, sourceFiles: string[]): string[] {
    const problems: string[] = [];
    for (const test of run.tests ?? []) {
        if (test.Outcome === 'Pass') continue;
        const where = sourcePath(test.ApexClass.Name, sourceFiles);
        const line = /line (\d+)/.exec(test.StackTrace ?? '')?.[1] ?? '1';
        problems.push(
            `${where}:${line}: ${test.ApexClass.Name}.${test.MethodName} ${test.Outcome}: ${test.Message ?? ''}`.trim()
        );
    }
    if (run.summary.failing > 0 && problems.length === 0) problems.push(`${run.summary.failing} test(s) failed`);
    const orgWide = percent(run.summary.orgWideCoverage);
    if (orgWide === null) {
        problems.push('the result has no orgWideCoverage: run the tests with --code-coverage');
    } else if (orgWide < minimum) {
        problems.push(`org-wide Apex coverage ${orgWide}% is under the required ${minimum}%`);
        const low = (run.coverage?.coverage ?? []).filter((row) => row.coveredPercent < minimum);
        for (const row of low.sort((a, b) => a.coveredPercent - b.coveredPercent)) {
            const uncovered = row.totalLines - row.totalCovered;
            problems.push(
                `${sourcePath(row.name, sourceFiles)}:1: ${row.coveredPercent}% covered (${uncovered} of ${row.totalLines} lines not run)`
            );
        }
    }
    return problems;
}

function main(): void {
    const file = process.argv
        .slice(2)
        .find((arg, index, all) => !arg.startsWith('--') && !all[index - 1]?.startsWith('--'));
    if (!file || !existsSync(file)) {
        console.error('Usage: tsx scripts/check/apex-coverage.ts <result.json> [--min 90] [--source force-app]');
        process.exit(2);
    }
    const minimum = Number(option('--min') ?? '90');
    const source = resolve(option('--source') ?? join(projectRoot, 'force-app'));
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { result?: TestRunResult } & Partial<TestRunResult>;
    const run = parsed.result ?? (parsed as TestRunResult);
    if (!run.summary) {
        const message = (parsed as { message?: string }).message ?? 'no test run summary in the file';
        console.log(`${display(file)}:1: the Apex test run did not finish: ${message}`);
        process.exit(1);
    }
    const sourceFiles = existsSync(source) ? listFiles(source, (path) => /\.(cls|trigger)$/.test(path)) : [];
    const problems = gate(run, minimum, sourceFiles);
    for (const problem of problems) console.log(problem);
    const summary = `${run.summary.testsRan} test(s), ${run.summary.failing} failing, org-wide coverage ${run.summary.orgWideCoverage ?? 'unknown'}`;
    if (problems.length > 0) {
        console.log(`apex-coverage: FAILED (${summary}; minimum ${minimum}%).`);
        process.exit(1);
    }
    console.log(`apex-coverage: ${summary}; minimum ${minimum}% met.`);
}

main();
