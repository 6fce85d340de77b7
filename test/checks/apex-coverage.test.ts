import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, runCheck } from './helpers.ts';

const SOURCE = ['--source', fixture('apex-coverage', 'classes')];

test('apex-coverage fails on a failing test and coverage under 90 %, naming the class file', () => {
    const run = runCheck('apex-coverage.ts', [fixture('apex-coverage', 'low-coverage.json'), ...SOURCE]);

    assert.notEqual(run.status, 0, run.output);
    assert.match(run.output, /PlanContactCounterTest:20: PlanContactCounterTest\.countsNothingForNoAccounts Fail: /);
    assert.match(run.output, /org-wide Apex coverage 72% is under the required 90%/);
    assert.match(
        run.output,
        /test\/fixtures\/checks\/apex-coverage\/classes\/PlanContactCounter\.cls:1: 72% covered \(7 of 25 lines not run\)/
    );
});

test('apex-coverage passes when every test passed and coverage reaches the minimum', () => {
    const run = runCheck('apex-coverage.ts', [fixture('apex-coverage', 'full-coverage.json'), ...SOURCE]);

    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /org-wide coverage 96%; minimum 90% met\./);
});

test('apex-coverage honours a stricter minimum', () => {
    const run = runCheck('apex-coverage.ts', [
        fixture('apex-coverage', 'full-coverage.json'),
        '--min',
        '97',
        ...SOURCE
    ]);

    assert.notEqual(run.status, 0, run.output);
    assert.match(run.output, /org-wide Apex coverage 96% is under the required 97%/);
});
