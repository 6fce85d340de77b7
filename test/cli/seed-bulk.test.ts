import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { bySize, toCsv } from '../../scripts/cli/seed/bulk.ts';
import { FakeOrg } from './fakeOrg.ts';
import { FIXTURE, runAgainst } from './harness.ts';

const BULK = ['seed', '--target-org', 'fake', '--data', FIXTURE, '--bulk-threshold', '3', '--backoff-ms', '1'];
const MILESTONE_JOBS = (org: FakeOrg) =>
    org
        .sent('/jobs/ingest', 'POST')
        .filter((r) => (JSON.parse(r.body) as { object: string }).object === 'OnboardingMilestone__c');

describe('liftoff seed through Bulk API 2.0', () => {
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
        org.jobs.clear();
        org.lockFailures.clear();
        org.bulkPollsBeforeComplete = 1;
        org.bulkJobFailure = null;
    });

    it('creates an upsert job on the external id, uploads CSV sorted by parent and maps results back to rows', async () => {
        const result = await runAgainst(org, [...BULK, '--poll-interval-ms', '5']);

        assert.equal(result.code, 0, result.err.join('\n'));
        const created = MILESTONE_JOBS(org);
        assert.equal(created.length, 1);
        assert.deepEqual(JSON.parse(created[0].body), {
            object: 'OnboardingMilestone__c',
            operation: 'upsert',
            externalIdFieldName: 'ExternalId__c',
            lineEnding: 'LF'
        });
        const upload = org.sent('/batches', 'PUT')[0];
        const lines = upload.body.trim().split('\n');
        assert.equal(lines.length, 7, 'header plus six rows');
        const planColumn = lines[0].split(',').indexOf('OnboardingPlan__c');
        const parents = lines.slice(1).map((line) => line.split(',')[planColumn]);
        assert.deepEqual(parents, [...parents].sort(), 'CSV rows are grouped by parent');
        assert.ok(org.sent(`/jobs/ingest/${org.jobs.keys().next().value}`, 'PATCH').length >= 1, 'the job was closed');
        assert.match(result.out.join('\n'), /OnboardingMilestone__c[\s\S]*created 6, updated 0, failed 0/);
        assert.equal(org.records('OnboardingMilestone__c').length, 6);
    });

    it('polls a job that outlives the poll timeout again by id and never resubmits it', async () => {
        org.bulkPollsBeforeComplete = 8;

        const result = await runAgainst(org, [...BULK, '--poll-interval-ms', '5', '--poll-timeout-ms', '15']);

        assert.equal(result.code, 0, result.err.join('\n'));
        assert.equal(MILESTONE_JOBS(org).length, 1, 'one job created');
        assert.equal(org.sent('/batches', 'PUT').length, 1, 'data uploaded once');
        const jobId = String(org.jobs.keys().next().value);
        assert.ok(org.sent(`/jobs/ingest/${jobId}`, 'GET').length > 8, 'the same job id was polled until complete');
        assert.ok(
            result.out.some(
                (line) => line.includes(`bulk job ${jobId} still running`) && line.includes('polling it again by id')
            )
        );
        assert.equal(org.records('OnboardingMilestone__c').length, 6);
    });

    it('leaves a job that outlives --max-wait-ms to the next run, which collects it by id', async () => {
        org.bulkPollsBeforeComplete = 1000;
        const first = await runAgainst(org, [
            ...BULK,
            '--poll-interval-ms',
            '5',
            '--poll-timeout-ms',
            '10',
            '--max-wait-ms',
            '30'
        ]);

        assert.equal(first.code, 1);
        assert.match(
            first.err.join('\n'),
            /error: Bulk job 750FAKE\d+ is still running .* not resubmitted .*Fix: rerun the same npx liftoff seed command/
        );
        const journal = join(first.root, '.liftoff', 'seed-jobs.json');
        assert.ok(existsSync(journal));
        assert.equal((JSON.parse(readFileSync(journal, 'utf8')) as { jobs: unknown[] }).jobs.length, 1);

        org.bulkPollsBeforeComplete = 0;
        const second = await runAgainst(org, [...BULK, '--poll-interval-ms', '5'], { root: first.root });

        assert.equal(second.code, 0, second.err.join('\n'));
        assert.equal(MILESTONE_JOBS(org).length, 1, 'the rerun created no second job');
        assert.ok(second.out.some((line) => /collecting bulk job 750FAKE\d+ from an earlier run by id/.test(line)));
        assert.equal(org.records('OnboardingMilestone__c').length, 6);
        assert.equal(
            (JSON.parse(readFileSync(journal, 'utf8')) as { jobs: unknown[] }).jobs.length,
            0,
            'journal cleared'
        );
    });

    it('resubmits only rows the job rejected with UNABLE_TO_LOCK_ROW, in a new job', async () => {
        org.lockFailures.set('fixture-ms-2-1', 1);

        const result = await runAgainst(org, [...BULK, '--poll-interval-ms', '5']);

        assert.equal(result.code, 0, result.err.join('\n'));
        assert.equal(MILESTONE_JOBS(org).length, 2);
        const second = org.sent('/batches', 'PUT').at(-1)?.body ?? '';
        assert.equal(second.trim().split('\n').length, 2, 'header plus the one locked row');
        assert.match(second, /fixture-ms-2-1/);
        assert.equal(org.records('OnboardingMilestone__c').length, 6);
    });

    it('reports every row of a job that failed as a whole, with the job error', async () => {
        org.bulkJobFailure = 'InvalidBatch : Field name not found : Colour__c';

        const result = await runAgainst(org, [...BULK, '--poll-interval-ms', '5']);

        assert.equal(result.code, 1);
        const rows = (
            JSON.parse(readFileSync(join(result.root, '.liftoff', 'seed-report.json'), 'utf8')) as {
                rows: { sobject: string; outcome: string; reason: string }[];
            }
        ).rows;
        const milestones = rows.filter((row) => row.sobject === 'OnboardingMilestone__c');
        assert.equal(milestones.length, 6);
        assert.ok(
            milestones.every(
                (row) =>
                    row.outcome === 'failed' && row.reason.includes('InvalidBatch : Field name not found : Colour__c')
            )
        );
        assert.equal(MILESTONE_JOBS(org).length, 1, 'a failed job is not resubmitted');
    });

    it('adds nothing on a rerun through bulk', async () => {
        await runAgainst(org, [...BULK, '--poll-interval-ms', '5']);
        const second = await runAgainst(org, [...BULK, '--poll-interval-ms', '5']);

        assert.equal(second.code, 0, second.err.join('\n'));
        assert.match(second.out.at(-1) ?? '', /created 0, updated 14, failed 0/);
        assert.equal(org.records('OnboardingMilestone__c').length, 6);
        const rerunUpload = org.sent('/batches', 'PUT').at(-1)?.body ?? '';
        assert.doesNotMatch(
            rerunUpload.split('\n')[0],
            /OnboardingPlan__c/,
            'the retry job leaves out the parent field the platform refused'
        );
    });
});

describe('Bulk API 2.0 upload size', () => {
    it('splits rows into consecutive jobs whose CSV stays under the upload limit', () => {
        const records = Array.from({ length: 10 }, (_, i) => ({
            ExternalId__c: `row-${i}`,
            Description__c: 'x'.repeat(100)
        }));
        const limit = Buffer.byteLength(toCsv(records.slice(0, 3)));

        const groups = bySize(records, limit);

        assert.ok(groups.length > 1);
        assert.ok(groups.every((group) => Buffer.byteLength(toCsv(group)) <= limit));
        assert.deepEqual(groups.flat(), records, 'every row once, order kept');
    });
});
