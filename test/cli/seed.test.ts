import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { chunkByParent, lanesFor } from '../../scripts/cli/seed/load.ts';
import { FakeOrg } from './fakeOrg.ts';
import { FIXTURE, runAgainst } from './harness.ts';

const FAST = ['seed', '--target-org', 'fake', '--data', FIXTURE, '--backoff-ms', '1', '--poll-interval-ms', '5'];

interface Report {
    complete: boolean;
    rows: { sobject: string; referenceId: string; outcome: string; id: string | null; reason: string | null }[];
}

function report(root: string): Report {
    return JSON.parse(readFileSync(join(root, '.liftoff', 'seed-report.json'), 'utf8')) as Report;
}

function count(rep: Report, outcome: string): number {
    return rep.rows.filter((row) => row.outcome === outcome).length;
}

describe('liftoff seed', () => {
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
        org.lockFailures.clear();
        org.intercept = () => undefined;
    });

    it('creates every row on the first run and a rerun adds nothing', async () => {
        const first = await runAgainst(org, FAST);
        assert.equal(first.code, 0, first.err.join('\n'));
        assert.equal(count(report(first.root), 'created'), 14);
        const sizes = ['Account', 'Contact', 'Opportunity', 'OnboardingPlan__c', 'OnboardingMilestone__c'].map(
            (o) => org.records(o).length
        );
        assert.deepEqual(sizes, [2, 2, 2, 2, 6]);

        org.requests.length = 0;
        const second = await runAgainst(org, FAST, { root: first.root });

        assert.equal(second.code, 0, second.err.join('\n'));
        const rerun = report(second.root);
        assert.equal(count(rerun, 'created'), 0);
        assert.equal(count(rerun, 'updated'), 14);
        assert.deepEqual(
            ['Account', 'Contact', 'Opportunity', 'OnboardingPlan__c', 'OnboardingMilestone__c'].map(
                (o) => org.records(o).length
            ),
            sizes
        );
        assert.equal(org.sent('/composite/sobjects', 'POST').length, 0, 'the rerun must not create anything');
        const milestoneCalls = org.sent('/composite/sobjects/OnboardingMilestone__c/ExternalId__c', 'PATCH');
        const sentFields = milestoneCalls.map(
            (c) => 'OnboardingPlan__c' in (JSON.parse(c.body) as { records: object[] }).records[0]
        );
        assert.deepEqual(
            sentFields,
            [true, false],
            'the non-reparentable parent field is dropped after the platform refuses it on update'
        );
        assert.match(second.out.at(-1) ?? '', /14 rows: created 0, updated 14, failed 0/);
    });

    it('upserts custom objects on ExternalId__c with children resolved to parent Ids and sorted by parent', async () => {
        const result = await runAgainst(org, FAST);

        assert.equal(result.code, 0, result.err.join('\n'));
        const upsert = org.sent('/composite/sobjects/OnboardingMilestone__c/ExternalId__c', 'PATCH');
        assert.equal(upsert.length, 1);
        const body = JSON.parse(upsert[0].body) as { allOrNone: boolean; records: Record<string, unknown>[] };
        assert.equal(body.allOrNone, false);
        const parents = body.records.map((r) => r.OnboardingPlan__c);
        const planIds = org.records('OnboardingPlan__c').map((p) => p.Id);
        assert.ok(
            parents.every((p) => planIds.includes(String(p))),
            'every @Ref became a real plan Id'
        );
        assert.deepEqual(parents, [...parents].sort(), 'rows are sent grouped by parent');
        assert.deepEqual(body.records[0].attributes, { type: 'OnboardingMilestone__c' });
    });

    it('matches standard objects on their natural key and quotes the values safely', async () => {
        await runAgainst(org, FAST);
        org.requests.length = 0;

        await runAgainst(org, FAST);

        const lookups = org.sent('/query', 'GET').map((r) => r.query.get('q') ?? '');
        const accountLookup = lookups.find((q) => q.includes('FROM Account'));
        assert.ok(accountLookup, 'an Account lookup query was sent');
        assert.match(accountLookup, /WHERE Name IN \(.*'O\\'Brien & Sons'/);
        const update = org.sent('/composite/sobjects', 'PATCH').find((r) => r.path.endsWith('/composite/sobjects'));
        assert.ok(update, 'existing Accounts are updated by Id');
        const records = (JSON.parse(update.body) as { records: { Id?: string }[] }).records;
        assert.ok(records.every((r) => typeof r.Id === 'string'));
    });

    it('retries rows that hit UNABLE_TO_LOCK_ROW with backoff and then succeeds', async () => {
        org.lockFailures.set('fixture-ms-1-2', 2);

        const result = await runAgainst(org, FAST);

        assert.equal(result.code, 0, result.err.join('\n'));
        const calls = org.sent('/composite/sobjects/OnboardingMilestone__c/ExternalId__c', 'PATCH');
        assert.equal(calls.length, 3, 'one request plus two retries');
        const retried = JSON.parse(calls[1].body) as { records: { ExternalId__c: string }[] };
        assert.deepEqual(
            retried.records.map((r) => r.ExternalId__c),
            ['fixture-ms-1-2'],
            'only the locked row is resent'
        );
        assert.ok(result.out.some((line) => /1 rows hit UNABLE_TO_LOCK_ROW: attempt 2/.test(line)));
        assert.equal(org.records('OnboardingMilestone__c').length, 6);
    });

    it('reports a row that stays locked as failed with its reason and exits 1', async () => {
        org.lockFailures.set('fixture-ms-2-3', 99);

        const result = await runAgainst(org, [...FAST, '--lock-retries', '3']);

        assert.equal(result.code, 1);
        const failed = report(result.root).rows.filter((r) => r.outcome === 'failed');
        assert.equal(failed.length, 1);
        assert.match(failed[0].reason ?? '', /UNABLE_TO_LOCK_ROW.*after 3 attempts/);
        assert.equal(report(result.root).rows.length, 14, 'every row is accounted for');
    });

    it('fails children whose parent failed, naming the parent', async () => {
        org.intercept = (request) => {
            if (!request.path.endsWith('/OnboardingPlan__c/ExternalId__c')) return undefined;
            const records = (JSON.parse(request.body) as { records: { ExternalId__c: string }[] }).records;
            return {
                status: 200,
                body: records.map((r) =>
                    r.ExternalId__c === 'fixture-plan-2'
                        ? {
                              id: null,
                              success: false,
                              errors: [
                                  {
                                      statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                                      message: 'Kickoff must follow the contract',
                                      fields: []
                                  }
                              ]
                          }
                        : { id: 'a0X000000000001AAA', success: true, created: true, errors: [] }
                )
            };
        };

        const result = await runAgainst(org, FAST);

        assert.equal(result.code, 1);
        const rows = report(result.root).rows;
        assert.equal(rows.length, 14);
        const orphans = rows.filter((r) => r.sobject === 'OnboardingMilestone__c' && r.outcome === 'failed');
        assert.equal(orphans.length, 3);
        assert.match(
            orphans[0].reason ?? '',
            /parent OnboardingPlan__cRef2 was not loaded \(FIELD_CUSTOM_VALIDATION_EXCEPTION: Kickoff must follow/
        );
        assert.ok(result.err.some((line) => line.includes('failed OnboardingPlan__c OnboardingPlan__cRef2')));
    });

    it('keeps a parent group in one request when chunking', async () => {
        const result = await runAgainst(org, [...FAST, '--chunk-size', '4']);

        assert.equal(result.code, 0, result.err.join('\n'));
        const calls = org.sent('/composite/sobjects/OnboardingMilestone__c/ExternalId__c', 'PATCH');
        const parentsPerCall = calls.map(
            (c) =>
                new Set(
                    (JSON.parse(c.body) as { records: { OnboardingPlan__c: string }[] }).records.map(
                        (r) => r.OnboardingPlan__c
                    )
                ).size
        );
        assert.deepEqual(
            parentsPerCall,
            [1, 1],
            'two chunks of three, one parent each, instead of 4 + 2 across parents'
        );
    });
});

describe('seed chunking and lanes', () => {
    const row = (parentKey: string) => ({ parentKey });

    it('never splits a parent group across chunks when it fits in one', () => {
        const rows = ['a', 'a', 'a', 'b', 'b', 'c', 'c', 'c'].map(row);

        const chunks = chunkByParent(rows, 4);

        assert.deepEqual(
            chunks.map((c) => c.map((r) => r.parentKey).join('')),
            ['aaa', 'bb', 'ccc']
        );
    });

    it('splits a parent larger than a chunk and keeps those chunks in one lane', () => {
        const rows = ['a', 'a', 'a', 'a', 'a', 'b', 'c'].map(row);

        const lanes = lanesFor(chunkByParent(rows, 2), 3);

        const laneOf = (text: string) =>
            lanes.findIndex((lane) => lane.some((c) => c.map((r) => r.parentKey).join('') === text));
        assert.deepEqual(
            chunkByParent(rows, 2).map((c) => c.map((r) => r.parentKey).join('')),
            ['aa', 'aa', 'ab', 'c']
        );
        assert.equal(lanes[laneOf('aa')].length, 3, 'both aa chunks and ab share one lane');
        assert.equal(laneOf('aa'), laneOf('ab'), 'chunks holding parent a run one after another');
        assert.notEqual(laneOf('c'), laneOf('ab'), 'other parents run in parallel');
    });
});

describe('seed and Liftoff automation', () => {
    let org: FakeOrg;
    const ARGS = ['seed', '--target-org', 'fake', '--data', FIXTURE, '--backoff-ms', '1'];
    before(async () => {
        org = await new FakeOrg().start();
    });
    after(async () => {
        await org.stop();
    });
    beforeEach(() => {
        org.store.clear();
        org.requests.length = 0;
        org.intercept = () => undefined;
        org.objects.add('LiftoffSettings__c');
    });

    const order = (): string[] =>
        org.requests
            .filter((r) => r.path.includes('/sobjects/LiftoffSettings__c') || r.path.includes('/composite/sobjects'))
            .map((r) => (r.path.includes('LiftoffSettings__c') ? `${r.method} settings` : 'load'));

    it("switches the user's automation off while loading and removes the setting afterwards", async () => {
        const result = await runAgainst(org, ARGS);

        assert.equal(result.code, 0, result.err.join('\n'));
        const steps = order();
        assert.equal(steps[0], 'POST settings');
        assert.equal(steps.at(-1), 'DELETE settings');
        assert.ok(steps.slice(1, -1).every((step) => step === 'load'));
        const created = JSON.parse(org.sent('/sobjects/LiftoffSettings__c', 'POST')[0].body) as Record<string, unknown>;
        assert.deepEqual(created, { SetupOwnerId: org.userId, BypassAutomation__c: true });
        assert.equal(org.records('LiftoffSettings__c').length, 0);
    });

    it("restores a user's existing setting to what it was", async () => {
        const id = org.insert('LiftoffSettings__c', { SetupOwnerId: org.userId, BypassAutomation__c: false });

        const result = await runAgainst(org, ARGS);

        assert.equal(result.code, 0, result.err.join('\n'));
        assert.deepEqual(
            org.sent(`/sobjects/LiftoffSettings__c/${id}`, 'PATCH').map((r) => JSON.parse(r.body) as unknown),
            [{ BypassAutomation__c: true }, { BypassAutomation__c: false }]
        );
    });

    it('restores the setting when the load fails', async () => {
        org.intercept = (request) =>
            request.path.includes('/composite/sobjects/OnboardingPlan__c')
                ? {
                      status: 400,
                      body: [
                          {
                              errorCode: 'INVALID_FIELD',
                              message: "No such column 'Segment__c' on sobject of type OnboardingPlan__c"
                          }
                      ]
                  }
                : undefined;

        const result = await runAgainst(org, ARGS);

        assert.equal(result.code, 1);
        assert.equal(order().at(-1), 'DELETE settings');
        assert.equal(
            result.err.at(-1),
            "error: Field OnboardingPlan__c.Segment__c is not deployed in org 'fake' (or is hidden from this user). Fix: sf project deploy start --target-org fake"
        );
    });

    it('leaves automation alone with --automation run', async () => {
        const result = await runAgainst(org, [...ARGS, '--automation', 'run']);

        assert.equal(result.code, 0, result.err.join('\n'));
        assert.equal(org.sent('/sobjects/LiftoffSettings__c').length, 0);
    });
});
