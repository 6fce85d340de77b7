import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
    'OnboardingStakeholder__c',
    'AdoptionSnapshot__c',
    'HealthSnapshot__c',
    'HealthModel__mdt',
    'EscalationRule__mdt'
];

const GUIDED_IN_USE = {
    Segment__c: 'Guided',
    Version__c: 'Guided-1',
    MilestoneWeight__c: 30,
    ScheduleWeight__c: 20,
    AdoptionWeight__c: 30,
    EngagementWeight__c: 20,
    GreenMin__c: 75,
    YellowMin__c: 50,
    CoverageMinimum__c: 0.5,
    AdoptionTarget__c: 0.6,
    TrendWindowDays__c: 14,
    TrendThreshold__c: 5,
    IsActive__c: true
};

const CANDIDATE = {
    segment: 'Guided',
    version: 'Guided-2-strict',
    weights: { milestones: 30, schedule: 20, adoption: 30, engagement: 20 },
    greenMin: 100,
    yellowMin: 99,
    coverageMinimum: 0.5,
    adoptionTarget: 0.9
};

interface BacktestJson {
    rulesSource: string;
    inUse: { version: string }[];
    candidate: { version: string }[];
    result: {
        plans: number;
        snapshots: number;
        bandChanges: { snapshots: number; plans: number; transitions: Record<string, number> };
        leadDaysByRule: Record<string, { churnedPlans: number; firedBeforeChurn: number; leadDays: number[] }>;
    };
    leadDaysInUse: Record<string, { firedBeforeChurn: number; leadDays: number[] }>;
}

function seedHistory(org: FakeOrg): { churned: string; healthy: string } {
    const account = org.insert('Account', { Name: 'Churned Co' });
    const churned = org.insert('OnboardingPlan__c', {
        Account__c: account,
        Segment__c: 'Guided',
        Status__c: 'Churned',
        ContractSignedDate__c: '2025-01-25',
        KickoffDate__c: '2025-02-01',
        ChurnDate__c: '2025-09-01',
        ARR__c: 50000
    });
    for (const [sequence, target] of [
        [1, '2025-03-01'],
        [2, '2025-03-15']
    ] as const) {
        org.insert('OnboardingMilestone__c', {
            OnboardingPlan__c: churned,
            Sequence__c: sequence,
            OwnerSide__c: 'Vendor',
            Status__c: 'InProgress',
            ValueMarker__c: 'None',
            TargetDate__c: target
        });
    }
    org.insert('AdoptionSnapshot__c', {
        Account__c: account,
        OnboardingPlan__c: churned,
        AsOfDate__c: '2025-03-01',
        LicensedUsers__c: 100,
        ActiveUsers__c: 40,
        KeyActions__c: 10
    });
    const healthyAccount = org.insert('Account', { Name: 'Healthy Co' });
    const healthy = org.insert('OnboardingPlan__c', {
        Account__c: healthyAccount,
        Segment__c: 'Guided',
        Status__c: 'Active',
        ContractSignedDate__c: '2025-04-01',
        KickoffDate__c: '2025-04-05',
        ARR__c: 80000
    });
    org.insert('OnboardingMilestone__c', {
        OnboardingPlan__c: healthy,
        Sequence__c: 1,
        OwnerSide__c: 'Vendor',
        Status__c: 'Completed',
        ValueMarker__c: 'None',
        TargetDate__c: '2025-04-20',
        CompletedDate__c: '2025-04-18'
    });
    org.insert('OnboardingStakeholder__c', {
        OnboardingPlan__c: healthy,
        Contact__c: '003X',
        BuyingRole__c: 'Champion',
        OnboardingRole__c: 'ExecutiveSponsor',
        LastEngagedDate__c: '2025-05-01',
        MeetingsInvited__c: 4,
        MeetingsAttended__c: 4,
        Departed__c: false
    });
    for (const day of ['2025-05-01', '2025-06-01', '2025-07-01'])
        org.insert('HealthSnapshot__c', {
            OnboardingPlan__c: healthy,
            AsOfDate__c: day,
            Score__c: 80,
            Band__c: 'Green'
        });
    org.insert('HealthModel__mdt', GUIDED_IN_USE);
    org.insert('HealthModel__mdt', { ...GUIDED_IN_USE, Version__c: 'Guided-0', IsActive__c: false });
    return { churned, healthy };
}

function modelFile(content: unknown): string {
    const file = join(mkdtempSync(join(tmpdir(), 'liftoff-model-')), 'candidate.json');
    writeFileSync(file, JSON.stringify(content));
    return file;
}

describe('liftoff backtest', () => {
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
    });

    it('replays the candidate against the active model in use and reports band changes and lead times', async () => {
        seedHistory(org);

        const result = await runAgainst(org, [
            'backtest',
            '-o',
            'fake',
            '--model',
            modelFile(CANDIDATE),
            '--format',
            'json',
            '--as-of',
            '2025-12-31'
        ]);

        assert.equal(result.code, 0, result.err.join('\n'));
        const json = JSON.parse(result.out.join('\n')) as BacktestJson;
        assert.deepEqual(
            json.inUse.map((m) => m.version),
            ['Guided-1'],
            'only the active HealthModel__mdt record is in use'
        );
        assert.deepEqual(
            json.candidate.map((m) => m.version),
            ['Guided-2-strict']
        );
        assert.equal(json.rulesSource, 'the shipped defaults');
        assert.equal(json.result.plans, 2);
        // churned plan: weekly from kickoff 2025-02-01 to the churn date 2025-09-01 (31 steps + the churn day); healthy plan: its 3 scored dates
        assert.equal(json.result.snapshots, 32 + 3);
        assert.ok(json.result.bandChanges.snapshots > 0, 'a greenMin of 100 changes bands');
        assert.ok(Object.keys(json.result.bandChanges.transitions).every((key) => key.endsWith('->Red')));
        // two milestones due 03-01 and 03-15 stay open: first replayed date after 03-15 is 03-22, 163 days before churn
        assert.deepEqual(json.result.leadDaysByRule.TwoMissedMilestones.leadDays, [163]);
        assert.deepEqual(json.leadDaysInUse.TwoMissedMilestones.leadDays, [163]);
        const stricter = json.result.leadDaysByRule.AdoptionBelowTarget.leadDays[0];
        const inUse = json.leadDaysInUse.AdoptionBelowTarget.leadDays[0];
        assert.ok(stricter > inUse, `a higher adoption target warns earlier (${stricter} vs ${inUse} days)`);
    });

    it('prints a Markdown report by default', async () => {
        seedHistory(org);

        const result = await runAgainst(org, [
            'backtest',
            '-o',
            'fake',
            '--model',
            modelFile({ models: [CANDIDATE] }),
            '--as-of',
            '2025-12-31'
        ]);

        assert.equal(result.code, 0, result.err.join('\n'));
        const text = result.out.join('\n');
        assert.match(text, /^# Liftoff backtest: fake, up to 2025-12-31/);
        assert.match(text, /Model in use: Guided Guided-1\. Candidate: Guided Guided-2-strict\./);
        assert.match(text, /\| TwoMissedMilestones \| 1 \| 1 \| 163 \| 1 \| 163 \|/);
    });

    it('refuses an invalid model file with the engine message and a fix, before touching the org', async () => {
        const bad = modelFile({ ...CANDIDATE, greenMin: 40, yellowMin: 60 });

        const result = await runAgainst(org, ['backtest', '-o', 'fake', '--model', bad]);

        assert.equal(result.code, 2);
        assert.equal(result.err.length, 1);
        assert.match(
            result.err[0],
            /^error: Model file .*candidate\.json: Health model Guided Guided-2-strict: need 0 <= yellowMin <= greenMin <= 100 \(found 60, 40\)\. Fix: edit /
        );
        assert.equal(org.requests.length, 0);
    });

    it('asks for --model when it is missing', async () => {
        const result = await runAgainst(org, ['backtest', '-o', 'fake']);

        assert.equal(result.code, 2);
        assert.deepEqual(result.err, [
            'error: backtest needs a candidate model. Fix: npx liftoff backtest --model <file.json>'
        ]);
    });
});
