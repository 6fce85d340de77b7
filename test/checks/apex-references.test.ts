import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, runCheck } from './helpers.ts';

const BAD_CLASS = 'test/fixtures/checks/apex-references/bad/classes/WidgetReport.cls';
const BAD_QUERIES = 'test/fixtures/checks/apex-references/bad/classes/WidgetQueries.cls';
const BAD_COMPONENT = 'test/fixtures/checks/apex-references/bad/lwc/widgetBadge/widgetBadge.ts';
const BAD_TRIGGER = 'test/fixtures/checks/apex-references/bad/triggers/WidgetTrigger.trigger';

test('apex-references fails on every unknown name with its file and line', () => {
    const run = runCheck('apex-references.ts', [fixture('apex-references', 'bad')]);

    assert.notEqual(run.status, 0, run.output);
    const expected = [
        `${BAD_QUERIES}:12: unknown field Widget__c.Colour__c`,
        `${BAD_QUERIES}:25: dynamic SOQL does not parse: unexpected '=' after the query (at character 42 of the query) in "SELECT Id FROM Widget__cWHERE Account__c = :accountId"`,
        `${BAD_CLASS}:12: unknown field Widget__c.Colour__c`,
        `${BAD_CLASS}:12: unknown child relationship Widget__c.Pieces__r`,
        `${BAD_CLASS}:14: unknown field Account.Industy`,
        `${BAD_CLASS}:17: unknown field Widget__c.Weight__c`,
        `${BAD_CLASS}:18: unknown field Widget__c.Height__c`,
        `${BAD_CLASS}:20: unknown field Account.Revenue__c`,
        `${BAD_CLASS}:22: unknown class or variable WidgetHelper`,
        `${BAD_CLASS}:23: unknown custom label WidgetTooBig`,
        `${BAD_CLASS}:24: unknown object Gadget__c`,
        `${BAD_COMPONENT}:2: Apex method WidgetReport.count must be static and @AuraEnabled to be imported by a component`,
        `${BAD_COMPONENT}:3: unknown field Widget__c.Colour__c`,
        `${BAD_TRIGGER}:3: unknown field WidgetSettings__c.Disabld__c`,
        `${BAD_TRIGGER}:7: unknown variable sise`
    ];
    const reported = run.output.split('\n').filter((line) => line.startsWith('test/'));
    assert.deepEqual(reported, expected);
});

test('apex-references passes when locals, inherited members, enums, inner classes, casts, triggers, SOQL, SOSL and imports all resolve', () => {
    const run = runCheck('apex-references.ts', [fixture('apex-references', 'good')]);

    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /every name in 4 Apex file\(s\)/);
});

test('apex-references reports a file that does not parse instead of checking a partial tree', () => {
    const run = runCheck('apex-references.ts', [fixture('format', 'bad')]);

    assert.notEqual(run.status, 0, run.output);
    assert.match(
        run.output,
        /test\/fixtures\/checks\/format\/bad\/BrokenSyntax\.cls:9: syntax error: mismatched input '\{'/
    );
    assert.match(run.output, /apex-references: 1 problem\(s\)/);
});
