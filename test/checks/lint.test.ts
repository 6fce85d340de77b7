import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, root, runCommand } from './helpers.ts';

interface LintResult {
    filePath: string;
    messages: { ruleId: string | null; line: number; severity: number }[];
}

/** Runs ESLint with the project's config from inside a fixture, so its force-app paths match the config's globs. */
function lint(variant: 'bad' | 'good'): { status: number | null; results: LintResult[]; output: string } {
    const eslint = join(root, 'node_modules', '.bin', 'eslint');
    const config = join(root, 'eslint.config.mjs');
    const run = runCommand(
        eslint,
        ['--config', config, '--max-warnings', '0', '--format', 'json', '.'],
        fixture('lint', variant)
    );
    return { status: run.status, results: JSON.parse(run.output) as LintResult[], output: run.output };
}

test('lint fails on console, innerHTML, a document query, manual DOM and any in a component, with file and line', () => {
    const run = lint('bad');

    assert.notEqual(run.status, 0, run.output);
    const findings = run.results.flatMap((result) =>
        result.messages.map((message) => `${result.filePath.slice(root.length + 1)}:${message.line} ${message.ruleId}`)
    );
    const file = 'test/fixtures/checks/lint/bad/force-app/main/default/lwc/planBanner/planBanner.ts';
    assert.deepEqual(findings, [
        `${file}:10 @typescript-eslint/no-explicit-any`,
        `${file}:13 no-console`,
        `${file}:15 @lwc/lwc/no-inner-html`,
        `${file}:16 @lwc/lwc/no-document-query`,
        `${file}:25 no-restricted-syntax`,
        `${file}:26 no-restricted-syntax`,
        `${file}:27 no-restricted-syntax`
    ]);
});

test('lint passes on a component that leaves the DOM to its template', () => {
    const run = lint('good');

    assert.equal(run.status, 0, run.output);
    assert.equal(run.results.length, 1, 'the fixture component was linted');
});
