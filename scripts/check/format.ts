/**
 * `npm test -- --only format`: the `prettier --check` step.
 *
 * Checks Apex (.cls, .trigger), TypeScript, component HTML, CSS and metadata
 * XML with the project's Prettier settings (.prettierrc.json, with the Apex and
 * XML plugins). A file that does not parse fails the check: Prettier's Apex
 * plugin reports no line, so the line comes from the Apex parser. A file that
 * parses but is not formatted is reported at its first line that differs.
 *
 * Usage: tsx scripts/check/format.ts [directory]
 * Without a directory it checks force-app, scripts, test (but not
 * test/fixtures, which hold deliberately broken files) and types, honouring
 * .prettierignore. With a directory it checks every matching file in it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { parseApex } from './apex-source.ts';
import { display, listFiles, projectRoot, targetFromArgs } from './shared.ts';

/** File endings the format check covers. */
export const FORMATTED_EXTENSIONS = ['.cls', '.trigger', '.ts', '.html', '.css', '.xml'];

const DEFAULT_ROOTS = ['force-app', 'scripts', 'test', 'types'];

/** One problem found in one file. */
interface Finding {
    file: string;
    line: number;
    message: string;
}

function firstDifferentLine(source: string, formatted: string): number {
    const before = source.split('\n');
    const after = formatted.split('\n');
    const differs = before.findIndex((line, index) => line !== after[index]);
    return differs === -1 ? Math.min(before.length, after.length) + 1 : differs + 1;
}

function syntaxLine(file: string, source: string, error: Error): number {
    const located = (error as { loc?: { start?: { line?: number } } }).loc?.start?.line;
    if (located) return located;
    if (file.endsWith('.cls') || file.endsWith('.trigger')) {
        const first = parseApex(source, file).problems[0];
        if (first) return first.line;
    }
    return 1;
}

async function checkFile(file: string): Promise<Finding | null> {
    const source = readFileSync(file, 'utf8');
    const options = { ...(await prettier.resolveConfig(file)), filepath: file };
    try {
        const formatted = await prettier.format(source, options);
        if (formatted === source) return null;
        const line = firstDifferentLine(source, formatted);
        return { file, line, message: 'not formatted by Prettier; run `npx prettier --write` on it' };
    } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        const first = err.message.split('\n')[0] ?? err.message;
        return {
            file,
            line: syntaxLine(file, source, err),
            message: `does not parse: ${first.replace(/\s*\(\d+:\d+\)$/, '')}`
        };
    }
}

async function filesToCheck(target: string | null): Promise<string[]> {
    const accept = (path: string): boolean => FORMATTED_EXTENSIONS.some((ext) => path.endsWith(ext));
    if (target) return listFiles(target, accept);
    const ignorePath = join(projectRoot, '.prettierignore');
    const fixtures = join(projectRoot, 'test', 'fixtures');
    const files = DEFAULT_ROOTS.flatMap((dir) => listFiles(join(projectRoot, dir), accept, [fixtures]));
    const kept: string[] = [];
    for (const file of files) {
        if (!(await prettier.getFileInfo(file, { ignorePath })).ignored) kept.push(file);
    }
    return kept;
}

async function main(): Promise<void> {
    const explicit = process.argv.slice(2).some((arg) => !arg.startsWith('--'));
    const target = explicit ? targetFromArgs('.') : null;
    const files = await filesToCheck(target);
    const findings: Finding[] = [];
    for (const file of files) {
        const finding = await checkFile(file);
        if (finding) findings.push(finding);
    }
    for (const finding of findings) {
        console.log(`${display(finding.file)}:${finding.line}: ${finding.message}`);
    }
    if (findings.length > 0) {
        console.log(`format: ${findings.length} of ${files.length} file(s) failed.`);
        process.exit(1);
    }
    console.log(`format: ${files.length} file(s) parse and are formatted.`);
}

main().catch((error: unknown) => {
    console.error(`format: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
});
