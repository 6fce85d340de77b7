/**
 * What every command receives: where to print, how to reach an org, how to run
 * a process and where the project is. `main.ts` builds the real one; tests
 * build one around a local HTTP server.
 */
import type { Connection } from 'jsforce';
import { CliError } from './errors.ts';
import { readCatalog, type OrgCatalog } from './names.ts';
import {
    DEFAULT_API_VERSION,
    projectApiVersion,
    settleApiVersion,
    type ConnectionFactory,
    type OrgOptions,
    type ProcessRunner
} from './org.ts';

/** Output streams as line writers. */
export interface Io {
    out(line: string): void;
    err(line: string): void;
}

/** Dependencies of a command run. */
export interface CliContext {
    io: Io;
    connect: ConnectionFactory;
    run: ProcessRunner;
    /** Project root: sfdx-project.json, config/, data/ and .liftoff/ live here. */
    root: string;
}

/** An org connection checked for API version, with its object catalog. */
export interface OrgSession {
    conn: Connection;
    catalog: OrgCatalog;
    alias: string;
}

/**
 * Connects, settles the API version (see {@link settleApiVersion}) and reads
 * the object catalog (which also settles the namespace).
 */
export async function openSession(context: CliContext, options: OrgOptions, command: string): Promise<OrgSession> {
    const explicit = options.apiVersion !== null;
    const apiVersion = options.apiVersion ?? projectApiVersion(context.root) ?? DEFAULT_API_VERSION;
    const conn = await context.connect({ alias: options.alias, apiVersion });
    const note = await settleApiVersion(conn, explicit, options.alias, command);
    if (note) context.io.err(note);
    const catalog = await readCatalog(conn);
    return { conn, catalog, alias: options.alias };
}

/** Reads `--target-org` (or `SF_TARGET_ORG`) or fails with the usage fix. */
export function requireAlias(value: string | undefined, command: string): string {
    const alias = value ?? process.env.SF_TARGET_ORG;
    if (!alias) {
        throw new CliError(
            `${command} needs an org.`,
            `npx liftoff ${command} --target-org <alias> (log in first: sf org login web --alias <alias>)`,
            2
        );
    }
    return alias;
}
