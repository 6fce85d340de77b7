/**
 * `npm run bench`: runs every benchmark module in scripts/bench (files named
 * `*.bench.ts`) one after another, each in its own process so their memory
 * figures do not mix. Each module prints its own figures and ratios.
 *
 *   npm run bench                 all benchmarks
 *   npm run bench -- engine       only modules whose name contains "engine"
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const modules = readdirSync(here)
    .filter((file) => file.endsWith('.bench.ts') && file.includes(filter))
    .sort();

if (modules.length === 0) {
    console.error(
        `bench: no benchmark matches "${filter}". Available: ${readdirSync(here)
            .filter((f) => f.endsWith('.bench.ts'))
            .join(', ')}`
    );
    process.exit(2);
}
let failures = 0;
for (const file of modules) {
    console.log(`\n=== ${file.replace('.bench.ts', '')} ===`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(here, file)], { stdio: 'inherit' });
    if (run.status !== 0) failures += 1;
}
process.exit(failures === 0 ? 0 : 1);
