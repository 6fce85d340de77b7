/**
 * Command specifications, option parsing (node:util `parseArgs`) and the help
 * text generated from the same specification, so help never drifts from what
 * the parser accepts.
 */
import { parseArgs } from 'node:util';
import { CliError } from './errors.ts';

/** One option of a command. */
export interface OptionSpec {
    type: 'string' | 'boolean';
    short?: string;
    multiple?: boolean;
    /** Shown in help as `<value>`. */
    value?: string;
    description: string;
    default?: string;
}

/** A command: its options, help text and examples. */
export interface CommandSpec {
    name: string;
    summary: string;
    description: string;
    options: Record<string, OptionSpec>;
    examples: string[];
}

/** Options every org command takes. */
export const ORG_OPTIONS: Record<string, OptionSpec> = {
    'target-org': {
        type: 'string',
        short: 'o',
        value: 'alias',
        description: 'org alias or username stored by the Salesforce CLI (default: $SF_TARGET_ORG)'
    },
    'api-version': {
        type: 'string',
        value: 'n.0',
        description:
            "API version (default: sfdx-project.json sourceApiVersion, or the org's newest if the org is older)"
    }
};

/** Options every command takes. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
    help: { type: 'boolean', short: 'h', description: 'show this help' },
    verbose: { type: 'boolean', description: 'print stack traces and API details on errors' }
};

/** Parsed option values. */
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/**
 * Parses a command's arguments.
 *
 * @throws CliError (exit code 2) for unknown options or stray arguments, naming the help command
 */
export function parseCommand(spec: CommandSpec, argv: string[]): OptionValues {
    const options = { ...spec.options, ...COMMON_OPTIONS };
    const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string }> =
        {};
    for (const [name, option] of Object.entries(options)) {
        config[name] = {
            type: option.type,
            ...(option.short ? { short: option.short } : {}),
            ...(option.multiple ? { multiple: true } : {})
        };
        if (option.default !== undefined && !option.multiple) config[name].default = option.default;
    }
    try {
        const { values, positionals } = parseArgs({
            args: argv,
            options: config,
            allowPositionals: true,
            strict: true
        });
        if (positionals.length > 0) throw new Error(`Unexpected argument '${positionals[0]}'`);
        return values as OptionValues;
    } catch (error) {
        const reason = (error as Error).message.split('\n')[0].split('. ')[0].replace(/\.$/, '');
        throw new CliError(`${reason}.`, `npx liftoff ${spec.name} --help`, 2);
    }
}

function optionLines(options: Record<string, OptionSpec>): string[] {
    return Object.entries(options).map(([name, option]) => {
        const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}${option.type === 'string' ? ` <${option.value ?? 'value'}>` : ''}`;
        const extra = option.default !== undefined ? ` (default: ${option.default})` : '';
        return `  ${flag.padEnd(34)} ${option.description}${extra}${option.multiple ? ' (repeatable)' : ''}`;
    });
}

/** Help text of one command. */
export function commandHelp(spec: CommandSpec): string {
    return [
        `liftoff ${spec.name}: ${spec.summary}`,
        '',
        `Usage: npx liftoff ${spec.name} [options]`,
        '',
        ...spec.description.split('\n').map((line) => (line ? `  ${line}` : '')),
        '',
        'Options:',
        ...optionLines({ ...spec.options, ...COMMON_OPTIONS }),
        '',
        'Examples:',
        ...spec.examples.map((example) => `  ${example}`)
    ].join('\n');
}

/** Help text of the tool. */
export function toolHelp(specs: CommandSpec[]): string {
    return [
        'liftoff: set up, seed, measure and backtest Liftoff in a Salesforce org',
        '',
        'Usage: npx liftoff <command> [options]',
        '',
        'Commands:',
        ...specs.map((spec) => `  ${spec.name.padEnd(10)} ${spec.summary}`),
        '',
        "Orgs are the Salesforce CLI's stored logins: sf org login web --alias <alias>, then --target-org <alias>.",
        'Run npx liftoff <command> --help for the options of each command. Guide: docs/cli.md'
    ].join('\n');
}

/** Reads a whole-number option, failing with the help fix when it is not one. */
export function intOption(values: OptionValues, name: string, command: string, min = 0): number {
    const raw = values[name];
    const value = Number(raw);
    if (typeof raw !== 'string' || !Number.isInteger(value) || value < min) {
        throw new CliError(
            `--${name} must be a whole number of at least ${min} (got '${String(raw)}').`,
            `npx liftoff ${command} --help`,
            2
        );
    }
    return value;
}
