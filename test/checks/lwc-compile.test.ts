import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, root, runCheck, runCommand } from './helpers.ts';

/**
 * Compiles a fixture's component TypeScript with the fixture's own tsconfig into
 * a temporary `lwc` folder (as `npm run build` does in force-app) and copies the
 * bundle's template, styles and metadata beside the emitted JavaScript.
 */
function buildFixture(variant: 'bad' | 'good'): string {
    const out = mkdtempSync(join(tmpdir(), `liftoff-lwc-${variant}-`));
    const source = fixture('lwc-compile', variant, 'lwc');
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const build = runCommand(
        process.execPath,
        [tsc, '-p', join(source, 'tsconfig.json'), '--outDir', join(out, 'lwc')],
        root
    );
    assert.equal(build.status, 0, `tsc failed on the ${variant} fixture:\n${build.output}`);
    for (const file of readdirSync(join(source, 'planGreeting'))) {
        if (!file.endsWith('.ts'))
            copyFileSync(join(source, 'planGreeting', file), join(out, 'lwc', 'planGreeting', file));
    }
    return out;
}

test('lwc-compile fails when useDefineForClassFields: false mangles @api, with file and line', () => {
    const out = buildFixture('bad');
    try {
        const run = runCheck('lwc-compile.ts', [out]);

        assert.notEqual(run.status, 0, run.output);
        assert.match(
            run.output,
            /planGreeting\/planGreeting\.js:\d+: .*LWC1104: "api" can only be used as a class decorator/
        );
    } finally {
        rmSync(out, { recursive: true, force: true });
    }
});

test('lwc-compile passes on the same component compiled with standard decorators', () => {
    const out = buildFixture('good');
    try {
        const run = runCheck('lwc-compile.ts', [out]);

        assert.equal(run.status, 0, run.output);
        assert.match(run.output, /lwc-compile: 1 bundle\(s\) compile in namespace c\./);
    } finally {
        rmSync(out, { recursive: true, force: true });
    }
});

test('lwc-compile fails on a component whose TypeScript was never built', () => {
    const run = runCheck('lwc-compile.ts', [fixture('lwc-compile', 'good')]);

    assert.notEqual(run.status, 0, run.output);
    assert.match(
        run.output,
        /planGreeting\/planGreeting\.ts:1: no planGreeting\.js beside it; run `npm run build` first/
    );
});
