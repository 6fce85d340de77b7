import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { log } from 'lightning/logger';
import {
    daysBetween,
    formatDate,
    formatCount,
    formatDateTime,
    formatLabel,
    isInvalidField,
    formatNumber,
    formatPercent,
    picklistLabel,
    reduceErrors,
    reportError,
    reportFormValidity,
    roleLabel,
    stripNamespace,
    todayIso
} from 'c/liftoffUtils';

const LWC_DIR = join(__dirname, '..', '..');
const LABELS_FILE = join(LWC_DIR, '..', 'labels', 'CustomLabels.labels-meta.xml');
const OWN_COMPONENTS = [
    'discoveryHandoff',
    'mutualPlan',
    'stakeholderMap',
    'onboardingHealth',
    'businessReview',
    'portfolioHealth',
    'liftoffUtils'
];

describe('c/liftoffUtils', () => {
    afterEach(() => {
        jest.clearAllMocks();
    });

    describe('formatDate', () => {
        it('shows a date-only value on its own calendar day for a user west of UTC (F18)', () => {
            // A naive Date in America/Los_Angeles lands on the day before
            const naive = new Date('2024-03-12').toLocaleDateString('en-GB', { timeZone: 'America/Los_Angeles' });

            // The helper keeps the stored day
            const shown = formatDate('2024-03-12', 'en-GB');

            expect(naive).toBe('11/03/2024');
            expect(shown).toBe('12 Mar 2024');
        });

        it('returns an empty string for a blank date and the raw text for a malformed one', () => {
            expect(formatDate(null, 'en-US')).toBe('');
            expect(formatDate(undefined, 'en-US')).toBe('');
            expect(formatDate('12/03/2024', 'en-US')).toBe('12/03/2024');
        });
    });

    describe('formatDateTime', () => {
        it('shows a moment in the Salesforce time zone of the user, not the browser', () => {
            const value = '2024-03-12T06:30:00Z';

            expect(formatDateTime(value, 'en-GB', 'America/Los_Angeles')).toContain('11 Mar 2024');
            expect(formatDateTime(value, 'en-GB', 'Australia/Sydney')).toContain('12 Mar 2024');
        });

        it('returns an empty string for blank input and the raw text when unparseable', () => {
            expect(formatDateTime(null, 'en-US', 'UTC')).toBe('');
            expect(formatDateTime('not a date', 'en-US', 'UTC')).toBe('not a date');
        });
    });

    it('computes today in a stated time zone around midnight UTC', () => {
        const justAfterMidnightUtc = new Date('2024-03-12T00:30:00Z');

        expect(todayIso('UTC', justAfterMidnightUtc)).toBe('2024-03-12');
        expect(todayIso('America/Los_Angeles', justAfterMidnightUtc)).toBe('2024-03-11');
        expect(todayIso('Australia/Brisbane', justAfterMidnightUtc)).toBe('2024-03-12');
        expect(todayIso('UTC')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('counts whole days between two dates in either direction', () => {
        expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
        expect(daysBetween('2024-03-01', '2024-02-28')).toBe(-2);
    });

    describe('reduceErrors', () => {
        it('reads Apex, UI API, Error and string shapes and drops duplicates and blanks', () => {
            const errors = [
                { body: { message: 'Apex said no' } },
                { body: [{ message: 'first' }, { message: 'first' }] },
                { body: { pageErrors: [{ message: 'page' }], fieldErrors: { Name: [{ message: 'field' }] } } },
                { body: { output: { errors: [{ message: 'output' }], fieldErrors: { X: [{ message: 'deep' }] } } } },
                new Error('plain error'),
                'text error',
                '   ',
                42,
                null
            ];

            expect(reduceErrors(errors)).toEqual([
                'Apex said no',
                'first',
                'page',
                'field',
                'output',
                'deep',
                'plain error',
                'text error',
                '42'
            ]);
        });

        it('returns nothing for an object without messages', () => {
            expect(reduceErrors({})).toEqual([]);
            expect(reduceErrors(undefined)).toEqual([]);
        });
    });

    it('reports an error through lightning/logger and falls back to the given message', () => {
        const shown = reportError('c-test', 'load', { body: { message: 'Boom' } }, 'fallback');
        const fallback = reportError('c-test', 'save', {}, 'Something failed');

        expect(shown).toBe('Boom');
        expect(fallback).toBe('Something failed');
        expect(log).toHaveBeenCalledWith({ component: 'c-test', action: 'load', message: 'Boom' });
        expect(log).toHaveBeenCalledTimes(2);
    });

    it('fills numbered placeholders in a label and leaves unknown ones', () => {
        expect(formatLabel('{1} of {0} ({2})', 10, 'Page 2')).toBe('Page 2 of 10 ({2})');
    });

    it('strips a namespace prefix from custom API names only (F30)', () => {
        expect(stripNamespace('liftoff__TargetDate__c')).toBe('TargetDate__c');
        expect(stripNamespace('TargetDate__c')).toBe('TargetDate__c');
        expect(stripNamespace('Name')).toBe('Name');
    });

    it('labels committee roles by committee and shows nothing for None', () => {
        expect(roleLabel('EndUser', 'buying')).toBe('c.BuyingRoleEndUser');
        expect(roleLabel('EndUser', 'onboarding')).toBe('c.OnboardingRoleEndUser');
        expect(roleLabel('ExecutiveSponsor')).toBe('c.OnboardingRoleExecutiveSponsor');
        expect(roleLabel('Champion', 'onboarding')).toBe('c.BuyingRoleChampion');
        expect(roleLabel('SomethingNew')).toBe('SomethingNew');
        expect(roleLabel('None')).toBe('');
        expect(roleLabel(null)).toBe('');
    });

    it('finds the label of a stored picklist value and falls back to the value', () => {
        const options = [{ value: 'GoLive', label: 'Mise en service' }];

        expect(picklistLabel(options, 'GoLive')).toBe('Mise en service');
        expect(picklistLabel(options, 'Setup')).toBe('Setup');
        expect(picklistLabel(undefined, 'Setup')).toBe('Setup');
        expect(picklistLabel(options, null)).toBe('');
    });

    it('formats shares and numbers in the locale and blanks missing values', () => {
        expect(formatPercent(0.456, 'en-US')).toBe('46%');
        expect(formatPercent(null, 'en-US')).toBe('');
        expect(formatNumber(1234.567, 'en-US')).toBe('1,234.57');
        expect(formatNumber(undefined, 'en-US')).toBe('');
        expect(formatNumber(Number.NaN, 'en-US')).toBe('');
    });

    it('has a custom label for every label the Liftoff components import', () => {
        // Collect every label import of the components
        const imported = new Set<string>();
        for (const name of OWN_COMPONENTS) {
            const dir = join(LWC_DIR, name);
            if (!existsSync(dir)) {
                continue;
            }
            for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
                const source = readFileSync(join(dir, file), 'utf8');
                for (const match of source.matchAll(/@salesforce\/label\/c\.(\w+)/g)) {
                    imported.add(match[1]);
                }
            }
        }

        // Every one of them is defined in CustomLabels
        const xml = readFileSync(LABELS_FILE, 'utf8');
        const defined = new Set([...xml.matchAll(/<fullName>(\w+)<\/fullName>/g)].map((m) => m[1]));
        const missing = [...imported].filter((name) => !defined.has(name)).sort();
        expect(imported.size).toBeGreaterThan(0);
        expect(missing).toEqual([]);
    });
});

describe('form validity', () => {
    function field(valid: boolean | undefined): HTMLElement {
        const element = document.createElement('div');
        element.className = 'field';
        if (valid !== undefined) {
            Object.assign(element, { reportValidity: jest.fn(() => valid), checkValidity: jest.fn(() => valid) });
        }
        return element;
    }

    it('asks every field to show its error and is false when any one is not valid', () => {
        const root = document.createElement('div');
        const fields = [field(false), field(true), field(false)];
        root.append(...fields);

        expect(reportFormValidity(root, '.field')).toBe(false);
        for (const f of fields) {
            expect((f as unknown as { reportValidity: jest.Mock }).reportValidity).toHaveBeenCalledTimes(1);
        }
    });

    it('is true when every field is valid, a field cannot check itself, or there is no form', () => {
        const root = document.createElement('div');
        root.append(field(true), field(undefined));

        expect(reportFormValidity(root, '.field')).toBe(true);
        expect(reportFormValidity(null)).toBe(true);
    });

    it('tells a field holding a bad entry from a good one', () => {
        expect(isInvalidField(field(false))).toBe(true);
        expect(isInvalidField(field(true))).toBe(false);
        expect(isInvalidField(field(undefined))).toBe(false);
        expect(isInvalidField(null)).toBe(false);
    });
});

describe('formatCount', () => {
    it('uses the singular label for exactly one and the plural otherwise', () => {
        expect(formatCount(1, '{0} milestone saved.', '{0} milestones saved.')).toBe('1 milestone saved.');
        expect(formatCount(0, '{0} milestone saved.', '{0} milestones saved.')).toBe('0 milestones saved.');
        expect(formatCount(2, '{0} milestone saved.', '{0} milestones saved.')).toBe('2 milestones saved.');
    });
});
