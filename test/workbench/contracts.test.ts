import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES } from '../../scripts/workbench/access.ts';
import type { WorkbenchDb } from '../../scripts/workbench/db.ts';
import { createWorkbenchServer } from '../../scripts/workbench/server.ts';
import type {
    AlertDto,
    BusinessReviewDto,
    ContactOptionDto,
    HandoffDto,
    HandoffGateResult,
    HealthDto,
    MutualPlanDto,
    PortfolioDto,
    RowSaveResult,
    StakeholderMapDto
} from '../../types/dto.d.ts';
import { ROOT, freshDb, pinnedClock, startSampleServer } from './helpers.ts';

let server: Server;
let base = '';
let db: WorkbenchDb;

async function call<T>(method: string, params: unknown, role = 'LiftoffCSM'): Promise<{ status: number; body: T }> {
    const response = await fetch(`${base}/api/apex/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: `liftoff_role=${role}` },
        body: JSON.stringify(params)
    });
    return { status: response.status, body: (await response.json()) as T };
}

async function ok<T>(method: string, params: unknown, role = 'LiftoffCSM'): Promise<T> {
    const result = await call<T>(method, params, role);
    assert.equal(result.status, 200, `${method} as ${role}: ${JSON.stringify(result.body)}`);
    return result.body;
}

function planWhere(sql: string): { planId: string; accountId: string } {
    const row = db.one(`SELECT Id, Account__c FROM OnboardingPlan__c WHERE ${sql} ORDER BY Id LIMIT 1`);
    assert.ok(row, `a sample plan where ${sql}`);
    return { planId: String(row.Id), accountId: String(row.Account__c) };
}

before(async () => {
    ({ db, server, base } = await startSampleServer('2026-11-30'));
});

after(() => {
    server.close();
    db.close();
});

describe('Apex contracts answered by the workbench server', () => {
    it('DiscoveryHandoffController: get, save, submit through the gate, accept, schedule the meeting', async () => {
        const { planId, accountId } = planWhere(`Status__c = 'Draft'`);
        const handoff = await ok<HandoffDto>(
            'DiscoveryHandoffController.getHandoff',
            { recordId: accountId },
            'LiftoffSales'
        );
        assert.equal(handoff.plan.id, planId);
        assert.ok(handoff.editableFields.includes('SuccessCriteria__c'));
        assert.equal(handoff.canSubmit, true);
        const saved = await ok<HandoffDto>(
            'DiscoveryHandoffController.saveHandoff',
            { planId, input: { successCriteria: 'Two teams live', competitiveContext: null } },
            'LiftoffSales'
        );
        assert.equal(saved.successCriteria, 'Two teams live');
        const gate = await ok<HandoffGateResult>(
            'DiscoveryHandoffController.submitHandoff',
            { planId },
            'LiftoffSales'
        );
        assert.equal(gate.submitted, gate.missing.length === 0);
        for (const item of gate.missing) assert.ok(item.key && item.label, 'every missing item names a field or role');
        if (!gate.submitted) {
            db.update('OnboardingPlan__c', planId, { Status__c: 'HandoffSubmitted' });
        }
        const accepted = await ok<HandoffDto>('DiscoveryHandoffController.acceptHandoff', { planId });
        assert.equal(accepted.plan.status, 'Active');
        const eventId = await ok<string>('DiscoveryHandoffController.scheduleHandoffMeeting', {
            planId,
            startIso: '2026-12-02T17:00:00Z',
            durationMinutes: 45
        });
        assert.equal(db.get('Event', eventId)?.DurationInMinutes, 45);
        const bad = await call<{ message: string }>('DiscoveryHandoffController.scheduleHandoffMeeting', {
            planId,
            startIso: '2026-12-02T17:00',
            durationMinutes: 45
        });
        assert.equal(bad.status, 400);
        assert.match(bad.body.message, /offset/);
    });

    it('MutualPlanController: get the plan, save rows independently (F26), apply a playbook', async () => {
        const { planId, accountId } = planWhere(
            `Status__c = 'Active' AND EXISTS (SELECT 1 FROM OnboardingMilestone__c m WHERE m.OnboardingPlan__c = OnboardingPlan__c.Id AND m.Status__c != 'Completed')`
        );
        const plan = await ok<MutualPlanDto>('MutualPlanController.getPlan', { recordId: accountId });
        assert.equal(plan.plan?.id, planId);
        assert.ok(plan.milestones.length > 0 && plan.canEdit && plan.engineInput && plan.model);
        assert.ok(plan.options.status.some((option) => option.value === 'Completed' && option.label === 'Completed'));
        const open = plan.milestones.find((m) => m.status !== 'Completed');
        assert.ok(open);
        const results = await ok<RowSaveResult[]>('MutualPlanController.saveMilestones', {
            rows: [
                { id: open.id, status: 'Completed' },
                { id: plan.milestones[0].id, status: 'Finished' },
                { id: plan.milestones[1].id, forecastDate: '2027-02-30' }
            ]
        });
        assert.equal(results[0].success, true);
        assert.deepEqual(
            results.slice(1).map((r) => [r.success, r.errors[0]?.field]),
            [
                [false, 'Status__c'],
                [false, 'ForecastDate__c']
            ]
        );
        const done = db.get('OnboardingMilestone__c', open.id);
        assert.equal(done?.Status__c, 'Completed');
        assert.equal(done?.CompletedDate__c, '2026-11-30', 'completing stamps the plan-local today');
        const playbook = plan.playbooks[0];
        const before = plan.milestones.length;
        const applied = await ok<MutualPlanDto>('MutualPlanController.applyPlaybook', {
            planId,
            playbookId: playbook.id
        });
        assert.equal(applied.milestones.length, before + playbook.stepCount);
    });

    it('StakeholderMapController: page, search contacts, add (no duplicates), save', async () => {
        const { planId, accountId } = planWhere(`Segment__c = 'HighTouch'`);
        const page = await ok<StakeholderMapDto>('StakeholderMapController.getStakeholderMap', {
            recordId: accountId,
            pageSize: 2,
            pageNumber: 1
        });
        assert.equal(page.stakeholders.length, 2);
        assert.ok(page.totalCount >= 6);
        const second = await ok<StakeholderMapDto>('StakeholderMapController.getStakeholderMap', {
            recordId: planId,
            pageSize: 2,
            pageNumber: 2
        });
        assert.notEqual(second.stakeholders[0].id, page.stakeholders[0].id);
        const contacts = await ok<ContactOptionDto[]>('StakeholderMapController.searchContacts', {
            planId,
            searchTerm: ''
        });
        assert.ok(contacts.every((c) => c.alreadyStakeholder));
        const injected = await ok<ContactOptionDto[]>('StakeholderMapController.searchContacts', {
            planId,
            searchTerm: `x' OR 1=1 --`
        });
        assert.deepEqual(injected, []);
        const duplicate = await ok<RowSaveResult[]>('StakeholderMapController.addStakeholders', {
            planId,
            contactIds: [contacts[0].id]
        });
        assert.equal(duplicate[0].success, false);
        const saved = await ok<RowSaveResult[]>('StakeholderMapController.saveStakeholders', {
            rows: [{ id: page.stakeholders[0].id, stance: 'Blocker' }]
        });
        assert.equal(saved[0].success, true);
        assert.equal(db.get('OnboardingStakeholder__c', page.stakeholders[0].id)?.Stance__c, 'Blocker');
        const badPage = await call('StakeholderMapController.getStakeholderMap', {
            recordId: planId,
            pageSize: 500,
            pageNumber: 1
        });
        assert.equal(badPage.status, 400);
    });

    it('OnboardingHealthController: health, alert actions, rescore', async () => {
        const row = db.one(
            `SELECT OnboardingPlan__c FROM OnboardingAlert__c WHERE Status__c = 'Open' ORDER BY Id LIMIT 1`
        );
        assert.ok(row);
        const planId = String(row.OnboardingPlan__c);
        const health = await ok<HealthDto>('OnboardingHealthController.getHealth', { recordId: planId });
        assert.equal(health.planId, planId);
        assert.ok(health.score !== null && health.alerts.length > 0 && health.history.length > 0);
        const alert = health.alerts[0];
        const snoozed = await ok<AlertDto>('OnboardingHealthController.updateAlert', {
            alertId: alert.id,
            action: 'snooze',
            snoozeUntil: '2026-12-15'
        });
        assert.deepEqual([snoozed.status, snoozed.snoozedUntil], ['Snoozed', '2026-12-15']);
        const rescored = await ok<HealthDto>('OnboardingHealthController.rescore', { planId });
        assert.ok(
            rescored.alerts.some((a) => a.id === alert.id && a.status === 'Snoozed'),
            'a snoozed alert stays snoozed through its date'
        );
        assert.equal(
            Number(
                db.one(
                    'SELECT COUNT(*) AS n FROM OnboardingAlert__c WHERE DedupeKey__c LIKE ?',
                    `${planId}:${alert.rule}:%`
                )?.n
            ),
            1,
            'no second alert for the same key'
        );
        const resolved = await ok<AlertDto>('OnboardingHealthController.updateAlert', {
            alertId: alert.id,
            action: 'resolve',
            snoozeUntil: null
        });
        assert.equal(resolved.status, 'Resolved');
    });

    it('BusinessReviewController: get, save, schedule', async () => {
        const { planId, accountId } = planWhere(`BusinessReviewHeldDate__c IS NOT NULL`);
        const review = await ok<BusinessReviewDto>('BusinessReviewController.getBusinessReview', {
            recordId: accountId
        });
        assert.equal(review.plan?.id, planId);
        assert.ok(review.milestonesCompleted.length > 0 && review.adoptionTrend.length > 0);
        const saved = await ok<BusinessReviewDto>('BusinessReviewController.saveBusinessReview', {
            planId,
            input: { primaryMetricCurrent: 22, realizedValue: 'Saved 18 hours a week' }
        });
        assert.deepEqual([saved.primaryMetricCurrent, saved.realizedValue], [22, 'Saved 18 hours a week']);
        const eventId = await ok<string>('BusinessReviewController.scheduleBusinessReview', {
            planId,
            startIso: '2027-01-10T16:00:00Z',
            durationMinutes: 60
        });
        assert.ok(db.get('Event', eventId));
        assert.equal(db.get('OnboardingPlan__c', planId)?.BusinessReviewDate__c, '2027-01-10');
    });

    it('PortfolioController: segments, cohorts and at-risk plans, with the search bound, not concatenated (F15)', async () => {
        const all = await ok<PortfolioDto>(
            'PortfolioController.getPortfolio',
            { filter: { segment: null, cohortGrain: 'month', search: null } },
            'LiftoffExecutive'
        );
        assert.equal(all.total.planCount, db.count('OnboardingPlan__c'));
        assert.equal(
            all.bySegment.reduce((sum, group) => sum + group.planCount, 0),
            all.total.planCount
        );
        assert.equal(all.byCohort.length, 18);
        const guided = await ok<PortfolioDto>(
            'PortfolioController.getPortfolio',
            { filter: { segment: 'Guided', cohortGrain: 'quarter', search: null } },
            'LiftoffExecutive'
        );
        assert.deepEqual(
            guided.bySegment.map((group) => group.key),
            ['Guided']
        );
        const hostile = await ok<PortfolioDto>(
            'PortfolioController.getPortfolio',
            { filter: { segment: null, cohortGrain: 'month', search: `Acme' OR Name LIKE '%` } },
            'LiftoffExecutive'
        );
        assert.equal(hostile.total.planCount, 0);
    });
});

describe('permission sets enforced by the server', () => {
    it('lets no role but the ones granted edit milestones', async () => {
        const { planId } = planWhere(`Status__c = 'Active'`);
        const milestone = db.one('SELECT Id FROM OnboardingMilestone__c WHERE OnboardingPlan__c = ? LIMIT 1', planId);
        for (const role of ROLES) {
            const result = await call<RowSaveResult[] | { message: string }>(
                'MutualPlanController.saveMilestones',
                { rows: [{ id: String(milestone?.Id), forecastDate: '2027-01-04' }] },
                role
            );
            const allowed = role === 'LiftoffAdmin' || role === 'LiftoffCSM';
            assert.equal(result.status, allowed ? 200 : 403, role);
        }
    });

    it('refuses a field the role may read but not edit, with its name, and writes nothing (F14)', async () => {
        const { planId } = planWhere(`Status__c = 'Active'`);
        const result = await call<{ message: string }>(
            'BusinessReviewController.saveBusinessReview',
            { planId, input: { realizedValue: 'x' } },
            'LiftoffSales'
        );
        assert.equal(result.status, 403);
        assert.match(result.body.message, /OnboardingPlan__c\.RealizedValue__c/);
        assert.notEqual(db.get('OnboardingPlan__c', planId)?.RealizedValue__c, 'x');
    });

    it('keeps the executive read-only and lets only the admin edit playbooks', async () => {
        const { planId } = planWhere(`Status__c = 'Active'`);
        assert.equal((await call('OnboardingHealthController.rescore', { planId }, 'LiftoffExecutive')).status, 403);
        const step = db.one('SELECT Id FROM PlaybookStep__c LIMIT 1');
        for (const [role, status] of [
            ['LiftoffCSM', 403],
            ['LiftoffAdmin', 200]
        ] as const) {
            const response = await fetch(`${base}/api/wb/playbooks/steps`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', Cookie: `liftoff_role=${role}` },
                body: JSON.stringify({ rows: [{ id: String(step?.Id), offsetBusinessDays: 3 }] })
            });
            assert.equal(response.status, status, role);
        }
    });

    it('answers an unknown method with 404 and a malformed body with 400', async () => {
        assert.equal((await call('NoSuchController.method', {})).status, 404);
        const response = await fetch(`${base}/api/apex/MutualPlanController.getPlan`, { method: 'POST', body: '[1,2' });
        assert.equal(response.status, 400);
    });
});

describe('PortfolioController NRR from won Opportunities (docs/engine.md 6.1)', () => {
    it('raises the cohort NRR by a won expansion 3 months after the contract, and ignores the own deal and lost ones', async () => {
        const own = freshDb();
        const clock = pinnedClock('2026-11-30');
        const wb = createWorkbenchServer({ db: own, clock, wwwDir: '/nonexistent', root: ROOT });
        await new Promise<void>((resolve) => wb.listen(0, '127.0.0.1', resolve));
        const address = wb.address();
        const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
        const cohortNrr = async (): Promise<number | null> => {
            const response = await fetch(`${url}/api/apex/PortfolioController.getPortfolio`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', Cookie: 'liftoff_role=LiftoffExecutive' },
                body: JSON.stringify({ filter: { segment: null, cohortGrain: 'month', search: null } })
            });
            const body = (await response.json()) as PortfolioDto;
            assert.equal(response.status, 200, JSON.stringify(body));
            return body.byCohort.find((group) => group.key === '2024-01')?.nrr ?? null;
        };
        const opportunity = (name: string, stage: string, won: boolean, amount: number, closeDate: string): string =>
            own.insert(
                'Opportunity',
                {
                    Name: name,
                    AccountId: accountId,
                    StageName: stage,
                    IsWon: won,
                    IsClosed: true,
                    Amount: amount,
                    CloseDate: closeDate
                },
                { allowSystem: true }
            );
        const arr = 100000;
        const expansion = 25000;
        const accountId = own.insert('Account', { Name: 'Expansion Test Co' });
        const deal = opportunity('Initial deal', 'Closed Won', true, arr, '2024-01-15');
        own.insert('OnboardingPlan__c', {
            Name: 'Expansion Test Co onboarding',
            Account__c: accountId,
            Opportunity__c: deal,
            Segment__c: 'Guided',
            Status__c: 'Active',
            ContractSignedDate__c: '2024-01-15',
            ARR__c: arr,
            ContractCurrency__c: 'USD'
        });
        try {
            opportunity('Lost upsell', 'Closed Lost', false, 50000, '2024-03-01');
            assert.equal(await cohortNrr(), 1, 'the own deal and a lost Opportunity change nothing');
            opportunity('Expansion 2024-04', 'Closed Won', true, expansion, '2024-04-15');
            assert.equal(await cohortNrr(), (arr + expansion) / arr, 'the won expansion counts with its Amount');
            opportunity('Expansion 2025-02', 'Closed Won', true, expansion, '2025-02-01');
            assert.equal(await cohortNrr(), (arr + expansion) / arr, 'a change after 12 months is outside the window');
        } finally {
            wb.close();
            own.close();
        }
    });
});
