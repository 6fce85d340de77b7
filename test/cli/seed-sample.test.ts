import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeOrg } from './fakeOrg.ts';
import { runAgainst } from './harness.ts';

const SAMPLE = join(import.meta.dirname, '..', '..', 'data', 'sample');
const OBJECTS = [
    'Account',
    'Contact',
    'Opportunity',
    'Playbook__c',
    'PlaybookStep__c',
    'OnboardingPlan__c',
    'OnboardingMilestone__c',
    'OnboardingStakeholder__c',
    'AdoptionSnapshot__c'
];

describe('liftoff seed with the project sample set (data/sample)', () => {
    let org: FakeOrg;
    before(async () => {
        org = await new FakeOrg().start();
        org.objects = new Set(OBJECTS);
    });
    after(async () => {
        await org.stop();
    });

    it('loads every row of the sample, then a rerun creates nothing', async (t) => {
        if (!existsSync(join(SAMPLE, 'sample-plan.json'))) {
            t.skip('skipped: data/sample/sample-plan.json not found (run the sample generator first)');
            return;
        }
        const expected = OBJECTS.map((sobject) => {
            const file = readFileSync(join(SAMPLE, `${sobject}s.json`), 'utf8');
            return (JSON.parse(file) as { records: unknown[] }).records.length;
        });
        const argv = ['seed', '--target-org', 'fake', '--data', SAMPLE, '--concurrency', '2'];

        const first = await runAgainst(org, argv);
        const second = await runAgainst(org, argv, { root: first.root });

        assert.equal(first.code, 0, first.err.slice(0, 5).join('\n'));
        assert.deepEqual(
            OBJECTS.map((sobject) => org.records(sobject).length),
            expected
        );
        const total = expected.reduce((a, b) => a + b, 0);
        assert.equal(second.code, 0, second.err.slice(0, 5).join('\n'));
        assert.equal(
            second.out.at(-1)?.split(' (report')[0],
            `seed: ${total} rows: created 0, updated ${total}, failed 0`
        );
        assert.deepEqual(
            OBJECTS.map((sobject) => org.records(sobject).length),
            expected
        );
    });

    it('computes metrics over the loaded sample with every row mapped', async (t) => {
        if (org.records('OnboardingPlan__c').length === 0) {
            t.skip('skipped: the sample was not loaded by the test before');
            return;
        }
        // The platform derives IsWon from the stage's won flag; the fake org sets it the same way for the sample's stages.
        for (const opportunity of org.records('Opportunity'))
            opportunity.IsWon = opportunity.StageName === 'Closed Won';
        org.objects.add('Organization');

        const result = await runAgainst(org, [
            'metrics',
            '--target-org',
            'fake',
            '--format',
            'json',
            '--as-of',
            '2026-12-01'
        ]);

        assert.equal(result.code, 0, result.err.join('\n'));
        const json = JSON.parse(result.out.join('\n')) as {
            unmapped: unknown[];
            total: { planCount: number };
            rowsRead: Record<string, number>;
        };
        assert.deepEqual(json.unmapped, []);
        assert.equal(json.total.planCount, org.records('OnboardingPlan__c').length);
        assert.equal(json.rowsRead.OnboardingMilestone__c, org.records('OnboardingMilestone__c').length);
    });
});
