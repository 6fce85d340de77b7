/**
 * `npm test`: every offline check of the project, in order, on one command.
 *
 * Each step is a separate process so one failure never hides another: all
 * steps run, each is reported as passed or failed with its time, and the run
 * ends with one line `checks: N passed, N failed` and a non-zero exit code
 * when anything failed.
 *
 * Usage:
 *   npm test                     every step
 *   npm test -- --only jest      named steps only (comma separated)
 *   npm test -- --skip e2e       every step but these
 *   npm test -- --list           print the steps and stop
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

interface Step {
    name: string;
    what: string;
    command: string[];
}

/** Every `*.test.ts` under test/, except fixtures (node 20's test runner takes no globs). */
function nodeTestFiles(): string[] {
    const found: string[] = [];
    const walk = (dir: string): void => {
        for (const entry of readdirSync(dir)) {
            const full = join(dir, entry);
            if (statSync(full).isDirectory()) {
                if (entry !== 'fixtures' && entry !== 'node_modules') walk(full);
            } else if (entry.endsWith('.test.ts')) {
                found.push(relative(root, full));
            }
        }
    };
    walk(join(root, 'test'));
    return found.sort();
}

const STEPS: Step[] = [
    {
        name: 'build',
        what: 'compile component TypeScript to JavaScript',
        command: [bin('tsx'), 'scripts/build/compile-components.ts']
    },
    {
        name: 'format',
        what: 'prettier --check (parses every Apex file)',
        command: [bin('tsx'), 'scripts/check/format.ts']
    },
    { name: 'lint', what: 'ESLint: LWC and TypeScript rules', command: [bin('eslint'), '--max-warnings', '0', '.'] },
    { name: 'types', what: 'TypeScript type check (strict)', command: [bin('tsc'), '-p', 'tsconfig.json'] },
    {
        name: 'apex-analysis',
        what: 'Code Analyzer: PMD, regex and SFGE data-flow rules, fail on severity 1-2',
        command: [bin('tsx'), 'scripts/check/apex-analysis.ts']
    },
    {
        name: 'apex-references',
        what: 'every object, field and class named in Apex exists',
        command: [bin('tsx'), 'scripts/check/apex-references.ts']
    },
    {
        name: 'xml',
        what: 'well-formed XML for every metadata file',
        command: [bin('tsx'), 'scripts/check/xml-wellformed.ts']
    },
    {
        name: 'lwc-compile',
        what: 'LWC compiler on the emitted JavaScript',
        command: [bin('tsx'), 'scripts/check/lwc-compile.ts']
    },
    {
        name: 'jest',
        what: 'Jest: components and the engine, with coverage',
        // --no-cache: a coverage run after plain `npx jest` runs on the same machine was seen to measure only one
        // file (transforms cached without instrumentation), which would let the coverage gate pass on too little.
        command: [bin('jest'), '--coverage', '--no-cache', '--silent']
    },
    {
        name: 'node-tests',
        what: 'node:test: metadata, checks, workbench, org CLI, browser',
        command: [process.execPath, '--import', 'tsx', '--test', '--test-concurrency=1', ...nodeTestFiles()]
    },
    {
        name: 'convert',
        what: 'sf project convert source into a temporary folder',
        command: [bin('tsx'), 'scripts/check/convert-source.ts']
    }
];

function parseList(flag: string): string[] | null {
    const at = process.argv.indexOf(flag);
    return at === -1 ? null : (process.argv[at + 1] ?? '').split(',').filter(Boolean);
}

function main(): void {
    if (process.argv.includes('--list')) {
        for (const step of STEPS) console.log(`${step.name.padEnd(16)} ${step.what}`);
        return;
    }
    const only = parseList('--only');
    const skip = parseList('--skip') ?? [];
    const unknown = [...(only ?? []), ...skip].filter((name) => !STEPS.some((step) => step.name === name));
    if (unknown.length > 0) {
        console.error(`Unknown step(s): ${unknown.join(', ')}. Run "npm test -- --list" to see the steps.`);
        process.exit(2);
    }
    const selected = STEPS.filter((step) => (only ? only.includes(step.name) : true) && !skip.includes(step.name));
    const results: { name: string; ok: boolean; seconds: number }[] = [];
    for (const step of selected) {
        console.log(`\n▶ ${step.name}: ${step.what}`);
        const started = Date.now();
        const run = spawnSync(step.command[0], step.command.slice(1), {
            cwd: root,
            stdio: 'inherit',
            env: process.env
        });
        const ok = run.status === 0;
        const seconds = (Date.now() - started) / 1000;
        results.push({ name: step.name, ok, seconds });
        console.log(`${ok ? '✔' : '✖'} ${step.name} ${ok ? 'passed' : 'FAILED'} in ${seconds.toFixed(1)} s`);
    }
    console.log('\nSummary');
    for (const result of results) {
        console.log(`  ${result.ok ? 'pass' : 'FAIL'}  ${result.name.padEnd(16)} ${result.seconds.toFixed(1)} s`);
    }
    const failed = results.filter((result) => !result.ok).length;
    console.log(`checks: ${results.length - failed} passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
}

main();
