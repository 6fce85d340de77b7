/**
 * Entry point of `npx liftoff`: picks the command, parses its options, runs it
 * and turns any failure into one line naming the cause and the fix.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandHelp, parseCommand, toolHelp, type CommandSpec, type OptionValues } from './args.ts';
import type { CliContext } from './context.ts';
import { CliError, explain } from './errors.ts';
import { runProcess, sfConnectionFactory } from './org.ts';
import { backtestCommand, backtestSpec } from './commands/backtest.ts';
import { metricsCommand, metricsSpec } from './commands/metrics.ts';
import { seedCommand, seedSpec } from './commands/seed.ts';
import { setupCommand, setupSpec } from './commands/setup.ts';

interface Command {
    spec: CommandSpec;
    run: (values: OptionValues, context: CliContext) => Promise<number>;
}

const COMMANDS: Command[] = [
    { spec: setupSpec, run: setupCommand },
    { spec: seedSpec, run: seedCommand },
    { spec: metricsSpec, run: metricsCommand },
    { spec: backtestSpec, run: backtestCommand }
];

/** The project root: two folders above this file. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Runs the CLI with the given arguments and dependencies.
 *
 * @returns the process exit code
 */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
        context.io.out(toolHelp(COMMANDS.map((c) => c.spec)));
        return name ? 0 : 2;
    }
    const command = COMMANDS.find((c) => c.spec.name === name);
    const verbose = rest.includes('--verbose');
    let alias = optionValue(rest, '--target-org', '-o') ?? process.env.SF_TARGET_ORG ?? '<alias>';
    try {
        if (!command) throw new CliError(`Unknown command '${name}'.`, 'npx liftoff --help', 2);
        const values = parseCommand(command.spec, rest);
        if (typeof values['target-org'] === 'string') alias = values['target-org'];
        if (values.help) {
            context.io.out(commandHelp(command.spec));
            return 0;
        }
        return await command.run(values, context);
    } catch (error) {
        const explained = explain(error, { alias, command: name });
        context.io.err(`error: ${explained.message} Fix: ${explained.fix}`);
        if (verbose && explained.detail) context.io.err(explained.detail);
        if (verbose && error instanceof Error && error.stack) context.io.err(error.stack);
        return explained.exitCode;
    }
}

function optionValue(argv: string[], long: string, short: string): string | undefined {
    for (let i = 0; i < argv.length; i += 1) {
        if (argv[i] === long || argv[i] === short) return argv[i + 1];
        if (argv[i].startsWith(`${long}=`)) return argv[i].slice(long.length + 1);
    }
    return undefined;
}

/** The context of a real run: the terminal, the sf CLI's stored orgs, real processes. */
export function defaultContext(): CliContext {
    return {
        io: { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) },
        connect: sfConnectionFactory(PROJECT_ROOT),
        run: runProcess,
        root: PROJECT_ROOT
    };
}
