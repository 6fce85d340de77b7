import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const LAUNCHER = join(import.meta.dirname, '..', '..', 'scripts', 'cli', 'liftoff.mjs');

function liftoff(...args: string[]): { code: number | null; stdout: string; stderr: string } {
    const run = spawnSync(process.execPath, [LAUNCHER, ...args], {
        encoding: 'utf8',
        env: { ...process.env, SF_TARGET_ORG: '' }
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('liftoff --help through the bin launcher', () => {
    it('lists every command', () => {
        const result = liftoff('--help');

        assert.equal(result.code, 0, result.stderr);
        for (const command of ['setup', 'seed', 'metrics', 'backtest'])
            assert.match(result.stdout, new RegExp(`^  ${command} +\\S`, 'm'));
    });

    for (const command of ['setup', 'seed', 'metrics', 'backtest']) {
        it(`documents the options and examples of ${command}`, () => {
            const result = liftoff(command, '--help');

            assert.equal(result.code, 0, result.stderr);
            assert.match(result.stdout, new RegExp(`^Usage: npx liftoff ${command} \\[options\\]`, 'm'));
            assert.match(result.stdout, /--target-org <alias>/);
            assert.match(result.stdout, /--verbose/);
            assert.match(result.stdout, new RegExp(`^Examples:\\n  npx liftoff ${command}`, 'm'));
        });
    }

    it('exits 2 with a one-line usage error and no stack', () => {
        const result = liftoff('seed');

        assert.equal(result.code, 2);
        assert.equal(
            result.stderr,
            'error: seed needs an org. Fix: npx liftoff seed --target-org <alias> (log in first: sf org login web --alias <alias>)\n'
        );
    });
});
