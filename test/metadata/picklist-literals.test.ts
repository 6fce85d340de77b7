/**
 * Every picklist value that code compares as a string literal exists in the field's value set. Logic compares
 * stored API values (field case F21), so a typo or a renamed value silently turns a branch off; this test finds
 * the literals in Apex (force-app/**\/*.cls), component and engine TypeScript (force-app/**\/lwc/**\/*.ts) and
 * Node tools (scripts/**\/*.ts), and checks them against the metadata.
 *
 * What counts as a comparison (pragmatic, not a parser):
 * - `x.Status__c == 'Active'`, `plan.status !== 'Draft'`, and the same with the literal first;
 * - Apex and SOQL assignments and filters: `Status__c = 'Active'`, `Status__c IN ('Active', 'OnHold')`;
 * - lists tested against a field: `new Set<String>{ 'A', 'B' }.contains(x.Status__c)`,
 *   `['A', 'B'].includes(x.status)`;
 * - `switch on x.Status__c { when 'A', 'B' ... }` in Apex and `switch (x.status) { case 'A': ... }` in TypeScript;
 * - constants named after a field: `STATUS_ON_HOLD = 'OnHold'`, `DEFAULT_VALUE_MARKER = 'None'`;
 * - the string unions of the engine types (`type PlanStatus = 'Draft' | ...`), which must equal the value set.
 * A name is a picklist field either by API name (`Status__c`) or by the camelCase property the DTOs use
 * (`status`, `healthBand`); a literal passes when any picklist field of that name holds it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataModel, PROJECT_ROOT } from '../../scripts/docs/data-model.ts';

interface Finding {
    file: string;
    line: number;
    name: string;
    value: string;
}

const model = loadDataModel();

/** Property names too generic to be read as a picklist field in TypeScript (DOM events and the like). */
const GENERIC_NAMES = new Set(['event', 'type', 'name', 'role']);

/** Picklist values by field API name and by camelCase property name. */
function buildValueSets(): Map<string, Set<string>> {
    const sets = new Map<string, Set<string>>();
    const add = (key: string, values: string[]): void => {
        const set = sets.get(key) ?? new Set<string>();
        for (const value of values) set.add(value);
        sets.set(key, set);
    };
    for (const o of model.objects) {
        for (const f of o.fields.filter((x) => x.type === 'Picklist')) {
            const values = f.picklistValues.map((v) => v.value);
            add(f.name, values);
            const camel = f.name.charAt(0).toLowerCase() + f.name.slice(1).replace(/__c$/, '');
            if (!GENERIC_NAMES.has(camel)) add(camel, values);
        }
    }
    return sets;
}

const VALUE_SETS = buildValueSets();
const QUOTED = /'([^'\\]*)'/g;
const quotedValues = (textValue: string): string[] => [...textValue.matchAll(QUOTED)].map((m) => m[1] ?? '');

function lineOf(source: string, index: number): number {
    return source.slice(0, index).split('\n').length;
}

/** The text of a `{ ... }` block starting at `open` (the index of its opening brace). */
function block(source: string, open: number): string {
    let depth = 0;
    for (let i = open; i < source.length; i++) {
        if (source[i] === '{') depth++;
        if (source[i] === '}' && --depth === 0) return source.slice(open, i + 1);
    }
    return source.slice(open);
}

/** Blanks out comments so ApexDoc and TSDoc examples are not read as code; keeps line numbers. */
function withoutComments(source: string): string {
    return source
        .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
        .replace(/(^|[^:'])\/\/[^\n]*/g, (comment, lead: string) => lead + ' '.repeat(comment.length - lead.length));
}

type Hit = { index: number; name: string; values: string[] };

function comparisonHits(source: string, isApex: boolean): Hit[] {
    const hits: Hit[] = [];
    const operator = isApex ? '(?:==|!=)' : '(?:===|!==|==|!=)';
    const patterns: [RegExp, number, number][] = [
        [new RegExp(`\\b([A-Za-z_]\\w*)\\s*${operator}\\s*'([^'\\\\]*)'`, 'g'), 1, 2],
        [new RegExp(`'([^'\\\\]*)'\\s*${operator}\\s*[\\w.?]*?\\b([A-Za-z_]\\w*)\\b`, 'g'), 2, 1]
    ];
    if (isApex) patterns.push([/\b(\w+__c)\s*=\s*'([^'\\]*)'/g, 1, 2]);
    for (const [pattern, nameGroup, valueGroup] of patterns) {
        for (const m of source.matchAll(pattern)) {
            hits.push({ index: m.index, name: m[nameGroup] ?? '', values: [m[valueGroup] ?? ''] });
        }
    }
    return hits;
}

function listHits(source: string, isApex: boolean): Hit[] {
    const patterns = isApex
        ? [/\{([^{}]*)\}\s*\.contains\(\s*[\w.?]*?\b(\w+)\s*\)/g, /\b(\w+__c)\s+(?:NOT\s+)?IN\s*\(([^)]*)\)/gi]
        : [/\[([^\]]*)\]\s*\.includes\(\s*[\w.?]*?\b(\w+)\s*\)/g];
    const hits: Hit[] = [];
    for (const pattern of patterns) {
        for (const m of source.matchAll(pattern)) {
            const inFirst = pattern.source.startsWith('\\b');
            const name = (inFirst ? m[1] : m[2]) ?? '';
            hits.push({ index: m.index, name, values: quotedValues((inFirst ? m[2] : m[1]) ?? '') });
        }
    }
    return hits;
}

function switchHits(source: string, isApex: boolean): Hit[] {
    const head = isApex ? /switch\s+on\s+[\w.?()]*?\b(\w+__c)\s*\{/g : /switch\s*\(\s*[\w.?]*?\b(\w+)\s*\)\s*\{/g;
    const label = isApex ? /\bwhen\s+((?:'[^'\\]*'\s*,?\s*)+)/g : /\bcase\s+'([^'\\]*)'\s*:/g;
    const hits: Hit[] = [];
    for (const m of source.matchAll(head)) {
        const body = block(source, m.index + m[0].length - 1);
        for (const w of body.matchAll(label)) {
            const index = m.index + m[0].length - 1 + w.index;
            hits.push({ index, name: m[1] ?? '', values: quotedValues(isApex ? (w[1] ?? '') : `'${w[1] ?? ''}'`) });
        }
    }
    return hits;
}

/**
 * Constants named after a field, such as `STATUS_ON_HOLD = 'OnHold'` or `DEFAULT_VALUE_MARKER = 'None'`: the longest
 * run of words in the constant name that spells a picklist property (`status`, `valueMarker`) names the field.
 */
function constantHits(source: string): Hit[] {
    const hits: Hit[] = [];
    for (const m of source.matchAll(
        /\b(?:final\s+String|const)\s+([A-Z][A-Z0-9_]*)\s*(?::\s*\w+\s*)?=\s*'([^'\\]*)'/g
    )) {
        const words = (m[1] ?? '').toLowerCase().split('_').filter(Boolean);
        let best = '';
        for (let from = 0; from < words.length; from++) {
            for (let to = from + 1; to <= words.length; to++) {
                const run = words.slice(from, to);
                const camel = run.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
                if (VALUE_SETS.has(camel) && camel.length > best.length) best = camel;
            }
        }
        if (best !== '') hits.push({ index: m.index, name: best, values: [m[2] ?? ''] });
    }
    return hits;
}

/**
 * Finds picklist literals in one source file that are not in the value set of the field they are compared with.
 *
 * @param path absolute path of an Apex (.cls) or TypeScript (.ts) file
 * @returns the unknown values, with file (relative to the project) and line
 */
export function scanFile(path: string): Finding[] {
    const isApex = path.endsWith('.cls');
    const source = withoutComments(readFileSync(path, 'utf8'));
    const hits = [
        ...comparisonHits(source, isApex),
        ...listHits(source, isApex),
        ...switchHits(source, isApex),
        ...constantHits(source)
    ];
    const findings: Finding[] = [];
    for (const hit of hits) {
        const allowed = VALUE_SETS.get(hit.name);
        if (!allowed) continue;
        for (const value of hit.values) {
            if (value !== '' && !allowed.has(value)) {
                findings.push({
                    file: relative(PROJECT_ROOT, path),
                    line: lineOf(source, hit.index),
                    name: hit.name,
                    value
                });
            }
        }
    }
    return findings.sort((a, b) => a.line - b.line || a.value.localeCompare(b.value));
}

function sourceFiles(dir: string, accept: (path: string) => boolean): string[] {
    const found: string[] = [];
    const walk = (current: string): void => {
        for (const entry of readdirSync(current)) {
            if (entry === 'node_modules' || entry === '__tests__' || entry.startsWith('.')) continue;
            const full = join(current, entry);
            if (statSync(full).isDirectory()) walk(full);
            else if (accept(full)) found.push(full);
        }
    };
    walk(dir);
    return found.sort();
}

const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'metadata', 'picklist-literals');

describe('picklist literals in code', () => {
    it('finds the planted wrong values in the fixtures and nothing else', () => {
        const findings = [...scanFile(join(FIXTURES, 'PlanRules.cls')), ...scanFile(join(FIXTURES, 'planRules.ts'))];
        assert.deepEqual(
            findings.map((f) => `${f.name}=${f.value}@${f.line}`),
            [
                'status=Closed@8',
                'Status__c=Actve@15',
                'Status__c=Paused@23',
                'healthBand=Amber@12',
                'segment=Enterprise@16'
            ]
        );
    });

    it('Apex compares only picklist values that exist', () => {
        const files = sourceFiles(join(PROJECT_ROOT, 'force-app'), (p) => p.endsWith('.cls'));
        assert.ok(files.length > 0, 'no Apex classes found under force-app');
        assert.deepEqual(files.flatMap(scanFile), []);
    });

    it('components, the engine and Node tools compare only picklist values that exist', () => {
        const lwc = sourceFiles(join(PROJECT_ROOT, 'force-app'), (p) => p.endsWith('.ts') && p.includes('/lwc/'));
        const scripts = sourceFiles(join(PROJECT_ROOT, 'scripts'), (p) => p.endsWith('.ts'));
        assert.ok(lwc.length > 0, 'no component TypeScript found under force-app');
        assert.deepEqual([...lwc, ...scripts].flatMap(scanFile), []);
    });

    it('the string unions of the engine types equal the picklist value sets', () => {
        const typesFile = join(PROJECT_ROOT, 'force-app', 'main', 'default', 'lwc', 'onboardingEngine', 'types.ts');
        const source = readFileSync(typesFile, 'utf8');
        const unionToField: Record<string, string> = {
            Segment: 'OnboardingPlan__c.Segment__c',
            PlanStatus: 'OnboardingPlan__c.Status__c',
            OwnerSide: 'OnboardingMilestone__c.OwnerSide__c',
            MilestoneStatus: 'OnboardingMilestone__c.Status__c',
            ScheduleStatus: 'OnboardingMilestone__c.ScheduleStatus__c',
            ValueMarker: 'OnboardingMilestone__c.ValueMarker__c',
            SlipCause: 'OnboardingMilestone__c.SlipCause__c',
            BuyingRole: 'OnboardingStakeholder__c.BuyingRole__c',
            OnboardingRole: 'OnboardingStakeholder__c.OnboardingRole__c',
            HealthBand: 'OnboardingPlan__c.HealthBand__c',
            HealthTrend: 'OnboardingPlan__c.HealthTrend__c',
            Severity: 'OnboardingAlert__c.Severity__c',
            AlertStatus: 'OnboardingAlert__c.Status__c',
            RuleName: 'OnboardingAlert__c.Rule__c'
        };
        for (const [typeName, fieldPath] of Object.entries(unionToField)) {
            const declaration = new RegExp(`export type ${typeName} =([^;]*);`).exec(source);
            assert.ok(declaration, `types.ts no longer declares ${typeName}`);
            const [objectName, fieldName] = fieldPath.split('.');
            const f = model.objects.find((o) => o.name === objectName)?.fields.find((x) => x.name === fieldName);
            assert.ok(f, `${fieldPath} is missing`);
            assert.deepEqual(
                quotedValues(declaration[1] ?? '').sort(),
                f.picklistValues.map((v) => v.value).sort(),
                `${typeName} in types.ts differs from ${fieldPath}`
            );
        }
    });
});
