/**
 * Fields against the naming contract (docs/naming.md): every field named there exists, every picklist holds
 * exactly the API values listed there, and every field carries a description and inline help text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataModel, PROJECT_ROOT, type FieldInfo, type ObjectInfo } from '../../scripts/docs/data-model.ts';

const model = loadDataModel();
const naming = readFileSync(join(PROJECT_ROOT, 'docs', 'naming.md'), 'utf8');
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

function object(name: string): ObjectInfo {
    const found = model.objects.find((o) => o.name === name);
    assert.ok(found, `object ${name} is missing from force-app/main/default/objects`);
    return found;
}

function field(objectName: string, fieldName: string): FieldInfo {
    const found = object(objectName).fields.find((f) => f.name === fieldName);
    assert.ok(found, `${objectName}.${fieldName} is missing`);
    return found;
}

/** Backticked tokens of a text, e.g. `Draft` in "`Draft`, `Active`". */
function backticked(textValue: string): string[] {
    return [...textValue.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
}

/** The text of naming.md between a heading that names the objects and the next heading. */
function section(headingPattern: RegExp): string {
    const lines = naming.split('\n');
    const start = lines.findIndex((line) => line.startsWith('#') && headingPattern.test(line));
    assert.ok(start >= 0, `docs/naming.md has no heading matching ${String(headingPattern)}`);
    const end = lines.findIndex((line, index) => index > start && line.startsWith('#'));
    return lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
}

interface NamedRow {
    fields: string[];
    type: string;
    notes: string;
}

/** Rows of the field tables in a naming.md section: field names, type column and notes column. */
function tableRows(sectionText: string): NamedRow[] {
    return sectionText
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .map((line) => {
            const [names = '', type = '', notes = ''] = line.split('|').slice(1, 4);
            return { fields: backticked(names), type: type.trim(), notes };
        });
}

const TABLE_SECTIONS: [string, RegExp][] = [
    ['OnboardingPlan__c', /^### `OnboardingPlan__c`/],
    ['OnboardingMilestone__c', /^### `OnboardingMilestone__c`/],
    ['OnboardingStakeholder__c', /^### `OnboardingStakeholder__c`/],
    ['OnboardingAlert__c', /^### `OnboardingAlert__c`/]
];

const ruleNames = tableRows(section(/^## Escalation rules/)).map((row) => row.fields[0] ?? '');

/** Field names of a prose section: every `Xxx__c` token it mentions. */
function proseFields(sectionText: string): string[] {
    const names = [...new Set(backticked(sectionText).filter((token) => /^[A-Za-z]+__c$/.test(token)))];
    assert.ok(names.length >= 5, 'a naming.md paragraph could not be read');
    return names;
}

describe('fields named in docs/naming.md', () => {
    for (const [objectName, heading] of TABLE_SECTIONS) {
        it(`${objectName} has every field of its naming.md table`, () => {
            const rows = tableRows(section(heading));
            assert.ok(rows.length > 5, `the naming.md table of ${objectName} could not be read`);
            for (const row of rows) for (const name of row.fields) field(objectName, name);
        });
    }

    it('AdoptionSnapshot__c and HealthSnapshot__c have every field named in their paragraphs', () => {
        for (const name of proseFields(section(/^### `AdoptionSnapshot__c`/))) {
            field('AdoptionSnapshot__c', name);
        }
        for (const name of proseFields(section(/^### `HealthSnapshot__c`/))) {
            field('HealthSnapshot__c', name);
        }
    });

    it('Playbook__c and PlaybookStep__c have every field named in their paragraphs', () => {
        const [playbookText = '', stepText = ''] = section(/^### `Playbook__c` and `PlaybookStep__c`/).split(
            '`PlaybookStep__c`: '
        );
        const fieldTokens = (textValue: string): string[] => backticked(textValue).filter((t) => t.endsWith('__c'));
        const playbookFields = fieldTokens(playbookText).filter((t) => t !== 'Playbook__c' && t !== 'PlaybookStep__c');
        const stepFields = fieldTokens(stepText);
        assert.ok(playbookFields.length >= 7 && stepFields.length >= 8, 'the playbook paragraphs could not be read');
        for (const name of playbookFields) field('Playbook__c', name);
        for (const name of stepFields) field('PlaybookStep__c', name);
    });

    it('custom metadata types and the custom setting have every field in naming.md', () => {
        const owners: string[] = [];
        for (const item of section(/^### Custom metadata and settings/)
            .split('\n- ')
            .slice(1)) {
            const [owner = '', ...names] = backticked(item).filter((t) => /^[A-Za-z]+__(c|mdt)$/.test(t));
            if (names.length > 0) owners.push(owner);
            for (const name of names) field(owner, name);
        }
        assert.deepEqual(owners, [
            'HealthModel__mdt',
            'EscalationRule__mdt',
            'TriggerAction__mdt',
            'LiftoffSettings__c'
        ]);
    });
});

describe('picklist values match docs/naming.md exactly', () => {
    for (const [objectName, heading] of TABLE_SECTIONS) {
        it(`${objectName} picklists hold exactly the API values of naming.md`, () => {
            const rows = tableRows(section(heading)).filter((row) => row.type.startsWith('picklist'));
            assert.ok(rows.length > 0, `no picklist rows read for ${objectName}`);
            for (const row of rows) {
                const name = row.fields[0] ?? '';
                const expected =
                    name === 'Rule__c' ? ruleNames : backticked(row.notes).filter((t) => IDENTIFIER.test(t));
                const actual = field(objectName, name).picklistValues.map((v) => v.value);
                assert.deepEqual(actual, expected, `${objectName}.${name} values differ from docs/naming.md`);
            }
        });
    }

    it('fields described "as plan" or by shared name reuse the same value set', () => {
        const values = (o: string, f: string): string[] => field(o, f).picklistValues.map((v) => v.value);
        const pairs: [string, string, string, string][] = [
            ['HealthSnapshot__c', 'Band__c', 'OnboardingPlan__c', 'HealthBand__c'],
            ['Playbook__c', 'Segment__c', 'OnboardingPlan__c', 'Segment__c'],
            ['HealthModel__mdt', 'Segment__c', 'OnboardingPlan__c', 'Segment__c'],
            ['PlaybookStep__c', 'Phase__c', 'OnboardingMilestone__c', 'Phase__c'],
            ['PlaybookStep__c', 'OwnerSide__c', 'OnboardingMilestone__c', 'OwnerSide__c'],
            ['PlaybookStep__c', 'ValueMarker__c', 'OnboardingMilestone__c', 'ValueMarker__c'],
            ['EscalationRule__mdt', 'Rule__c', 'OnboardingAlert__c', 'Rule__c'],
            ['EscalationRule__mdt', 'Severity__c', 'OnboardingAlert__c', 'Severity__c']
        ];
        for (const [o1, f1, o2, f2] of pairs) {
            assert.deepEqual(values(o1, f1), values(o2, f2), `${o1}.${f1} should hold the values of ${o2}.${f2}`);
        }
    });

    it('Playbook__c.TrainingFormat__c and TriggerAction__mdt.Event__c hold the values named in prose', () => {
        const playbookText = section(/^### `Playbook__c` and `PlaybookStep__c`/);
        const training = /`TrainingFormat__c`\s*\(([^)]*)\)/.exec(playbookText)?.[1] ?? '';
        const trainingValues = field('Playbook__c', 'TrainingFormat__c').picklistValues.map((v) => v.value);
        assert.deepEqual(trainingValues, backticked(training));
        const events = /`Event__c` \(([^)]*)\)/.exec(section(/^### Custom metadata and settings/))?.[1] ?? '';
        const eventValues = field('TriggerAction__mdt', 'Event__c').picklistValues.map((v) => v.value);
        assert.deepEqual(eventValues, backticked(events));
    });

    it('every picklist is restricted and labels are readable words, not API names', () => {
        for (const o of model.objects) {
            for (const f of o.fields.filter((x) => x.type === 'Picklist')) {
                assert.ok(f.restricted, `${o.name}.${f.name} must be a restricted picklist`);
                for (const v of f.picklistValues) {
                    const multiWord = /[a-z][A-Z]/.test(v.value);
                    assert.ok(!multiWord || v.label !== v.value, `${o.name}.${f.name} value ${v.value} needs a label`);
                }
            }
        }
    });
});

describe('field documentation', () => {
    it('every field of every object, metadata type and setting has a description and inline help text', () => {
        const missing: string[] = [];
        for (const o of model.objects) {
            for (const f of o.fields) {
                if (f.description.trim() === '') missing.push(`${o.name}.${f.name}: description`);
                if (f.inlineHelpText.trim() === '') missing.push(`${o.name}.${f.name}: inline help text`);
            }
        }
        assert.deepEqual(missing, []);
    });

    it('every object has a description and at least one field', () => {
        for (const o of model.objects) {
            assert.notEqual(o.description.trim(), '', `${o.name} has no description`);
            assert.ok(o.fields.length > 0, `${o.name} has no fields`);
        }
    });

    it('history tracking stays within the platform limit of 20 fields per object', () => {
        for (const o of model.objects) {
            const tracked = o.fields.filter((f) => f.trackHistory).length;
            assert.ok(tracked <= 20, `${o.name} tracks ${tracked} fields`);
            if (tracked > 0) assert.ok(o.enableHistory, `${o.name} tracks fields without enableHistory`);
        }
    });
});

describe('relationships and keys', () => {
    const lookups: [string, string, string, string, string][] = [
        ['OnboardingPlan__c', 'Account__c', 'MasterDetail', 'Account', 'OnboardingPlans'],
        ['OnboardingMilestone__c', 'OnboardingPlan__c', 'MasterDetail', 'OnboardingPlan__c', 'OnboardingMilestones'],
        [
            'OnboardingStakeholder__c',
            'OnboardingPlan__c',
            'MasterDetail',
            'OnboardingPlan__c',
            'OnboardingStakeholders'
        ],
        ['HealthSnapshot__c', 'OnboardingPlan__c', 'MasterDetail', 'OnboardingPlan__c', 'HealthSnapshots'],
        ['OnboardingAlert__c', 'OnboardingPlan__c', 'MasterDetail', 'OnboardingPlan__c', 'OnboardingAlerts'],
        ['AdoptionSnapshot__c', 'Account__c', 'MasterDetail', 'Account', 'AdoptionSnapshots'],
        ['PlaybookStep__c', 'Playbook__c', 'MasterDetail', 'Playbook__c', 'PlaybookSteps'],
        ['OnboardingStakeholder__c', 'ReportsTo__c', 'Lookup', 'OnboardingStakeholder__c', 'DirectReports']
    ];
    for (const [o, f, type, parent, relationshipName] of lookups) {
        it(`${o}.${f} is ${type} to ${parent} as ${relationshipName}__r`, () => {
            const info = field(o, f);
            assert.equal(info.type, type);
            assert.equal(info.referenceTo, parent);
            assert.equal(info.relationshipName, relationshipName);
        });
    }

    it('detail objects are controlled by their parent', () => {
        for (const o of model.objects.filter((x) => x.fields.some((f) => f.type === 'MasterDetail'))) {
            assert.equal(o.sharingModel, 'ControlledByParent', o.name);
        }
    });

    it('external ids and unique keys are unique and case-sensitive where naming.md says so', () => {
        const keys: [string, string][] = [
            ['OnboardingPlan__c', 'ExternalId__c'],
            ['OnboardingMilestone__c', 'ExternalId__c'],
            ['OnboardingStakeholder__c', 'ExternalId__c'],
            ['OnboardingStakeholder__c', 'UniqueKey__c'],
            ['AdoptionSnapshot__c', 'ExternalId__c'],
            ['HealthSnapshot__c', 'UniqueKey__c'],
            ['OnboardingAlert__c', 'DedupeKey__c'],
            ['Playbook__c', 'DeveloperName__c'],
            ['PlaybookStep__c', 'ExternalId__c']
        ];
        for (const [o, f] of keys) {
            assert.ok(field(o, f).unique, `${o}.${f} must be unique`);
            assert.ok(field(o, f).caseSensitive, `${o}.${f} must be case-sensitive (15-character ids differ by case)`);
        }
    });

    it('formula fields exist only where the platform computes them exactly', () => {
        const formulas = model.objects.flatMap((o) =>
            o.fields.filter((f) => f.formula !== '').map((f) => `${o.name}.${f.name}`)
        );
        assert.deepEqual(formulas.sort(), [
            'OnboardingMilestone__c.DaysLate__c',
            'OnboardingPlan__c.DaysSinceKickoff__c',
            'OnboardingPlan__c.IsMyPlan__c'
        ]);
    });
});
