import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ProcessRunner } from '../../scripts/cli/org.ts';
import { FakeOrg } from './fakeOrg.ts';
import { FIXTURE, runAgainst } from './harness.ts';

/** A project folder with a scratch definition and the fixture as its sample data. */
function project(): string {
    const root = mkdtempSync(join(tmpdir(), 'liftoff-setup-'));
    mkdirSync(join(root, 'config'));
    writeFileSync(join(root, 'config', 'project-scratch-def.json'), '{ "edition": "Developer" }\n');
    cpSync(FIXTURE, join(root, 'data', 'sample'), { recursive: true });
    return root;
}

/** Records every process started and answers like the sf CLI; `failDeploy` makes the deploy fail once. */
function recorder(state: { calls: string[][]; failDeploy: boolean }): ProcessRunner {
    return async (command, args) => {
        state.calls.push([command.endsWith('sf') ? 'sf' : command, ...args]);
        if (args[0] === 'project' && args[1] === 'deploy' && state.failDeploy) {
            state.failDeploy = false;
            const failure = {
                status: 1,
                name: 'FailedDeployError',
                result: {
                    details: {
                        componentFailures: [
                            { fullName: 'OnboardingPlan__c.Segment__c', problem: 'Picklist value HighTouch in use' }
                        ]
                    }
                }
            };
            return { code: 1, stdout: JSON.stringify(failure), stderr: '' };
        }
        if (args[0] === 'org' && args[1] === 'open')
            return {
                code: 0,
                stdout: JSON.stringify({
                    status: 0,
                    result: { url: 'https://fake.my.salesforce.com/lightning/app/liftoff__Liftoff' }
                }),
                stderr: ''
            };
        return { code: 0, stdout: JSON.stringify({ status: 0, result: {} }), stderr: '' };
    };
}

describe('liftoff setup', () => {
    let org: FakeOrg;
    before(async () => {
        org = await new FakeOrg().start();
    });
    after(async () => {
        await org.stop();
    });

    it('runs every step in order, stops at a failed deploy, and a rerun continues at the deploy', async () => {
        const root = project();
        const state = { calls: [] as string[][], failDeploy: true };
        const argv = ['setup', '--target-org', 'liftoff-test', '--no-open'];

        const first = await runAgainst(org, argv, { root, run: recorder(state) });

        assert.equal(first.code, 1);
        assert.deepEqual(first.err, [
            "error: Deploy to 'liftoff-test' failed: OnboardingPlan__c.Segment__c: Picklist value HighTouch in use. Fix: fix it, then npx liftoff setup --target-org liftoff-test (continues at this step)"
        ]);
        assert.deepEqual(
            state.calls.map((c) => c.slice(0, 3).join(' ')),
            ['sf org create', 'npm run build', 'sf project deploy']
        );
        assert.deepEqual(state.calls[0].slice(3), [
            'scratch',
            '--definition-file',
            join(root, 'config', 'project-scratch-def.json'),
            '--alias',
            'liftoff-test',
            '--duration-days',
            '7',
            '--wait',
            '20',
            '--json'
        ]);
        const saved = JSON.parse(readFileSync(join(root, '.liftoff', 'setup-state.json'), 'utf8')) as {
            alias: string;
            steps: Record<string, unknown>;
        };
        assert.equal(saved.alias, 'liftoff-test');
        assert.deepEqual(Object.keys(saved.steps), ['scratch-org', 'build']);

        state.calls.length = 0;
        const second = await runAgainst(org, argv, { root, run: recorder(state) });

        assert.equal(second.code, 0, second.err.join('\n'));
        assert.deepEqual(
            state.calls.map((c) => c.slice(0, 3).join(' ')),
            ['sf project deploy', 'sf org assign', 'sf apex run', 'sf org open'],
            'scratch org and build are not repeated; the seed runs in-process'
        );
        assert.deepEqual(state.calls[1].slice(1), [
            'org',
            'assign',
            'permset',
            '--name',
            'LiftoffAdmin',
            '--target-org',
            'liftoff-test',
            '--json'
        ]);
        assert.ok(
            second.out.includes(
                "[1/7] Create scratch org 'liftoff-test' from config/project-scratch-def.json: done in an earlier run, skipped"
            )
        );
        assert.ok(second.out.some((line) => line.startsWith('[5/7] Load sample data from data/sample: done')));
        const apexFile = state.calls[2][4];
        assert.equal(
            readFileSync(apexFile, 'utf8'),
            'Database.executeBatch(new NightlyOnboardingJob(), NightlyOnboardingJob.BATCH_SIZE);\n'
        );
        assert.ok(second.out.includes('  https://fake.my.salesforce.com/lightning/app/liftoff__Liftoff'));
        assert.equal(org.records('OnboardingMilestone__c').length, 6, 'the sample was seeded');
        assert.deepEqual(state.calls[3].slice(1), [
            'org',
            'open',
            '--target-org',
            'liftoff-test',
            '--path',
            'lightning/app/liftoff__Liftoff',
            '--url-only',
            '--json'
        ]);
    });

    it('names the Dev Hub login when no Dev Hub is set', async () => {
        const root = project();
        const runner: ProcessRunner = async () => ({
            code: 1,
            stdout: JSON.stringify({ status: 1, name: 'NoDefaultDevHubError', message: 'No default dev hub found.' }),
            stderr: ''
        });

        const result = await runAgainst(org, ['setup', '--no-open'], { root, run: runner });

        assert.equal(result.code, 1);
        assert.deepEqual(result.err, [
            'error: No Dev Hub is authorised for creating scratch orgs. Fix: sf org login web --set-default-dev-hub --alias devhub'
        ]);
    });
});
