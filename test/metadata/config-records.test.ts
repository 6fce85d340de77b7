/**
 * Shipped custom metadata records: the health models and escalation rules carry exactly the defaults of
 * docs/engine.md section 7 (the TypeScript engine's `defaultModels()` and `defaultRules()`), one escalation rule
 * record exists per rule of docs/naming.md, and every trigger action record names a real class, object and event.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
    children,
    filesEndingWith,
    loadDataModel,
    METADATA_DIR,
    PROJECT_ROOT,
    readXml,
    text,
    type XmlNode,
    type XmlValue
} from '../../scripts/docs/data-model.ts';

const model = loadDataModel();
const recordsDir = join(METADATA_DIR, 'customMetadata');

/** The field values of a custom metadata record, as strings (`''` for nil). */
function recordValues(path: string): Map<string, string> {
    const values = new Map<string, string>();
    for (const entry of children(readXml(path), 'values')) {
        const [raw] = ([] as XmlValue[]).concat(entry['value'] ?? '');
        const isNode = typeof raw === 'object' && !Array.isArray(raw);
        const value = typeof raw === 'string' ? raw : isNode ? text(raw, '#text') : '';
        values.set(text(entry, 'field'), value);
    }
    return values;
}

function records(type: string): { name: string; values: Map<string, string>; node: XmlNode }[] {
    return filesEndingWith(recordsDir, '.md-meta.xml')
        .filter((path) => basename(path).startsWith(`${type}.`))
        .map((path) => ({
            name: basename(path, '.md-meta.xml').slice(type.length + 1),
            values: recordValues(path),
            node: readXml(path)
        }));
}

/** Rows of the first Markdown table whose header row starts with the given headers, as cell lists. */
function markdownTable(markdown: string, headers: string[]): string[][] {
    const lines = markdown.split('\n').map((line) => line.trim());
    const header = new RegExp(`^\\|${headers.map((h) => `\\s*${h}[^|]*\\|`).join('')}`);
    const start = lines.findIndex((line) => header.test(line));
    assert.ok(start >= 0, `no table starting with the headers ${headers.join(', ')}`);
    const rows: string[][] = [];
    for (const line of lines.slice(start + 2)) {
        if (!line.startsWith('|')) break;
        rows.push(
            line
                .split('|')
                .slice(1, -1)
                .map((cellText) => cellText.trim().replace(/`/g, ''))
        );
    }
    return rows;
}

const engineSpec = readFileSync(join(PROJECT_ROOT, 'docs', 'engine.md'), 'utf8');
const naming = readFileSync(join(PROJECT_ROOT, 'docs', 'naming.md'), 'utf8');

describe('health models', () => {
    const shipped = records('HealthModel');
    const spec = markdownTable(engineSpec, ['model', 'version']);

    it('one record per segment, named after it', () => {
        assert.deepEqual(shipped.map((r) => r.name).sort(), ['Guided', 'HighTouch', 'TechTouch']);
        for (const record of shipped) assert.equal(record.values.get('Segment__c'), record.name);
    });

    it('carry exactly the defaults of docs/engine.md section 7', () => {
        assert.equal(spec.length, 3, 'the model table of docs/engine.md could not be read');
        const columns = [
            'Version__c',
            'MilestoneWeight__c',
            'ScheduleWeight__c',
            'AdoptionWeight__c',
            'EngagementWeight__c',
            'GreenMin__c',
            'YellowMin__c',
            'CoverageMinimum__c',
            'AdoptionTarget__c'
        ];
        for (const [segment = '', ...cells] of spec) {
            const record = shipped.find((r) => r.name === segment);
            assert.ok(record, `no HealthModel record for ${segment}`);
            columns.forEach((fieldName, index) => {
                const actual = record.values.get(fieldName) ?? '';
                const expected = cells[index] ?? '';
                const same = fieldName === 'Version__c' ? actual === expected : Number(actual) === Number(expected);
                assert.ok(same, `HealthModel.${segment} ${fieldName} is ${actual}, docs/engine.md says ${expected}`);
            });
        }
    });

    it('weights sum to 100, bands are ordered, fractions lie in 0..1, trend defaults as section 3.6 states', () => {
        for (const { name, values } of shipped) {
            const n = (f: string): number => Number(values.get(f));
            const weights = ['MilestoneWeight__c', 'ScheduleWeight__c', 'AdoptionWeight__c', 'EngagementWeight__c'];
            assert.equal(
                weights.map(n).reduce((a, b) => a + b, 0),
                100,
                `${name} weights`
            );
            assert.ok(n('GreenMin__c') > n('YellowMin__c') && n('YellowMin__c') > 0, `${name} bands`);
            assert.ok(n('CoverageMinimum__c') >= 0 && n('CoverageMinimum__c') <= 1, `${name} coverage`);
            assert.ok(n('AdoptionTarget__c') > 0 && n('AdoptionTarget__c') <= 1, `${name} adoption target`);
            assert.equal(n('TrendWindowDays__c'), 14, `${name} trend window`);
            assert.equal(n('TrendThreshold__c'), 5, `${name} trend threshold`);
            assert.equal(values.get('IsActive__c'), 'true', `${name} must be active`);
        }
    });

    it('the adoption-led segment leans on adoption', () => {
        const weight = (segment: string): number =>
            Number(shipped.find((r) => r.name === segment)?.values.get('AdoptionWeight__c'));
        assert.ok(weight('TechTouch') > weight('Guided') && weight('TechTouch') > weight('HighTouch'));
    });
});

describe('escalation rules', () => {
    const shipped = records('EscalationRule');
    const namingRules = markdownTable(naming, ['rule', 'fires when']).map(([rule = '']) => rule);
    const spec = markdownTable(engineSpec, ['rule', 'threshold']);

    it('one record per rule of docs/naming.md, named after it', () => {
        assert.equal(namingRules.length, 10, 'the rule table of docs/naming.md could not be read');
        assert.deepEqual(shipped.map((r) => r.name).sort(), [...namingRules].sort());
        for (const record of shipped) assert.equal(record.values.get('Rule__c'), record.name);
    });

    it('carry exactly the threshold, window, severity and task defaults of docs/engine.md section 7', () => {
        assert.equal(spec.length, 10, 'the rule table of docs/engine.md could not be read');
        for (const [rule = '', threshold = '', windowDays = '', severity = '', createTask = ''] of spec) {
            const values = shipped.find((r) => r.name === rule)?.values;
            assert.ok(values, `no EscalationRule record for ${rule}`);
            assert.equal(Number(values.get('Threshold__c')), Number(threshold), `${rule} threshold`);
            assert.equal(Number(values.get('WindowDays__c')), Number(windowDays), `${rule} window`);
            assert.equal(values.get('Severity__c'), severity, `${rule} severity`);
            assert.equal(values.get('CreateTask__c'), createTask, `${rule} create task`);
            assert.equal(values.get('IsActive__c'), 'true', `${rule} must be active`);
        }
    });

    it('every rule recommends a next action that fits the alert field', () => {
        for (const { name, values } of shipped) {
            const action = values.get('RecommendedAction__c') ?? '';
            assert.ok(action.length > 20 && action.length <= 255, `${name} recommended action`);
        }
    });
});

describe('trigger action records', () => {
    const shipped = records('TriggerAction');
    const events = model.objects
        .find((o) => o.name === 'TriggerAction__mdt')
        ?.fields.find((f) => f.name === 'Event__c')
        ?.picklistValues.map((v) => v.value);
    const classes = new Set(
        readdirRecursive(join(METADATA_DIR, 'classes'))
            .filter((p) => p.endsWith('.cls'))
            .map((p) => basename(p, '.cls'))
    );
    const customObjects = new Set(model.objects.map((o) => o.name));

    it('name a real Apex class, a known object and an event of the picklist', (t) => {
        if (shipped.length === 0) {
            t.skip('skipped: no TriggerAction records yet (the Apex engineer writes them)');
            return;
        }
        for (const { name, values } of shipped) {
            const objectName = values.get('SObject__c') ?? '';
            assert.ok(
                classes.has(values.get('ApexClass__c') ?? ''),
                `${name}: class ${values.get('ApexClass__c')} missing`
            );
            assert.ok(
                events?.includes(values.get('Event__c') ?? ''),
                `${name}: unknown event ${values.get('Event__c')}`
            );
            assert.ok(
                customObjects.has(objectName) || /^[A-Z][A-Za-z]+$/.test(objectName),
                `${name}: ${objectName} is neither a Liftoff object nor a standard object name`
            );
            assert.ok(!Number.isNaN(Number(values.get('Order__c'))), `${name}: order is not a number`);
        }
    });
});

function readdirRecursive(dir: string): string[] {
    return filesEndingWith(dir, '').flatMap((path) => {
        try {
            return readdirRecursive(path);
        } catch {
            return [path];
        }
    });
}
