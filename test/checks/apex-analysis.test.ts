import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, literal, runCheck } from './helpers.ts';

test('apex-analysis fails on a query inside a loop and a class without a sharing declaration', () => {
    const run = runCheck('apex-analysis.ts', [fixture('apex-analysis', 'bad'), '--no-sfge']);

    assert.notEqual(run.status, 0, run.output);
    const file = literal('test/fixtures/checks/apex-analysis/bad/classes/PlanLoopQuery.cls');
    assert.match(run.output, new RegExp(`${file}:4: .*\\[pmd:ApexSharingViolations, severity 2\\]`));
    assert.match(run.output, new RegExp(`${file}:13: .*\\[pmd:OperationWithLimitsInLoop, severity 2\\]`));
    assert.match(run.output, /2 violation\(s\) of severity 1-2/);
});

test('apex-analysis passes on a bulk query in user mode with sharing declared', () => {
    const run = runCheck('apex-analysis.ts', [fixture('apex-analysis', 'good'), '--no-sfge']);

    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /apex-analysis: no violation of severity 1-2\./);
    assert.match(run.output, /\(pmd [\d.]+: 0; regex [\d.]+: \d+\)/);
});

test('apex-analysis adds the data-flow rules and fails on an entry point that skips FLS', () => {
    const run = runCheck('apex-analysis.ts', [fixture('apex-analysis', 'sfge-bad')]);

    assert.notEqual(run.status, 0, run.output);
    const file = literal('test/fixtures/checks/apex-analysis/sfge-bad/classes/AccountRenamer.cls');
    assert.match(
        run.output,
        new RegExp(
            `${file}:13: FLS validation is missing for \\[UPDATE\\] operation on \\[Account\\].*\\[sfge:ApexFlsViolation, severity 2\\]`
        )
    );
});
