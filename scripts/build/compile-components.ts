/**
 * Builds what the platform runs from what the project keeps in git:
 *
 * 1. compiles every component's TypeScript into the `.js` file beside it
 *    (the org stores and runs JavaScript only);
 * 2. copies third-party browser libraries that ship as static resources
 *    (Chart.js for the portfolio charts) out of node_modules.
 *
 * Run with `npm run build`; `npm test`, `npm start` and the org CLI call it too.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Third-party files copied into static resources at build time (generated, never committed). */
const STATIC_LIBRARIES = [
    {
        from: 'node_modules/chart.js/dist/chart.umd.min.js',
        to: 'force-app/main/default/staticresources/ChartJs.js'
    }
];

export function compileComponents(): void {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', 'force-app/main/default/lwc/tsconfig.json'], {
        cwd: root,
        stdio: 'inherit'
    });
    if (result.status !== 0) {
        throw new Error('TypeScript compilation of the components failed (see the errors above).');
    }
}

export function copyStaticLibraries(): void {
    for (const lib of STATIC_LIBRARIES) {
        const target = join(root, lib.to);
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(join(root, lib.from), target);
    }
}

if (import.meta.url === `file://${process.argv[1]}`) {
    try {
        compileComponents();
        copyStaticLibraries();
        console.log('build: components compiled to JavaScript, static libraries copied.');
    } catch (error) {
        console.error(`build: ${(error as Error).message}`);
        process.exit(1);
    }
}
