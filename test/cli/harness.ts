/**
 * Runs the CLI in-process against a {@link FakeOrg}: the connection factory is
 * injected (no sf CLI), output is captured line by line, and the project root
 * is a fresh temporary folder so state files never touch the real tree.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliContext } from '../../scripts/cli/context.ts';
import { runCli } from '../../scripts/cli/main.ts';
import type { ProcessRunner } from '../../scripts/cli/org.ts';
import type { FakeOrg } from './fakeOrg.ts';

/** What one run printed and returned. */
export interface RunResult {
    code: number;
    out: string[];
    err: string[];
    root: string;
}

/** The fixture folder with a small sample set of the same shape as data/sample. */
export const FIXTURE = join(import.meta.dirname, 'fixtures', 'sample');

/** Runs `liftoff <argv>` against the fake org; `root` defaults to a new temp folder. */
export async function runAgainst(
    org: FakeOrg,
    argv: string[],
    options: { root?: string; run?: ProcessRunner } = {}
): Promise<RunResult> {
    const root = options.root ?? mkdtempSync(join(tmpdir(), 'liftoff-cli-'));
    const out: string[] = [];
    const err: string[] = [];
    const context: CliContext = {
        io: { out: (line) => out.push(line), err: (line) => err.push(line) },
        connect: async ({ apiVersion }) => org.connection(apiVersion ?? '62.0'),
        run: options.run ?? (async () => ({ code: 1, stdout: '', stderr: 'no processes in tests' })),
        root
    };
    const code = await runCli(argv, context);
    return { code, out, err, root };
}
