import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, runCheck } from './helpers.ts';

test('convert fails on a folder with no metadata and names the folder', () => {
    const empty = mkdtempSync(join(tmpdir(), 'liftoff-convert-empty-'));
    try {
        const run = runCheck('convert-source.ts', [empty]);

        assert.notEqual(run.status, 0, run.output);
        assert.match(run.output, /:1: the converted package\.xml lists no members/);
    } finally {
        rmSync(empty, { recursive: true, force: true });
    }
});

test('convert writes a package.xml and counts members per type', () => {
    const run = runCheck('convert-source.ts', [fixture('apex-references', 'good')]);

    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /^\s+3\s+ApexClass$/m);
    assert.match(run.output, /^\s+1\s+ApexTrigger$/m);
    assert.match(run.output, /^\s+5\s+CustomField$/m);
    assert.match(run.output, /^\s+4\s+CustomObject$/m);
    assert.match(run.output, /^\s+1\s+LightningComponentBundle$/m);
    assert.match(run.output, /converts to 16 member\(s\) of 7 type\(s\)\./);
});
