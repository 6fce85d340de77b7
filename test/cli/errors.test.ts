import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { CliContext } from '../../scripts/cli/context.ts';
import { runCli } from '../../scripts/cli/main.ts';
import { sfConnectionFactory, type ProcessRunner } from '../../scripts/cli/org.ts';
import { FakeOrg, INVALID_SESSION } from './fakeOrg.ts';
import { FIXTURE, runAgainst } from './harness.ts';

const METRICS = ['metrics', '--target-org', 'fake', '--as-of', '2026-06-30'];

function assertOneLine(err: string[], expected: string): void {
    assert.deepEqual(err, [expected]);
    assert.ok(!err.some((line) => /^\s+at /m.test(line)), 'no stack trace');
}

async function runWithSf(
    display: object,
    argv: string[]
): Promise<{ code: number; err: string[]; calls: string[][]; root: string }> {
    const calls: string[][] = [];
    const runner: ProcessRunner = async (command, args) => {
        calls.push([command, ...args]);
        return {
            code: (display as { status?: number }).status === 0 ? 0 : 1,
            stdout: JSON.stringify(display),
            stderr: ''
        };
    };
    const root = mkdtempSync(join(tmpdir(), 'liftoff-cli-'));
    const err: string[] = [];
    const context: CliContext = {
        io: { out: () => undefined, err: (line) => err.push(line) },
        connect: sfConnectionFactory(root, runner),
        run: runner,
        root
    };
    const code = await runCli(argv, context);
    return { code, err, calls, root };
}

describe('one-line errors with the command that fixes them', () => {
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
        org.versions = ['60.0', '61.0', '62.0'];
        org.objects = new Set([
            'Account',
            'Contact',
            'Opportunity',
            'Organization',
            'OnboardingPlan__c',
            'OnboardingMilestone__c',
            'AdoptionSnapshot__c'
        ]);
        org.intercept = () => undefined;
    });

    it('names sf org login web when no authorisation is stored for the alias', async () => {
        const result = await runWithSf(
            { status: 2, name: 'NamedOrgNotFoundError', message: 'No authorization information found for nosuch.' },
            ['metrics', '--target-org', 'nosuch']
        );

        assert.equal(result.code, 1);
        assertOneLine(
            result.err,
            "error: No Salesforce CLI authorisation is stored for org 'nosuch'. Fix: sf org login web --alias nosuch"
        );
        assert.deepEqual(result.calls[0].slice(1), ['org', 'display', '--target-org', 'nosuch', '--json']);
    });

    it('connects with the instance URL and token sf org display returns, and writes no file', async () => {
        const display = {
            status: 0,
            result: {
                accessToken: '00Dfake!token',
                instanceUrl: org.url,
                connectedStatus: 'Connected',
                apiVersion: '62.0'
            }
        };

        const result = await runWithSf(display, [
            'metrics',
            '--target-org',
            'dev',
            '--as-of',
            '2026-06-30',
            '--format',
            'json'
        ]);

        assert.equal(result.code, 0, result.err.join('\n'));
        assert.ok(org.requests.length > 0);
        assert.ok(org.requests.every((request) => request.authorization === 'Bearer 00Dfake!token'));
        assert.deepEqual(readdirSync(result.root), [], 'no token or state written to the project');
    });

    it('names sf org login web when the stored authorisation has expired', async () => {
        const display = {
            status: 0,
            result: {
                accessToken: 'x',
                instanceUrl: org.url,
                connectedStatus: 'Unable to refresh session: expired access/refresh token'
            }
        };

        const result = await runWithSf(display, ['metrics', '--target-org', 'old']);

        assert.equal(result.code, 1);
        assertOneLine(
            result.err,
            "error: The authorisation for org 'old' has expired (Unable to refresh session: expired access/refresh token). Fix: sf org login web --alias old"
        );
    });

    it('turns INVALID_SESSION_ID from the API into the login fix', async () => {
        org.intercept = (request) => (request.path.endsWith('/query') ? INVALID_SESSION : undefined);

        const result = await runAgainst(org, METRICS);

        assert.equal(result.code, 1);
        assertOneLine(
            result.err.filter((l) => !l.startsWith('metrics:')),
            "error: The session for org 'fake' has expired or was revoked. Fix: sf org login web --alias fake"
        );
    });

    it('prints the stack only with --verbose', async () => {
        org.intercept = (request) => (request.path.endsWith('/query') ? INVALID_SESSION : undefined);

        const result = await runAgainst(org, [...METRICS, '--verbose']);

        assert.equal(result.code, 1);
        assert.ok(
            result.err.some((line) => /\n\s+at /.test(line)),
            'stack printed under --verbose'
        );
    });

    it('names the deploy command for a field that is not deployed (INVALID_FIELD)', async () => {
        org.intercept = (request) =>
            request.path.endsWith('/query') && (request.query.get('q') ?? '').includes('FROM OnboardingPlan__c')
                ? {
                      status: 400,
                      body: [
                          {
                              errorCode: 'INVALID_FIELD',
                              message:
                                  "\nSELECT Id, Account__c, TimeZone__c FROM OnboardingPlan__c\n                        ^\nERROR at Row:1:Column:25\nNo such column 'TimeZone__c' on entity 'OnboardingPlan__c'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."
                          }
                      ]
                  }
                : undefined;

        const result = await runAgainst(org, METRICS);

        assert.equal(result.code, 1);
        assertOneLine(
            result.err.filter((l) => !l.startsWith('metrics:')),
            "error: Field OnboardingPlan__c.TimeZone__c is not deployed in org 'fake' (or is hidden from this user). Fix: sf project deploy start --target-org fake"
        );
    });

    it('names the permission set for an access error from the API', async () => {
        org.intercept = (request) =>
            request.path.endsWith('/query')
                ? {
                      status: 403,
                      body: [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'insufficient access rights on object id' }]
                  }
                : undefined;

        const result = await runAgainst(org, METRICS);

        assert.equal(result.code, 1);
        assertOneLine(
            result.err.filter((l) => !l.startsWith('metrics:')),
            "error: The user of org 'fake' lacks a permission Liftoff needs (INSUFFICIENT_ACCESS: insufficient access rights on object id). Fix: sf org assign permset --name LiftoffAdmin --target-org fake"
        );
    });

    it('names the permission set when the user cannot see one Liftoff object', async () => {
        org.objects.delete('AdoptionSnapshot__c');

        const result = await runAgainst(org, METRICS);

        assert.equal(result.code, 1);
        assertOneLine(
            result.err,
            "error: This user of org 'fake' cannot see AdoptionSnapshot__c: a permission set is missing. Fix: sf org assign permset --name LiftoffAdmin --target-org fake"
        );
    });

    it('names setup when Liftoff is not deployed at all', async () => {
        org.objects = new Set(['Account', 'Contact', 'Opportunity']);

        const result = await runAgainst(org, ['seed', '--target-org', 'fake', '--data', FIXTURE]);

        assert.equal(result.code, 1);
        assert.deepEqual(result.err, [
            "error: Liftoff is not deployed in org 'fake' (no OnboardingPlan__c), or this user cannot see it. Fix: npx liftoff setup --target-org fake"
        ]);
        assert.equal(org.sent('/composite').length, 0, 'nothing was written');
    });

    it('names the versions the org serves when --api-version is not served', async () => {
        const result = await runAgainst(org, [...METRICS, '--api-version', '99.0']);

        assert.equal(result.code, 1);
        assertOneLine(
            result.err,
            "error: Org 'fake' does not serve API version 99.0 (newest it serves: 62.0). Fix: npx liftoff metrics --target-org fake --api-version 62.0"
        );
    });

    it('falls back to the newest version an older org serves when none was asked for, and says so', async () => {
        org.versions = ['58.0', '59.0'];

        const result = await runAgainst(org, [...METRICS, '--format', 'json']);

        assert.equal(result.code, 0, result.err.join('\n'));
        assert.ok(
            result.err.includes(
                "note: org 'fake' serves API versions up to 59.0; using 59.0 instead of the project's 62.0"
            )
        );
        assert.ok(org.sent('/services/data/v59.0/query').length > 0);
    });

    it('answers bad usage with exit code 2 and the help command', async () => {
        const unknownOption = await runAgainst(org, ['metrics', '--target-org', 'fake', '--colour']);
        const unknownCommand = await runAgainst(org, ['deploy']);
        const badFormat = await runAgainst(org, ['metrics', '--target-org', 'fake', '--format', 'xlsx']);

        assert.equal(unknownOption.code, 2);
        assert.deepEqual(unknownOption.err, ["error: Unknown option '--colour'. Fix: npx liftoff metrics --help"]);
        assert.deepEqual(unknownCommand.err, ["error: Unknown command 'deploy'. Fix: npx liftoff --help"]);
        assert.deepEqual(badFormat.err, [
            "error: --format must be csv, json or md (got 'xlsx'). Fix: npx liftoff metrics --format md"
        ]);
        assert.equal(org.requests.length, 0);
    });
});
