/**
 * `liftoff setup`: from nothing to a scratch org with Liftoff deployed, permission
 * sets assigned and sample data loaded. Each finished step is recorded in
 * `.liftoff/setup-state.json`, so a rerun after a failure continues with the
 * step that failed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseCommand, type CommandSpec, type OptionValues } from '../args.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { sfBinary } from '../org.ts';
import { seedCommand, seedSpec } from './seed.ts';

/** The `setup` command's specification. */
export const setupSpec: CommandSpec = {
    name: 'setup',
    summary: 'create a scratch org, build, deploy, assign permission sets, seed and open the app',
    description: [
        "Runs seven steps with the project's own Salesforce CLI (node_modules/.bin/sf): create a scratch org",
        'from --definition-file, compile the components (npm run build), deploy force-app, assign the',
        'permission sets, load the sample data (npx liftoff seed), score its health once (the nightly job)',
        'and open the Liftoff app. Progress is saved',
        'in .liftoff/setup-state.json after each step: rerun the same command after a failure and it picks up',
        'at the step that failed. Needs a Dev Hub: sf org login web --set-default-dev-hub --alias devhub.'
    ].join('\n'),
    options: {
        'target-org': {
            type: 'string',
            short: 'o',
            value: 'alias',
            description: 'alias for the new scratch org',
            default: 'liftoff'
        },
        'api-version': { type: 'string', value: 'n.0', description: 'API version for the seed step' },
        'dev-hub': {
            type: 'string',
            short: 'v',
            value: 'alias',
            description: "Dev Hub alias (default: the CLI's default Dev Hub)"
        },
        'definition-file': {
            type: 'string',
            short: 'f',
            value: 'file',
            description: 'scratch org definition',
            default: 'config/project-scratch-def.json'
        },
        'duration-days': {
            type: 'string',
            short: 'y',
            value: 'days',
            description: 'days before the scratch org expires',
            default: '7'
        },
        'no-namespace': { type: 'boolean', description: 'create the scratch org without the liftoff namespace' },
        permset: {
            type: 'string',
            multiple: true,
            value: 'name',
            description: 'permission set to assign (default: LiftoffAdmin)'
        },
        data: {
            type: 'string',
            short: 'd',
            value: 'folder|plan',
            description: 'sample data to seed',
            default: 'data/sample'
        },
        'no-open': { type: 'boolean', description: 'print the app URL instead of opening a browser' },
        restart: { type: 'boolean', description: 'forget the saved progress and run every step again' }
    },
    examples: [
        'npx liftoff setup',
        'npx liftoff setup --target-org liftoff-review --duration-days 2 --no-open',
        'npx liftoff setup -o liftoff-dev --dev-hub devhub --no-namespace --permset LiftoffAdmin --permset LiftoffCSM'
    ]
};

type StepName = 'scratch-org' | 'build' | 'deploy' | 'permsets' | 'seed' | 'score' | 'open';

interface SetupState {
    alias: string;
    steps: Partial<Record<StepName, { finishedAt: string }>>;
}

interface Step {
    name: StepName;
    title: string;
    run: () => Promise<void>;
}

function stateFile(root: string): string {
    return join(root, '.liftoff', 'setup-state.json');
}

function loadState(root: string, alias: string, restart: boolean, say: (line: string) => void): SetupState {
    const file = stateFile(root);
    if (restart || !existsSync(file)) return { alias, steps: {} };
    const saved = JSON.parse(readFileSync(file, 'utf8')) as SetupState;
    if (saved.alias === alias) return saved;
    say(`setup: the saved progress is for org '${saved.alias}', not '${alias}': starting from the first step`);
    return { alias, steps: {} };
}

function saveState(root: string, state: SetupState): void {
    const file = stateFile(root);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(state, null, 4)}\n`);
}

interface SfJson {
    status?: number;
    name?: string;
    message?: string;
    result?: {
        url?: string;
        compiled?: boolean;
        success?: boolean;
        compileProblem?: string;
        exceptionMessage?: string;
        details?: {
            componentFailures?: { fullName?: string; problem?: string } | { fullName?: string; problem?: string }[];
        };
    };
}

function parseSf(stdout: string): SfJson {
    try {
        return JSON.parse(stdout) as SfJson;
    } catch {
        return {};
    }
}

function deployProblem(output: SfJson): string {
    const failures = output.result?.details?.componentFailures;
    const first = Array.isArray(failures) ? failures[0] : failures;
    return first
        ? `${first.fullName ?? 'component'}: ${first.problem ?? 'failed'}`
        : (output.message ?? 'deploy failed').split('\n')[0];
}

/** Everything a step needs: the options, the context and the sf CLI runner. */
interface SetupRun {
    values: OptionValues;
    context: CliContext;
    alias: string;
    /** The fix every step failure names: the same command, which continues at the failed step. */
    rerun: string;
    noNamespace: boolean;
}

interface SfAnswer {
    ok: boolean;
    output: SfJson;
    stderr: string;
}

async function sf(run: SetupRun, args: string[]): Promise<SfAnswer> {
    const result = await run.context.run(sfBinary(run.context.root), [...args, '--json'], { cwd: run.context.root });
    const output = parseSf(result.stdout);
    return {
        ok: result.code === 0 && (output.status === undefined || output.status === 0),
        output,
        stderr: result.stderr
    };
}

function failed(what: string, answer: SfAnswer, fix: string): CliError {
    return new CliError(`${what} failed: ${(answer.output.message ?? answer.stderr ?? '').split('\n')[0].trim()}`, fix);
}

async function createScratchOrg(run: SetupRun): Promise<void> {
    const definition = resolve(run.context.root, run.values['definition-file'] as string);
    const args = ['org', 'create', 'scratch', '--definition-file', definition, '--alias', run.alias];
    args.push('--duration-days', String(run.values['duration-days']), '--wait', '20');
    if (typeof run.values['dev-hub'] === 'string') args.push('--target-dev-hub', run.values['dev-hub']);
    if (run.noNamespace) args.push('--no-namespace');
    const answer = await sf(run, args);
    if (answer.ok) return;
    if (/NoDefaultDevHub|dev hub/i.test(`${answer.output.name} ${answer.output.message}`)) {
        throw new CliError(
            'No Dev Hub is authorised for creating scratch orgs.',
            'sf org login web --set-default-dev-hub --alias devhub'
        );
    }
    throw failed('Creating the scratch org', answer, run.rerun);
}

async function buildComponents(run: SetupRun): Promise<void> {
    const result = await run.context.run('npm', ['run', 'build', '--silent'], { cwd: run.context.root, inherit: true });
    if (result.code !== 0)
        throw new CliError('npm run build failed (its output is above).', `fix the build, then ${run.rerun}`);
}

async function deploy(run: SetupRun): Promise<void> {
    const answer = await sf(run, ['project', 'deploy', 'start', '--target-org', run.alias, '--wait', '30']);
    if (!answer.ok)
        throw new CliError(
            `Deploy to '${run.alias}' failed: ${deployProblem(answer.output)}.`,
            `fix it, then ${run.rerun}`
        );
}

function permissionSets(run: SetupRun): string[] {
    return (run.values.permset as string[] | undefined) ?? ['LiftoffAdmin'];
}

async function assignPermissionSets(run: SetupRun): Promise<void> {
    const names = permissionSets(run);
    const answer = await sf(run, [
        'org',
        'assign',
        'permset',
        ...names.flatMap((name) => ['--name', name]),
        '--target-org',
        run.alias
    ]);
    const alreadyAssigned = /Duplicate PermissionSetAssignment/i.test(JSON.stringify(answer.output));
    if (!answer.ok && !alreadyAssigned) throw failed(`Assigning ${names.join(', ')}`, answer, run.rerun);
}

async function seedSample(run: SetupRun): Promise<void> {
    const args = ['--target-org', run.alias, '--data', run.values.data as string];
    if (typeof run.values['api-version'] === 'string') args.push('--api-version', run.values['api-version']);
    const code = await seedCommand(parseCommand(seedSpec, args), run.context);
    if (code !== 0) {
        throw new CliError(
            'Some sample rows failed to load (listed above; all rows are in .liftoff/seed-report.json).',
            run.rerun
        );
    }
}

/** The sample loads with automation off, so health is scored once afterwards by the nightly job's batch. */
async function scoreHealth(run: SetupRun): Promise<void> {
    const file = join(run.context.root, '.liftoff', 'score-health.apex');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, 'Database.executeBatch(new NightlyOnboardingJob(), NightlyOnboardingJob.BATCH_SIZE);\n');
    const answer = await sf(run, ['apex', 'run', '--file', file, '--target-org', run.alias]);
    const result = answer.output.result;
    if (answer.ok && result?.compiled !== false && result?.success !== false) return;
    const problem = result?.compileProblem || result?.exceptionMessage || answer.output.message || answer.stderr;
    throw new CliError(`Starting the health scoring batch failed: ${String(problem).split('\n')[0]}`, run.rerun);
}

async function openApp(run: SetupRun): Promise<void> {
    const args = [
        'org',
        'open',
        '--target-org',
        run.alias,
        '--path',
        `lightning/app/${run.noNamespace ? 'c' : 'liftoff'}__Liftoff`
    ];
    const urlOnly = run.values['no-open'] === true;
    if (urlOnly) args.push('--url-only');
    const answer = await sf(run, args);
    if (!answer.ok) throw failed('Opening the app', answer, run.rerun);
    if (urlOnly && answer.output.result?.url) run.context.io.out(`  ${answer.output.result.url}`);
}

function steps(run: SetupRun): Step[] {
    return [
        {
            name: 'scratch-org',
            title: `Create scratch org '${run.alias}' from ${run.values['definition-file'] as string}`,
            run: () => createScratchOrg(run)
        },
        { name: 'build', title: 'Compile the components (npm run build)', run: () => buildComponents(run) },
        { name: 'deploy', title: `Deploy force-app to '${run.alias}'`, run: () => deploy(run) },
        {
            name: 'permsets',
            title: `Assign permission sets: ${permissionSets(run).join(', ')}`,
            run: () => assignPermissionSets(run)
        },
        { name: 'seed', title: `Load sample data from ${run.values.data as string}`, run: () => seedSample(run) },
        {
            name: 'score',
            title: 'Score health for the sample plans (NightlyOnboardingJob)',
            run: () => scoreHealth(run)
        },
        { name: 'open', title: 'Open the Liftoff app', run: () => openApp(run) }
    ];
}

/**
 * Runs `setup`.
 *
 * @returns exit code 0 when every step finished; failures throw one-line errors naming the rerun
 */
export async function setupCommand(values: OptionValues, context: CliContext): Promise<number> {
    const alias = values['target-org'] as string;
    const say = (line: string): void => context.io.out(line);
    const definition = resolve(context.root, values['definition-file'] as string);
    if (!existsSync(definition)) {
        throw new CliError(
            `No scratch org definition at ${definition}.`,
            'npx liftoff setup --definition-file config/project-scratch-def.json',
            2
        );
    }
    const run: SetupRun = {
        values,
        context,
        alias,
        rerun: `npx liftoff setup --target-org ${alias} (continues at this step)`,
        noNamespace: values['no-namespace'] === true
    };
    const state = loadState(context.root, alias, values.restart === true, say);
    const all = steps(run);
    for (const [index, step] of all.entries()) {
        const label = `[${index + 1}/${all.length}] ${step.title}`;
        if (state.steps[step.name]) {
            say(`${label}: done in an earlier run, skipped`);
            continue;
        }
        say(`${label} ...`);
        const started = Date.now();
        await step.run();
        state.steps[step.name] = { finishedAt: new Date().toISOString() };
        saveState(context.root, state);
        say(`${label}: done (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    say(`setup: org '${alias}' is ready. Next: npx liftoff metrics --target-org ${alias}`);
    return 0;
}
