import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, literal, runCheck } from './helpers.ts';

test('xml fails on a mismatched closing tag and names the file and line', () => {
    const run = runCheck('xml-wellformed.ts', [fixture('xml', 'bad')]);

    assert.notEqual(run.status, 0, run.output);
    const file = literal('test/fixtures/checks/xml/bad/objects/Widget__c/Widget__c.object-meta.xml');
    assert.match(run.output, new RegExp(`${file}:8: Expected closing tag 'nameField'`));
});

test('xml passes on well-formed metadata', () => {
    const run = runCheck('xml-wellformed.ts', [fixture('xml', 'good')]);

    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /xml: 1 XML file\(s\) are well formed\./);
});
