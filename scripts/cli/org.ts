/**
 * Connections to a real org through the Salesforce CLI's stored authorisations.
 *
 * The CLI never stores a secret: it asks `sf org display --json` for a fresh
 * access token of an alias the developer logged in with (`sf org login web`),
 * and keeps the token in memory only. Tests inject their own factory.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { CliError } from './errors.ts';

/** API version used when sfdx-project.json cannot be read and none is given. */
export const DEFAULT_API_VERSION = '62.0';

/** Options every org command accepts. */
export interface OrgOptions {
    alias: string;
    apiVersion: string | null;
}

/** Makes an authenticated jsforce connection for an alias; injected in tests. */
export type ConnectionFactory = (options: OrgOptions) => Promise<Connection>;

/** Result of running a child process. */
export interface ProcessResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs a command; injected in tests so no `sf` process starts. */
export type ProcessRunner = (
    command: string,
    args: string[],
    options: { cwd: string; inherit?: boolean }
) => Promise<ProcessResult>;

/**
 * Runs a child process and collects its output. With `inherit`, output streams
 * straight to the terminal (long steps such as deploys show their own progress).
 */
export const runProcess: ProcessRunner = (command, args, options) =>
    new Promise((resolve, reject) => {
        const child = spawn(command, args, {
            cwd: options.cwd,
            env: {
                ...process.env,
                SF_DISABLE_TELEMETRY: 'true',
                SF_AUTOUPDATE_DISABLE: 'true',
                SF_SKIP_NEW_VERSION_CHECK: 'true'
            },
            stdio: options.inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe']
        });
        let stdout = '';
        let stderr = '';
        child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });

/** The project's own copy of the Salesforce CLI, so no global install is needed. */
export function sfBinary(projectRoot: string): string {
    const local = join(projectRoot, 'node_modules', '.bin', 'sf');
    return existsSync(local) ? local : 'sf';
}

interface SfDisplayResult {
    status: number;
    name?: string;
    message?: string;
    result?: {
        accessToken?: string;
        instanceUrl?: string;
        apiVersion?: string;
        connectedStatus?: string;
        username?: string;
    };
}

/**
 * Reads an alias's access token and instance URL from `sf org display --json`.
 *
 * @throws CliError naming `sf org login web --alias <alias>` when the alias is unknown or its session cannot be refreshed
 */
export async function displayOrg(
    alias: string,
    projectRoot: string,
    run: ProcessRunner = runProcess
): Promise<{ accessToken: string; instanceUrl: string; apiVersion: string | null }> {
    const login = `sf org login web --alias ${alias}`;
    const output = await run(sfBinary(projectRoot), ['org', 'display', '--target-org', alias, '--json'], {
        cwd: projectRoot
    });
    let parsed: SfDisplayResult;
    try {
        parsed = JSON.parse(output.stdout) as SfDisplayResult;
    } catch {
        throw new CliError(
            `The Salesforce CLI did not answer for org '${alias}': ${output.stderr.split('\n')[0]}`,
            'npm install (restores node_modules/.bin/sf)'
        );
    }
    if (parsed.status !== 0 || !parsed.result) {
        if (/NamedOrgNotFound|NoAuthInfoFound|No authorization information/i.test(`${parsed.name} ${parsed.message}`)) {
            throw new CliError(`No Salesforce CLI authorisation is stored for org '${alias}'.`, login);
        }
        throw new CliError(
            `The Salesforce CLI cannot use org '${alias}': ${(parsed.message ?? '').split('\n')[0]}`,
            login
        );
    }
    const { accessToken, instanceUrl, apiVersion, connectedStatus } = parsed.result;
    if (!accessToken || !instanceUrl || (connectedStatus && !/^Connected$|^Unknown$/i.test(connectedStatus))) {
        throw new CliError(
            `The authorisation for org '${alias}' has expired (${connectedStatus ?? 'no access token'}).`,
            login
        );
    }
    return { accessToken, instanceUrl, apiVersion: apiVersion ?? null };
}

/** The API version the project is written for (sfdx-project.json `sourceApiVersion`), if readable. */
export function projectApiVersion(root: string): string | null {
    try {
        const project = JSON.parse(readFileSync(join(root, 'sfdx-project.json'), 'utf8')) as {
            sourceApiVersion?: string;
        };
        return project.sourceApiVersion ?? null;
    } catch {
        return null;
    }
}

/**
 * Settles the API version: an explicit `--api-version` must be served by the
 * org; without one, the project's version is used when the org serves it,
 * otherwise the newest version the org serves (an org on an older release).
 *
 * @returns a note for the person when the version was lowered, else null
 * @throws CliError naming the versions the org serves
 */
export async function settleApiVersion(
    conn: Connection,
    explicit: boolean,
    alias: string,
    command: string
): Promise<string | null> {
    const versions = await conn.request<{ version: string }[]>({ method: 'GET', url: '/services/data/' });
    const offered = versions.map((entry) => entry.version).sort((a, b) => Number(a) - Number(b));
    if (offered.includes(conn.version)) return null;
    const newest = offered.at(-1);
    if (explicit || newest === undefined) {
        throw new CliError(
            `Org '${alias}' does not serve API version ${conn.version} (newest it serves: ${newest ?? 'none'}).`,
            `npx liftoff ${command} --target-org ${alias} --api-version ${newest ?? '<version>'}`
        );
    }
    const note = `note: org '${alias}' serves API versions up to ${newest}; using ${newest} instead of the project's ${conn.version}`;
    conn.version = newest;
    return note;
}

/** The real factory: an alias from the sf CLI's store, an in-memory token, jsforce on top. */
export function sfConnectionFactory(projectRoot: string, run: ProcessRunner = runProcess): ConnectionFactory {
    return async ({ alias, apiVersion }) => {
        const org = await displayOrg(alias, projectRoot, run);
        return new Connection({
            instanceUrl: org.instanceUrl,
            accessToken: org.accessToken,
            version: apiVersion ?? DEFAULT_API_VERSION
        });
    };
}
