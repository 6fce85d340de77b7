/**
 * Helpers shared by the check scripts in this folder.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the project root (the folder holding package.json). */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The directory a check runs on: the first command-line argument that is not a
 * flag, resolved against the current directory, or `fallback` under the project root.
 * Exits with status 2 and a plain message when the directory does not exist.
 */
export function targetFromArgs(fallback: string): string {
    const given = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
    const target = given ? resolve(given) : join(projectRoot, fallback);
    if (!existsSync(target)) {
        console.error(`Directory not found: ${target}. Pass an existing folder, or none to check ${fallback}.`);
        process.exit(2);
    }
    return target;
}

/** Folders never walked into: dependencies, build output and tool state. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.sf', '.sfdx', 'coverage', 'build', 'dist', '.workbench']);

/**
 * Every file under `dir` (recursively) for which `accept` returns true, sorted.
 * `skip` may name further folder paths (absolute) not to walk into.
 */
export function listFiles(dir: string, accept: (path: string) => boolean, skip: string[] = []): string[] {
    const found: string[] = [];
    const walk = (current: string): void => {
        for (const entry of readdirSync(current)) {
            const full = join(current, entry);
            if (statSync(full).isDirectory()) {
                if (!SKIPPED_DIRS.has(entry) && !skip.includes(full)) walk(full);
            } else if (accept(full)) {
                found.push(full);
            }
        }
    };
    if (statSync(dir).isDirectory()) walk(dir);
    else if (accept(dir)) found.push(dir);
    return found.sort();
}

/** A path as printed in findings: relative to the current directory, so editors can open `path:line`. */
export function display(path: string): string {
    return relative(process.cwd(), path) || '.';
}
