/**
 * `npm test -- --only lwc-compile`: the LWC compiler accepts what the org will run.
 *
 * The org stores the JavaScript that `npm run build` writes next to each
 * component's TypeScript, so this check feeds that JavaScript, and every
 * template and style sheet of each bundle, to `@lwc/compiler` (`transformSync`,
 * namespace `c`, the bundle's name). A tsconfig that mangles decorators (for
 * example `useDefineForClassFields: false`, or experimental decorators) makes
 * the compiler reject the emitted class and fails this step with file and line.
 * A `.ts` source without its emitted `.js` fails too: run `npm run build` first.
 *
 * Usage: tsx scripts/check/lwc-compile.ts [directory]
 * (default: force-app; bundles are the folders directly inside any `lwc` folder).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { transformSync } from '@lwc/compiler';
import { display, listFiles, targetFromArgs } from './shared.ts';

/** One problem in one file of a bundle. */
export interface CompileProblem {
    file: string;
    line: number;
    message: string;
}

const NOT_SHIPPED = new Set(['__tests__', '__mocks__']);

function findBundles(root: string): string[] {
    const bundles: string[] = [];
    const lwcFolders = listFolders(root).filter((dir) => basename(dir) === 'lwc');
    for (const lwc of lwcFolders) {
        for (const entry of readdirSync(lwc)) {
            const full = join(lwc, entry);
            if (statSync(full).isDirectory() && !NOT_SHIPPED.has(entry)) bundles.push(full);
        }
    }
    return bundles.sort();
}

function listFolders(root: string): string[] {
    const folders: string[] = [root];
    const skip = new Set(['node_modules', '.git', ...NOT_SHIPPED]);
    for (let index = 0; index < folders.length; index += 1) {
        const current = folders[index] as string;
        for (const entry of readdirSync(current)) {
            const full = join(current, entry);
            if (!skip.has(entry) && statSync(full).isDirectory()) folders.push(full);
        }
    }
    return folders;
}

function bundleFiles(bundle: string): string[] {
    const insideTests = (path: string): boolean =>
        path
            .slice(bundle.length)
            .split(/[\\/]/)
            .some((part) => NOT_SHIPPED.has(part));
    return listFiles(bundle, (path) => !insideTests(path));
}

function errorLine(error: unknown): number {
    const location = (error as { location?: { line?: number } }).location;
    const loc = (error as { loc?: { line?: number } }).loc;
    return location?.line ?? loc?.line ?? 1;
}

/**
 * Compiles every shipped file of one bundle.
 * @param bundle absolute path of the bundle folder
 * @returns every problem found; empty when the compiler accepts the bundle
 */
export function compileBundle(bundle: string): CompileProblem[] {
    const name = basename(bundle);
    const problems: CompileProblem[] = [];
    for (const file of bundleFiles(bundle)) {
        if (file.endsWith('.ts') && !file.endsWith('.d.ts')) {
            const emitted = file.replace(/\.ts$/, '.js');
            if (!existsSync(emitted)) {
                problems.push({
                    file,
                    line: 1,
                    message: `no ${basename(emitted)} beside it; run \`npm run build\` first`
                });
            }
            continue;
        }
        if (!/\.(js|html|css)$/.test(file)) continue;
        try {
            const result = transformSync(readFileSync(file, 'utf8'), file, { namespace: 'c', name });
            for (const warning of result.warnings ?? []) {
                if (warning.level !== undefined && warning.level <= 1) {
                    problems.push({ file, line: warning.location?.line ?? 1, message: warning.message });
                }
            }
        } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            problems.push({ file, line: errorLine(error), message: message.split('\n')[0] ?? message });
        }
    }
    return problems;
}

function main(): void {
    const root = targetFromArgs('force-app');
    const bundles = findBundles(root);
    if (bundles.length === 0) {
        console.log(`${display(root)}:1: no component bundle (a folder inside an \`lwc\` folder) found`);
        process.exit(1);
    }
    const problems = bundles.flatMap((bundle) => compileBundle(bundle));
    for (const problem of problems) console.log(`${display(problem.file)}:${problem.line}: ${problem.message}`);
    if (problems.length > 0) {
        console.log(`lwc-compile: ${problems.length} problem(s) in ${bundles.length} bundle(s).`);
        process.exit(1);
    }
    console.log(`lwc-compile: ${bundles.length} bundle(s) compile in namespace c.`);
}

main();
