import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkbenchDb } from '../../scripts/workbench/db.ts';
import { startSampleServer } from './helpers.ts';

let server: Server;
let base = '';
let db: WorkbenchDb;

async function getJson<T>(path: string): Promise<T> {
    const response = await fetch(`${base}${path}`, { headers: { Cookie: 'liftoff_role=LiftoffAdmin' } });
    assert.equal(response.status, 200, path);
    return (await response.json()) as T;
}

before(async () => {
    ({ db, server, base } = await startSampleServer('2026-11-30'));
});

after(() => {
    server.close();
    db.close();
});

describe('the workbench shell shows picklist labels, not API values', () => {
    it('gives every Accounts row the labels of its plan status, segment and health band', async () => {
        db.update('OnboardingPlan__c', String(db.one('SELECT Id FROM OnboardingPlan__c ORDER BY Id LIMIT 1')?.Id), {
            Status__c: 'OnHold'
        });
        const rows = await getJson<Record<string, string | null>[]>('/api/wb/accounts');
        const onHold = rows.find((row) => row.planStatus === 'OnHold');
        assert.ok(onHold, 'an account whose plan is on hold');
        assert.equal(onHold.planStatusLabel, 'On hold');
        const notScored = rows.find((row) => row.healthBand === 'NotScored');
        if (notScored) assert.equal(notScored.healthBandLabel, 'Not scored');
        for (const row of rows.filter((r) => r.planStatus !== null)) {
            assert.doesNotMatch(String(row.planStatusLabel), /^[A-Z][a-z]+[A-Z]/, `label of ${String(row.planStatus)}`);
            assert.ok(row.segmentLabel, `segment label of ${String(row.name)}`);
        }
        const noPlan = rows.find((row) => row.planStatus === null);
        if (noPlan) assert.equal(noPlan.planStatusLabel, '');
    });

    it('gives every playbook step the labels of its phase, owner side and value marker', async () => {
        const books =
            await getJson<{ segmentLabel: string; steps: Record<string, string | number>[] }[]>('/api/wb/playbooks');
        const steps = books.flatMap((book) => book.steps);
        const goLive = steps.find((step) => step.phase === 'GoLive');
        assert.ok(goLive, 'a Go-live step in the sample playbooks');
        assert.equal(goLive.phaseLabel, 'Go-live');
        const firstValue = steps.find((step) => step.valueMarker === 'FirstValue');
        assert.ok(firstValue, 'a first value step in the sample playbooks');
        assert.equal(firstValue.valueMarkerLabel, 'First value');
        assert.ok(steps.every((step) => typeof step.ownerSideLabel === 'string' && step.ownerSideLabel !== ''));
        assert.ok(books.every((book) => book.segmentLabel !== ''));
    });
});
