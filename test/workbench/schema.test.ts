import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FieldError, WorkbenchDb } from '../../scripts/workbench/db.ts';
import { parseFieldXml, readObjects, readPackageMetadata } from '../../scripts/workbench/metadata.ts';
import { columnType } from '../../scripts/workbench/schema.ts';
import { SOURCE_DIR, freshDb, metadata } from './helpers.ts';

describe('schema generated from the object metadata', () => {
    it('gives every field file of every custom object a column with the same API name and a fitting type', () => {
        const db = freshDb();
        const objectsDir = join(SOURCE_DIR, 'objects');
        let checked = 0;
        for (const object of readdirSync(objectsDir).filter((name) => !name.endsWith('__mdt'))) {
            const columns = new Map(
                (db.sql.prepare(`PRAGMA table_info("${object}")`).all() as { name: string; type: string }[]).map(
                    (c) => [c.name, c.type]
                )
            );
            assert.ok(columns.size > 0, `${object} has a table`);
            const fieldsDir = join(objectsDir, object, 'fields');
            for (const file of readdirSync(fieldsDir)) {
                const field = parseFieldXml(join(fieldsDir, file));
                const expected = ['Number', 'Currency', 'Percent', 'Summary'].includes(field.type)
                    ? 'REAL'
                    : field.type === 'Checkbox'
                      ? 'INTEGER'
                      : 'TEXT';
                assert.equal(columns.get(field.apiName), expected, `${object}.${field.apiName} (${field.type})`);
                checked += 1;
            }
        }
        assert.ok(checked > 100, `checked ${checked} fields`);
    });

    it('picks up a field added to the metadata with no code change', () => {
        const copy = mkdtempSync(join(tmpdir(), 'liftoff-objects-'));
        cpSync(join(SOURCE_DIR, 'objects'), copy, { recursive: true });
        writeFileSync(
            join(copy, 'OnboardingPlan__c', 'fields', 'RenewalRisk__c.field-meta.xml'),
            `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata"><fullName>RenewalRisk__c</fullName><label>Renewal Risk</label><type>Picklist</type>
<valueSet><restricted>true</restricted><valueSetDefinition><value><fullName>Low</fullName><default>false</default><label>Low</label></value><value><fullName>High</fullName><default>false</default><label>High</label></value></valueSetDefinition></valueSet></CustomField>`
        );
        const objects = readObjects(copy);
        const db = new WorkbenchDb(':memory:', { ...metadata(), objects });
        db.recreate();
        const accountId = db.insert('Account', { Name: 'Added field test' });
        const planId = db.insert('OnboardingPlan__c', { Name: 'Plan', Account__c: accountId, RenewalRisk__c: 'High' });
        assert.equal(db.get('OnboardingPlan__c', planId)?.RenewalRisk__c, 'High');
        assert.throws(
            () => db.insert('OnboardingPlan__c', { Name: 'Plan', Account__c: accountId, RenewalRisk__c: 'Medium' }),
            /allowed: Low, High/
        );
    });

    it('keeps one alert per dedupe key, case-sensitively, as the external id does in an org', () => {
        const db = freshDb();
        const accountId = db.insert('Account', { Name: 'Dedupe' });
        const planId = db.insert('OnboardingPlan__c', { Name: 'Plan', Account__c: accountId });
        const key = `${planId}:TwoMissedMilestones:plan`;
        db.insert('OnboardingAlert__c', {
            OnboardingPlan__c: planId,
            Rule__c: 'TwoMissedMilestones',
            DedupeKey__c: key
        });
        assert.throws(
            () =>
                db.insert('OnboardingAlert__c', {
                    OnboardingPlan__c: planId,
                    Rule__c: 'TwoMissedMilestones',
                    DedupeKey__c: key
                }),
            (error: unknown) => error instanceof FieldError && error.field === 'DedupeKey__c'
        );
        db.insert('OnboardingAlert__c', {
            OnboardingPlan__c: planId,
            Rule__c: 'TwoMissedMilestones',
            DedupeKey__c: key.toUpperCase()
        });
        assert.equal(db.count('OnboardingAlert__c'), 2);
    });

    it('cascades a plan delete to its milestones like master-detail', () => {
        const db = freshDb();
        const accountId = db.insert('Account', { Name: 'Cascade' });
        const planId = db.insert('OnboardingPlan__c', { Name: 'Plan', Account__c: accountId });
        db.insert('OnboardingMilestone__c', { Name: 'Kickoff', OnboardingPlan__c: planId, Sequence__c: 10 });
        db.delete('OnboardingPlan__c', planId);
        assert.equal(db.count('OnboardingMilestone__c'), 0);
    });

    it('refuses values that do not fit their field with a message naming the field', () => {
        const db = freshDb();
        const accountId = db.insert('Account', { Name: 'Values' });
        assert.throws(
            () => db.insert('OnboardingPlan__c', { Name: 'P', Account__c: accountId, KickoffDate__c: '2024-02-30' }),
            /KickoffDate__c: "2024-02-30" is not a date/
        );
        assert.throws(
            () => db.insert('OnboardingPlan__c', { Name: 'P', Account__c: accountId, ARR__c: 'lots' }),
            /ARR__c: "lots" is not a number/
        );
        assert.throws(() => db.insert('OnboardingPlan__c', { Name: 'P' }), /Account__c: a value is required/);
        assert.throws(
            () => db.insert('OnboardingPlan__c', { Name: 'P', Account__c: accountId, Bogus__c: 1 }),
            /no such field/
        );
    });

    it('stores a date given as a datetime as its UTC calendar date and keeps a date-only value unshifted (F18)', () => {
        const db = freshDb();
        const accountId = db.insert('Account', { Name: 'Dates' });
        const id = db.insert('Opportunity', {
            Name: 'O',
            AccountId: accountId,
            StageName: 'Qualification',
            CloseDate: '2021-01-19T00:30:44Z'
        });
        assert.equal(db.get('Opportunity', id)?.CloseDate, '2021-01-19');
        const plan = db.insert('OnboardingPlan__c', { Name: 'P', Account__c: accountId, KickoffDate__c: '2024-03-12' });
        assert.equal(db.get('OnboardingPlan__c', plan)?.KickoffDate__c, '2024-03-12');
    });

    it('names the file when a field definition is not well-formed XML', () => {
        const dir = mkdtempSync(join(tmpdir(), 'liftoff-badxml-'));
        const file = join(dir, 'Broken__c.field-meta.xml');
        writeFileSync(file, '<CustomField><fullName>Broken__c</fullName><type>Text</type>');
        assert.throws(() => parseFieldXml(file), /Broken__c\.field-meta\.xml/);
    });

    it('maps field types to SQLite affinities', () => {
        const field = readPackageMetadata(SOURCE_DIR)
            .objects.get('OnboardingMilestone__c')
            ?.fields.find((f) => f.apiName === 'CustomerVisible__c');
        assert.ok(field);
        assert.equal(columnType(field), 'INTEGER');
    });
});
