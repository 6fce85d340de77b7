import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { ImportRefusedError } from '../../scripts/workbench/import-report.ts';
import type { ImportReport } from '../../scripts/workbench/import-report.ts';
import { importFolder } from '../../scripts/workbench/load.ts';
import { SAMPLE_DIR, freshDb, pinnedClock, publicData, skipMessage } from './helpers.ts';

const clock = pinnedClock('2026-11-30');

function fileCounts(dir: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json') && !name.endsWith('-plan.json'))) {
        for (const record of (
            JSON.parse(readFileSync(join(dir, file), 'utf8')) as { records: { attributes: { type: string } }[] }
        ).records) {
            counts[record.attributes.type] = (counts[record.attributes.type] ?? 0) + 1;
        }
    }
    return counts;
}

function tempTree(files: Record<string, unknown>): string {
    const dir = mkdtempSync(join(tmpdir(), 'liftoff-tree-'));
    for (const [name, content] of Object.entries(files))
        writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
    return dir;
}

const GOOD_ACCOUNTS = { records: [{ attributes: { type: 'Account', referenceId: 'AccountRef1' }, Name: 'Kept Corp' }] };

describe('import of sObject tree exports', () => {
    it('loads the sample set completely: every row of every file is written', () => {
        const db = freshDb();
        const report = importFolder(db, SAMPLE_DIR, clock, { allowRejects: false });
        assert.equal(report.rejected.length, 0);
        assert.deepEqual(report.written, fileCounts(SAMPLE_DIR));
        for (const [object, count] of Object.entries(fileCounts(SAMPLE_DIR)))
            assert.equal(db.count(object), count, object);
        assert.equal(db.count('HealthSnapshot__c'), db.count('OnboardingPlan__c'));
    });

    it('writes nothing when one row of a file is bad, and says which row and why', () => {
        const db = freshDb();
        importFolder(db, tempTree({ 'Accounts.json': GOOD_ACCOUNTS }), clock, { allowRejects: false });
        const bad = tempTree({
            'Accounts.json': {
                records: [{ attributes: { type: 'Account', referenceId: 'AccountRef1' }, Name: 'New Corp' }]
            },
            'Contacts.json': {
                records: [
                    {
                        attributes: { type: 'Contact', referenceId: 'ContactRef1' },
                        LastName: 'Fine',
                        AccountId: '@AccountRef1'
                    },
                    {
                        attributes: { type: 'Contact', referenceId: 'ContactRef2' },
                        LastName: 'Orphan',
                        AccountId: '@AccountRef99'
                    }
                ]
            }
        });
        assert.throws(
            () => importFolder(db, bad, clock, { allowRejects: false }),
            (error: unknown) => {
                assert.ok(error instanceof ImportRefusedError);
                assert.deepEqual(error.report.rejected, [
                    {
                        object: 'Contact',
                        file: 'Contacts.json',
                        row: 'ContactRef2',
                        reason: 'AccountId points at @AccountRef99, which is not in the import'
                    }
                ]);
                return true;
            }
        );
        assert.deepEqual(db.all('SELECT Name FROM Account'), [{ Name: 'Kept Corp' }]);
        assert.equal(db.count('Contact'), 0);
    });

    it('writes nothing when a file is not valid JSON', () => {
        const db = freshDb();
        importFolder(db, tempTree({ 'Accounts.json': GOOD_ACCOUNTS }), clock, { allowRejects: false });
        const broken = tempTree({ 'Accounts.json': GOOD_ACCOUNTS, 'Contacts.json': '{ "records": [ { "attributes": ' });
        assert.throws(() => importFolder(db, broken, clock, { allowRejects: false }), /Contacts\.json: not valid JSON/);
        assert.equal(db.count('Account'), 1);
    });

    it('with --allow-rejects loads the good rows and accounts for every row read (F10)', () => {
        const db = freshDb();
        const dir = tempTree({
            'Accounts.json': GOOD_ACCOUNTS,
            'Contacts.json': {
                records: [
                    {
                        attributes: { type: 'Contact', referenceId: 'ContactRef1' },
                        LastName: 'Fine',
                        AccountId: '@AccountRef1'
                    },
                    {
                        attributes: { type: 'Contact', referenceId: 'ContactRef2' },
                        LastName: 'x'.repeat(81),
                        AccountId: '@AccountRef1'
                    }
                ]
            }
        });
        const report = importFolder(db, dir, clock, { allowRejects: true });
        assert.equal(report.read.Contact, 2);
        assert.equal(report.written.Contact, 1);
        assert.equal(report.rejected.length, 1);
        assert.match(report.rejected[0].reason, /LastName: .* is 81 characters long; the field holds at most 80/);
        assert.equal(db.count('Contact'), 1);
    });

    it('flattens children nested under their parent, as a tree export without --plan writes them', () => {
        const db = freshDb();
        const dir = tempTree({
            'Account-Contact.json': {
                records: [
                    {
                        attributes: { type: 'Account', referenceId: 'AccountRef1' },
                        Name: 'Nested Corp',
                        Contacts: {
                            records: [
                                { attributes: { type: 'Contact', referenceId: 'ContactRef1' }, LastName: 'Child' }
                            ]
                        }
                    }
                ]
            }
        });
        const report = importFolder(db, dir, clock, { allowRejects: false });
        assert.deepEqual(report.written, { Account: 1, Contact: 1 });
        const account = db.one('SELECT Id FROM Account');
        assert.equal(db.one('SELECT AccountId FROM Contact')?.AccountId, account?.Id);
    });

    it('decides "won" by the stage won flag and rejects stages it cannot map, with the reason (F12)', (t) => {
        const dir = publicData('apex-recipes');
        if (!dir) return t.skip(skipMessage('apex-recipes'));
        const db = freshDb();
        let refused: ImportReport | null = null;
        try {
            importFolder(db, dir, pinnedClock('2021-03-01'), { allowRejects: false });
        } catch (error) {
            assert.ok(error instanceof ImportRefusedError);
            refused = error.report;
        }
        assert.ok(refused, 'the import is refused by default');
        const opportunities = (
            JSON.parse(readFileSync(join(dir, 'Opportunities.json'), 'utf8')) as { records: { StageName: string }[] }
        ).records;
        const unknownStages = opportunities.filter(
            (o) => o.StageName === 'Closed/Won' || o.StageName === 'Assigned dynamically'
        ).length;
        assert.equal(refused.rejected.length, unknownStages);
        for (const row of refused.rejected)
            assert.match(row.reason, /stage "(Closed\/Won|Assigned dynamically)" is not a standard stage/);
        assert.equal(db.count('Account'), 0, 'nothing written');

        const report = importFolder(
            db,
            dir,
            pinnedClock('2021-03-01'),
            { allowRejects: true, stageMap: { 'Closed/Won': 'Closed Won' } },
            { playbooksFrom: SAMPLE_DIR }
        );
        assert.equal(report.written.Account, 50);
        assert.equal(report.written.Contact, 150);
        assert.equal((report.written.Opportunity ?? 0) + report.rejected.length, opportunities.length);
        const won = opportunities.filter((o) => o.StageName === 'Closed/Won' || o.StageName === 'Closed Won').length;
        assert.equal(db.count('OnboardingPlan__c'), won, 'one plan per won opportunity');
        assert.equal(Number(db.one(`SELECT COUNT(*) AS n FROM Opportunity WHERE IsWon = 1`)?.n), won);
    });
});

describe('import of the RavenStack CSV layout', () => {
    it('writes every account, a plan per account with a paid subscription, and a snapshot per account and usage month', (t) => {
        const dir = publicData('ravenstack');
        if (!dir) return t.skip(skipMessage('ravenstack'));
        const csv = (file: string): Record<string, string>[] =>
            parse(readFileSync(join(dir, file), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
                string,
                string
            >[];
        const accounts = csv('ravenstack_accounts.csv');
        const subscriptions = csv('ravenstack_subscriptions.csv');
        const usage = csv('ravenstack_feature_usage.csv');
        const paidAccounts = new Set(
            subscriptions
                .filter((s) => s.is_trial.toUpperCase() !== 'TRUE' && Number(s.arr_amount) > 0)
                .map((s) => s.account_id)
        );
        const accountOfSub = new Map(subscriptions.map((s) => [s.subscription_id, s.account_id]));
        const months = new Set(
            usage
                .filter((u) => paidAccounts.has(accountOfSub.get(u.subscription_id) ?? ''))
                .map((u) => `${accountOfSub.get(u.subscription_id)}|${u.usage_date.slice(0, 7)}`)
        );

        const db = freshDb();
        const report = importFolder(db, dir, pinnedClock('2025-01-01'), { allowRejects: false });
        assert.equal(report.read['ravenstack_accounts.csv'], accounts.length);
        assert.equal(report.read['ravenstack_feature_usage.csv'], usage.length);
        assert.equal(db.count('Account'), accounts.length);
        assert.equal(
            db.count('OnboardingPlan__c') +
                report.rejected.filter((r) => r.object === 'OnboardingPlan__c' || r.file === 'ravenstack_accounts.csv')
                    .length,
            accounts.length
        );
        assert.equal(
            db.count('OnboardingPlan__c'),
            [...paidAccounts].filter((id) => accounts.some((a) => a.account_id === id)).length
        );
        assert.equal(db.count('AdoptionSnapshot__c'), months.size);
        const paid = subscriptions.filter((s) => s.is_trial.toUpperCase() !== 'TRUE' && Number(s.arr_amount) > 0);
        const contracts = new Map<string, string>();
        for (const s of paid) {
            const known = contracts.get(s.account_id);
            if (known === undefined || s.start_date < known) contracts.set(s.account_id, s.start_date);
        }
        const changes =
            paid.filter(
                (s) =>
                    accounts.some((a) => a.account_id === s.account_id) &&
                    s.start_date > String(contracts.get(s.account_id))
            ).length +
            paid.filter((s) => accounts.some((a) => a.account_id === s.account_id) && s.end_date !== '').length;
        assert.equal(db.count('Opportunity'), changes, 'one won Opportunity per ARR change');
        assert.equal(Number(db.one('SELECT COUNT(*) AS n FROM Opportunity WHERE IsWon = 1')?.n), changes);
        assert.equal(
            db.count('Task'),
            csv('ravenstack_support_tickets.csv').length +
                Number(db.one(`SELECT COUNT(*) AS n FROM Task WHERE Subject NOT LIKE 'Support ticket%'`)?.n)
        );
    });
});
