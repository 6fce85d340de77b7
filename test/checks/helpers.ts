/**
 * Runs the real check scripts as separate processes, the way `npm test` does,
 * so the tests see exactly the output and exit code a developer sees.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the project root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of one check fixture folder: `fixture('xml', 'bad')`. */
export function fixture(...parts: string[]): string {
    return join(root, 'test', 'fixtures', 'checks', ...parts);
}

/** What a finished check printed and how it exited. */
export interface CheckRun {
    status: number | null;
    output: string;
}

/**
 * Runs `scripts/check/<script>` with tsx from the project root.
 * @param script file name in scripts/check, e.g. `format.ts`
 * @param args the directory to check and any flags
 */
export function runCheck(script: string, args: string[]): CheckRun {
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    return runCommand(tsx, [join(root, 'scripts', 'check', script), ...args], root);
}

/** Runs any command and captures stdout and stderr together. */
export function runCommand(command: string, args: string[], cwd: string): CheckRun {
    const run = spawnSync(command, args, { cwd, encoding: 'utf8', env: process.env, timeout: 600_000 });
    if (run.error) throw run.error;
    return { status: run.status, output: `${run.stdout ?? ''}${run.stderr ?? ''}` };
}

/** Escapes text for use inside a regular expression. */
export function literal(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
