import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { FakeOrg } from './fakeOrg.ts';
import { runAgainst } from './harness.ts';

const OBJECTS = [
    'Account',
    'Opportunity',
    'Organization',
    'OnboardingPlan__c',
    'OnboardingMilestone__c',
    'AdoptionSnapshot__c'
];

interface MetricsJson {
    asOfDate: string;
    rowsRead: Record<string, number>;
    unmapped: { sobject: string; id: string; reason: string }[];
    total: {
        planCount: number;
        onTimeMilestoneRate: number | null;
        nrr: number | null;
        arr: { startArr: number; expansionArr: number; endArr: number };
    };
    bySegment: { key: string; planCount: number }[];
}

function plan(org: FakeOrg, fields: Record<string, unknown>, prefix = ''): string {
    const accountId = org.insert('Account', { Name: `Account ${org.records('Account').length + 1}` });
    const base: Record<string, unknown> = {
        Account__c: accountId,
        Segment__c: 'Guided',
        Status__c: 'Active',
        ContractSignedDate__c: '2025-01-15',
        KickoffDate__c: '2025-01-20',
        ARR__c: 100000,
        HealthBand__c: 'Green',
        ...fields
    };
    return org.insert(
        `${prefix}OnboardingPlan__c`,
        Object.fromEntries(Object.entries(base).map(([k, v]) => [k.endsWith('__c') ? `${prefix}${k}` : k, v]))
    );
}

describe('liftoff metrics', () => {
    let org: FakeOrg;
    before(async () => {
        org = await new FakeOrg().start();
    });
    after(async () => {
        await org.stop();
    });
    beforeEach(() => {
        org.store.clear();
        org.requests.length = 0;
        org.objects = new Set(OBJECTS);
        org.pageSize = 2000;
        org.reportedTotal = (n) => n;
        org.intercept = () => undefined;
    });

    it('reads 12,345 milestones over seven pages, every one of them', async () => {
        const planId = plan(org, {});
        for (let i = 0; i < 12345; i += 1) {
            const late = i % 3 === 0;
            org.insert('OnboardingMilestone__c', {
                OnboardingPlan__c: planId,
                Sequence__c: i,
                OwnerSide__c: 'Vendor',
                Status__c: 'Completed',
                ValueMarker__c: 'None',
                TargetDate__c: '2025-03-01',
                CompletedDate__c: late ? '2025-03-05' : '2025-02-27'
            });
        }

        const result = await runAgainst(org, ['metrics', '-o', 'fake', '--format', 'json', '--as-of', '2026-06-30']);

        assert.equal(result.code, 0, result.err.join('\n'));
        const json = JSON.parse(result.out.join('\n')) as MetricsJson;
        assert.equal(json.rowsRead.OnboardingMilestone__c, 12345);
        assert.equal(json.total.onTimeMilestoneRate, Math.round((8230 / 12345) * 10000) / 10000);
        const pages = org.requests.filter((r) => /\/query\/01gFAKE\d+-\d+$/.test(r.path));
        assert.equal(pages.length, 6, 'six nextRecordsUrl pages after the first');
    });

    it('fails loudly and writes nothing when the rows delivered fall short of totalSize', async () => {
        const planId = plan(org, {});
        for (let i = 0; i < 30; i += 1) {
            org.insert('OnboardingMilestone__c', {
                OnboardingPlan__c: planId,
                Sequence__c: i,
                OwnerSide__c: 'Vendor',
                Status__c: 'NotStarted'
            });
        }
        org.pageSize = 10;
        org.reportedTotal = (n) => (n === 30 ? 12345 : n);

        const result = await runAgainst(org, [
            'metrics',
            '-o',
            'fake',
            '--format',
            'csv',
            '--out',
            'out/portfolio.csv',
            '--as-of',
            '2026-06-30'
        ]);

        assert.equal(result.code, 1);
        assert.equal(
            result.err.at(-1),
            'error: Query on OnboardingMilestone__c returned 30 rows but the API reported totalSize 12345; nothing was written. Fix: rerun the command; if it repeats, run it with --verbose and report the query it prints'
        );
        assert.equal(existsSync(join(result.root, 'out', 'portfolio.csv')), false);
        assert.equal(existsSync(join(result.root, 'out', 'portfolio.csv.partial')), false);
    });

    it('prints the query that came back short under --verbose', async () => {
        plan(org, {});
        org.reportedTotal = (n) => n + 1;

        const result = await runAgainst(org, ['metrics', '-o', 'fake', '--as-of', '2026-06-30', '--verbose']);

        assert.equal(result.code, 1);
        assert.ok(result.err.some((line) => line.startsWith('query: SELECT Id, Account__c, Segment__c')));
    });

    it('fails when a page says it is not done but gives no nextRecordsUrl', async () => {
        plan(org, {});
        org.intercept = (request) =>
            request.path.endsWith('/query') && (request.query.get('q') ?? '').includes('FROM OnboardingPlan__c')
                ? { status: 200, body: { totalSize: 5000, done: false, records: [] } }
                : undefined;

        const result = await runAgainst(org, ['metrics', '-o', 'fake', '--as-of', '2026-06-30']);

        assert.equal(result.code, 1);
        assert.match(
            result.err.at(-1) ?? '',
            /^error: Query on OnboardingPlan__c returned 0 rows but the API reported totalSize 5000/
        );
    });

    it('counts an expansion as won by IsWon, never by the stage label (F12)', async () => {
        const planId = plan(org, { ContractSignedDate__c: '2025-01-15', ARR__c: 100000 });
        const accountId = String(org.records('OnboardingPlan__c')[0].Account__c);
        assert.ok(planId);
        org.insert('Opportunity', {
            AccountId: accountId,
            Name: 'Label says won',
            StageName: 'Closed/Won',
            IsWon: false,
            Amount: 50000,
            CloseDate: '2025-06-01'
        });
        org.insert('Opportunity', {
            AccountId: accountId,
            Name: 'Custom won stage',
            StageName: 'Assigned dynamically',
            IsWon: true,
            Amount: 20000,
            CloseDate: '2025-07-01'
        });
        org.insert('Opportunity', {
            AccountId: accountId,
            Name: 'Lost',
            StageName: 'Closed Lost',
            IsWon: false,
            Amount: 90000,
            CloseDate: '2025-08-01'
        });

        const result = await runAgainst(org, ['metrics', '-o', 'fake', '--format', 'json', '--as-of', '2026-06-30']);

        assert.equal(result.code, 0, result.err.join('\n'));
        const json = JSON.parse(result.out.join('\n')) as MetricsJson;
        assert.equal(json.total.arr.expansionArr, 20000);
        assert.equal(json.total.nrr, 1.2);
    });

    it('lists rows the engine cannot take instead of guessing', async () => {
        plan(org, {});
        const odd = plan(org, { Segment__c: 'Enterprise' });

        const result = await runAgainst(org, ['metrics', '-o', 'fake', '--format', 'json', '--as-of', '2026-06-30']);

        assert.equal(result.code, 0, result.err.join('\n'));
        const json = JSON.parse(result.out.join('\n')) as MetricsJson;
        assert.equal(json.total.planCount, 1);
        assert.deepEqual(json.unmapped, [
            {
                sobject: 'OnboardingPlan__c',
                id: odd,
                reason: "Segment__c 'Enterprise' is not one of HighTouch, Guided, TechTouch"
            }
        ]);
        assert.ok(
            result.err.includes(
                `warning: left out OnboardingPlan__c ${odd}: Segment__c 'Enterprise' is not one of HighTouch, Guided, TechTouch`
            )
        );
    });

    it('writes CSV and Markdown reports to --out', async () => {
        plan(org, { Segment__c: 'HighTouch' });
        plan(org, { Segment__c: 'TechTouch', ContractSignedDate__c: '2025-05-02' });

        const csv = await runAgainst(org, [
            'metrics',
            '-o',
            'fake',
            '--format',
            'csv',
            '--out',
            'm.csv',
            '--as-of',
            '2026-06-30',
            '--grain',
            'month'
        ]);
        const md = await runAgainst(org, [
            'metrics',
            '-o',
            'fake',
            '--format',
            'md',
            '--out',
            'm.md',
            '--as-of',
            '2026-06-30'
        ]);

        assert.equal(csv.code, 0, csv.err.join('\n'));
        const lines = readFileSync(join(csv.root, 'm.csv'), 'utf8').trim().split('\n');
        assert.match(lines[0], /^dimension,key,label,planCount,green,yellow,red,notScored,/);
        assert.deepEqual(
            lines.slice(1).map((l) => l.split(',').slice(0, 2).join(',')),
            ['segment,HighTouch', 'segment,TechTouch', 'cohort,2025-01', 'cohort,2025-05', 'total,total']
        );
        const report = readFileSync(join(md.root, 'm.md'), 'utf8');
        assert.match(report, /^# Liftoff portfolio metrics: fake, as of 2026-06-30/);
        assert.match(report, /## By segment[\s\S]*\| High touch|## By segment[\s\S]*\| HighTouch/);
        assert.match(report, /None: every row was mapped\./);
    });

    it('takes the as-of date from the org time zone when none is given', async () => {
        org.insert('Organization', { TimeZoneSidKey: 'Pacific/Kiritimati' });
        plan(org, {});

        const result = await runAgainst(org, ['metrics', '-o', 'fake', '--format', 'json']);

        assert.equal(result.code, 0, result.err.join('\n'));
        const expected = new Intl.DateTimeFormat('en-CA', {
            timeZone: 'Pacific/Kiritimati',
            year: 'numeric',
            month: '2-digit',
            day: '2-digit'
        }).format(new Date());
        assert.equal((JSON.parse(result.out.join('\n')) as MetricsJson).asOfDate, expected);
    });

    it('reads a namespaced org (liftoff__ prefixes) with the same queries', async () => {
        org.objects = new Set([
            'Account',
            'Opportunity',
            'Organization',
            'liftoff__OnboardingPlan__c',
            'liftoff__OnboardingMilestone__c',
            'liftoff__AdoptionSnapshot__c'
        ]);
        const planId = plan(org, {}, 'liftoff__');
        org.insert('liftoff__OnboardingMilestone__c', {
            liftoff__OnboardingPlan__c: planId,
            liftoff__Sequence__c: 1,
            liftoff__OwnerSide__c: 'Vendor',
            liftoff__Status__c: 'Completed',
            liftoff__TargetDate__c: '2025-02-01',
            liftoff__CompletedDate__c: '2025-01-30'
        });

        const result = await runAgainst(org, ['metrics', '-o', 'fake', '--format', 'json', '--as-of', '2026-06-30']);

        assert.equal(result.code, 0, result.err.join('\n'));
        const queries = org.sent('/query', 'GET').map((r) => r.query.get('q') ?? '');
        assert.ok(
            queries.some((q) => q.includes('liftoff__Segment__c') && q.includes('FROM liftoff__OnboardingPlan__c'))
        );
        const json = JSON.parse(result.out.join('\n')) as MetricsJson;
        assert.equal(json.total.planCount, 1);
        assert.equal(json.total.onTimeMilestoneRate, 1);
    });
});
