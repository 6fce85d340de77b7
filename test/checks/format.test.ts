import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, literal, runCheck } from './helpers.ts';

test('format fails on an Apex syntax error and names the file and line', () => {
    const run = runCheck('format.ts', [fixture('format', 'bad')]);

    assert.notEqual(run.status, 0, run.output);
    assert.match(
        run.output,
        new RegExp(`${literal('test/fixtures/checks/format/bad/BrokenSyntax.cls')}:9: does not parse: Missing '\\)'`)
    );
});

test('format passes on formatted Apex and TypeScript', () => {
    const run = runCheck('format.ts', [fixture('format', 'good')]);

    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /format: 2 file\(s\) parse and are formatted\./);
});

test('format fails on a file that parses but is not formatted, at its first line Prettier changes', () => {
    const run = runCheck('format.ts', [fixture('format', 'bad')]);

    assert.notEqual(run.status, 0, run.output);
    assert.match(run.output, /test\/fixtures\/checks\/format\/bad\/unformatted\.ts:5: not formatted by Prettier/);
    assert.match(run.output, /format: 2 of 2 file\(s\) failed\./);
});
