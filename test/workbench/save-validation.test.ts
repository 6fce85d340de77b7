import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkbenchDb } from '../../scripts/workbench/db.ts';
import type { RowSaveResult } from '../../types/dto.d.ts';
import { startSampleServer } from './helpers.ts';

let server: Server;
let base = '';
let db: WorkbenchDb;

async function saveMilestones(rows: Record<string, unknown>[], role = 'LiftoffCSM'): Promise<RowSaveResult[]> {
    const response = await fetch(`${base}/api/apex/MutualPlanController.saveMilestones`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: `liftoff_role=${role}` },
        body: JSON.stringify({ rows })
    });
    const body = (await response.json()) as RowSaveResult[];
    assert.equal(response.status, 200, JSON.stringify(body));
    return body;
}

/** Two milestones of one plan that has a contract signed date. */
function milestones(): { first: string; second: string; contract: string } {
    const rows = db.all(
        `SELECT m.Id, p.ContractSignedDate__c AS Contract FROM OnboardingMilestone__c m
         JOIN OnboardingPlan__c p ON p.Id = m.OnboardingPlan__c
         WHERE p.ContractSignedDate__c IS NOT NULL ORDER BY p.Id, m.Sequence__c LIMIT 2`
    );
    assert.equal(rows.length, 2, 'the sample data has a plan with a contract date and two milestones');
    return { first: String(rows[0].Id), second: String(rows[1].Id), contract: String(rows[0].Contract) };
}

before(async () => {
    ({ db, server, base } = await startSampleServer('2026-11-30'));
});

after(() => {
    server.close();
    db.close();
});

describe('required fields on save', () => {
    it('refuses a blank milestone name per row with an error on Name, and still saves the good row (F26)', async () => {
        const { first, second } = milestones();
        const before = String(db.get('OnboardingMilestone__c', first)?.Name);
        const results = await saveMilestones([
            { id: first, name: '' },
            { id: second, name: 'Kickoff call held' }
        ]);
        assert.equal(results[0].success, false);
        assert.equal(results[0].errors[0]?.field, 'Name');
        assert.match(results[0].errors[0]?.message ?? '', /required/i);
        assert.equal(db.get('OnboardingMilestone__c', first)?.Name, before, 'the blank name is not stored');
        assert.equal(results[1].success, true);
        assert.equal(db.get('OnboardingMilestone__c', second)?.Name, 'Kickoff call held');
    });

    it('treats a name of only spaces as missing', async () => {
        const { first } = milestones();
        const [result] = await saveMilestones([{ id: first, name: '   ' }]);
        assert.equal(result.success, false);
        assert.equal(result.errors[0]?.field, 'Name');
    });

    it('refuses a blank text name on insert as well as update, for any custom object', () => {
        const plan = db.one('SELECT Id FROM OnboardingPlan__c LIMIT 1');
        assert.throws(
            () => db.insert('OnboardingMilestone__c', { Name: '', OnboardingPlan__c: String(plan?.Id) }),
            /OnboardingMilestone__c\.Name: a value is required/
        );
        const playbook = db.one('SELECT Id FROM Playbook__c LIMIT 1');
        assert.throws(() => db.update('Playbook__c', String(playbook?.Id), { Name: null }), /Playbook__c\.Name/);
    });

    it('refuses a blank value for a field whose metadata says required', () => {
        const plan = db.one('SELECT Id FROM OnboardingPlan__c LIMIT 1');
        assert.throws(
            () => db.update('OnboardingPlan__c', String(plan?.Id), { Account__c: '' }),
            /OnboardingPlan__c\.Account__c: a value is required/
        );
    });
});

describe('validation rules on save', () => {
    it('refuses a completed date after tomorrow with the rule message on CompletedDate__c', async () => {
        const { first, second } = milestones();
        // The pinned clock is 2026-11-30 in the user's time zone; TODAY() + 1 is still allowed.
        const results = await saveMilestones([
            { id: first, completedDate: '2026-12-02' },
            { id: second, completedDate: '2026-12-01' }
        ]);
        assert.equal(results[0].success, false);
        assert.deepEqual(results[0].errors, [
            {
                field: 'CompletedDate__c',
                message:
                    'Completed Date cannot be in the future. Enter the day it actually happened, or clear the field.'
            }
        ]);
        assert.notEqual(db.get('OnboardingMilestone__c', first)?.CompletedDate__c, '2026-12-02');
        assert.equal(results[1].success, true, JSON.stringify(results[1].errors));
        assert.equal(db.get('OnboardingMilestone__c', second)?.CompletedDate__c, '2026-12-01');
    });

    it('refuses a target date before the contract signed date, on TargetDate__c', async () => {
        const { first, contract } = milestones();
        const dayBefore = new Date(`${contract}T00:00:00Z`);
        dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
        const [refused] = await saveMilestones([{ id: first, targetDate: dayBefore.toISOString().slice(0, 10) }]);
        assert.equal(refused.success, false);
        assert.equal(refused.errors[0]?.field, 'TargetDate__c');
        assert.match(refused.errors[0]?.message ?? '', /before the plan's Contract Signed Date/);
        const [accepted] = await saveMilestones([{ id: first, targetDate: contract }]);
        assert.equal(accepted.success, true, JSON.stringify(accepted.errors));
    });

    it('refuses a stakeholder who reports to themselves, on ReportsTo__c', async () => {
        const stakeholder = db.one('SELECT Id FROM OnboardingStakeholder__c ORDER BY Id LIMIT 1');
        assert.ok(stakeholder, 'the sample data has a stakeholder');
        const id = String(stakeholder.Id);
        const response = await fetch(`${base}/api/apex/StakeholderMapController.saveStakeholders`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Cookie: 'liftoff_role=LiftoffCSM' },
            body: JSON.stringify({ rows: [{ id, reportsToId: id }] })
        });
        const [result] = (await response.json()) as RowSaveResult[];
        assert.equal(result.success, false);
        assert.equal(result.errors[0]?.field, 'ReportsTo__c');
        assert.match(result.errors[0]?.message ?? '', /cannot report to themselves/);
    });

    it('lets a holder of BypassAutomation save a future completed date, as the rule says', async () => {
        const { first } = milestones();
        const [result] = await saveMilestones([{ id: first, completedDate: '2027-01-15' }], 'LiftoffAdmin');
        assert.equal(result.success, true, JSON.stringify(result.errors));
    });
});
