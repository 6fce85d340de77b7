import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nightly, rescorePlan } from '../../scripts/workbench/automation.ts';
import type { WorkbenchDb } from '../../scripts/workbench/db.ts';
import { freshDb, pinnedClock } from './helpers.ts';

function planWithTwoSteps(db: WorkbenchDb, timeZone: string): string {
    const accountId = db.insert('Account', { Name: 'Nightly' });
    const planId = db.insert('OnboardingPlan__c', {
        Name: 'Plan',
        Account__c: accountId,
        Segment__c: 'Guided',
        Status__c: 'Active',
        ContractSignedDate__c: '2026-11-02',
        KickoffDate__c: '2026-11-04',
        TimeZone__c: timeZone
    });
    for (const [sequence, target] of [
        [10, '2026-11-30'],
        [20, '2026-11-30']
    ] as const) {
        db.insert('OnboardingMilestone__c', {
            Name: `Step ${sequence}`,
            OnboardingPlan__c: planId,
            Sequence__c: sequence,
            TargetDate__c: target,
            Status__c: 'NotStarted'
        });
    }
    return planId;
}

function openRules(db: WorkbenchDb, planId: string): string[] {
    return db
        .all(
            `SELECT Rule__c FROM OnboardingAlert__c WHERE OnboardingPlan__c = ? AND Status__c = 'Open' ORDER BY Rule__c`,
            planId
        )
        .map((row) => String(row.Rule__c));
}

describe('the nightly pass', () => {
    it('raises a time-based alert once the due day has ended, without anyone touching the plan', () => {
        const db = freshDb();
        const planId = planWithTwoSteps(db, 'UTC');
        nightly(db, pinnedClock('2026-11-30'));
        assert.ok(!openRules(db, planId).includes('TwoMissedMilestones'), 'due today is not missed yet');
        nightly(db, pinnedClock('2026-12-01'));
        assert.ok(openRules(db, planId).includes('TwoMissedMilestones'));
        assert.deepEqual(
            db
                .all('SELECT ScheduleStatus__c FROM OnboardingMilestone__c WHERE OnboardingPlan__c = ?', planId)
                .map((row) => row.ScheduleStatus__c),
            ['AtRisk', 'AtRisk']
        );
    });

    it('keeps one alert per condition however often it runs (F04) and one snapshot per plan and day', () => {
        const db = freshDb();
        const planId = planWithTwoSteps(db, 'UTC');
        for (let i = 0; i < 3; i += 1) nightly(db, pinnedClock('2026-12-03'));
        rescorePlan(db, planId, pinnedClock('2026-12-03'));
        const keys = db
            .all('SELECT DedupeKey__c FROM OnboardingAlert__c WHERE OnboardingPlan__c = ?', planId)
            .map((row) => String(row.DedupeKey__c));
        assert.equal(new Set(keys).size, keys.length);
        assert.ok(keys.includes(`${planId}:TwoMissedMilestones:plan`));
        assert.equal(db.count('HealthSnapshot__c'), 1);
    });

    it('decides "today" in the plan time zone, not the server zone (F19)', () => {
        const db = freshDb();
        const sydney = planWithTwoSteps(db, 'Australia/Sydney');
        const losAngeles = planWithTwoSteps(db, 'America/Los_Angeles');
        // 2026-11-30T20:00Z is already 1 December in Sydney and still 30 November in Los Angeles.
        nightly(db, { now: () => new Date('2026-11-30T20:00:00Z') });
        assert.ok(openRules(db, sydney).includes('TwoMissedMilestones'));
        assert.ok(!openRules(db, losAngeles).includes('TwoMissedMilestones'));
    });

    it('resolves the alert when the condition clears', () => {
        const db = freshDb();
        const planId = planWithTwoSteps(db, 'UTC');
        nightly(db, pinnedClock('2026-12-02'));
        const step = db.one(
            'SELECT Id FROM OnboardingMilestone__c WHERE OnboardingPlan__c = ? ORDER BY Sequence__c LIMIT 1',
            planId
        );
        db.update('OnboardingMilestone__c', String(step?.Id), {
            Status__c: 'Completed',
            CompletedDate__c: '2026-12-02'
        });
        nightly(db, pinnedClock('2026-12-02'));
        assert.equal(
            db.one(
                `SELECT Status__c FROM OnboardingAlert__c WHERE DedupeKey__c = ?`,
                `${planId}:TwoMissedMilestones:plan`
            )?.Status__c,
            'Resolved'
        );
    });
});
