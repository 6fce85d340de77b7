/**
 * `npm test -- --only convert`: the source converts to Metadata API format.
 *
 * Runs `sf project convert source` into a temporary folder, checks that a
 * package.xml was written and names at least one member, prints the number of
 * members per metadata type, and removes the temporary folder. Works offline;
 * conversion is lenient (it lets malformed XML through), which is why the xml
 * step exists.
 *
 * Usage: tsx scripts/check/convert-source.ts [directory]   (default: force-app)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { display, projectRoot, targetFromArgs } from './shared.ts';

/** Members per metadata type read from a package.xml, sorted by type name. */
export function countMembers(packageXml: string): Map<string, number> {
    const parser = new XMLParser({ isArray: (name) => name === 'types' || name === 'members' });
    const parsed = parser.parse(packageXml) as { Package?: { types?: { name: string; members?: string[] }[] } };
    const counts = new Map<string, number>();
    for (const type of parsed.Package?.types ?? []) counts.set(type.name, type.members?.length ?? 0);
    return new Map([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function convert(rootDir: string, outputDir: string): { ok: boolean; output: string } {
    const sf = join(projectRoot, 'node_modules', '.bin', 'sf');
    const run = spawnSync(
        sf,
        ['project', 'convert', 'source', '--root-dir', rootDir, '--output-dir', outputDir, '--json'],
        {
            cwd: projectRoot,
            encoding: 'utf8',
            env: {
                ...process.env,
                SF_DISABLE_TELEMETRY: 'true',
                SF_AUTOUPDATE_DISABLE: 'true',
                SF_SKIP_NEW_VERSION_CHECK: 'true'
            }
        }
    );
    return { ok: run.status === 0, output: `${run.stdout ?? ''}${run.stderr ?? ''}`.trim() };
}

function main(): void {
    const rootDir = targetFromArgs('force-app');
    const temp = mkdtempSync(join(tmpdir(), 'liftoff-convert-'));
    const outputDir = join(temp, 'mdapi');
    try {
        const result = convert(rootDir, outputDir);
        const packageXml = join(outputDir, 'package.xml');
        if (!result.ok) {
            console.log(`${display(rootDir)}:1: sf project convert source failed:\n${result.output}`);
            process.exitCode = 1;
            return;
        }
        if (!existsSync(packageXml)) {
            console.log(`${display(rootDir)}:1: sf project convert source wrote no package.xml`);
            process.exitCode = 1;
            return;
        }
        const counts = countMembers(readFileSync(packageXml, 'utf8'));
        const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
        if (total === 0) {
            console.log(`${display(rootDir)}:1: the converted package.xml lists no members; nothing would deploy`);
            process.exitCode = 1;
            return;
        }
        for (const [type, count] of counts) console.log(`  ${String(count).padStart(4)}  ${type}`);
        console.log(`convert: ${display(rootDir)} converts to ${total} member(s) of ${counts.size} type(s).`);
    } finally {
        rmSync(temp, { recursive: true, force: true });
    }
}

main();
