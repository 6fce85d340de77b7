/**
 * `npm test -- --only xml`: every XML file is well formed.
 *
 * The Salesforce CLI converts and even deploys some malformed metadata without
 * complaint, so this check runs fast-xml-parser's validator over every `.xml`
 * file (metadata `*-meta.xml`, labels, manifests) and reports `path:line: message`.
 *
 * Usage: tsx scripts/check/xml-wellformed.ts [directory]
 * (default: force-app, manifest and config in the project root, where present).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { display, listFiles, projectRoot, targetFromArgs } from './shared.ts';

const DEFAULT_ROOTS = ['force-app', 'manifest', 'config'];

/** A problem in one XML file. */
export interface XmlProblem {
    line: number;
    message: string;
}

/**
 * Validates one XML document.
 * @param text the file's text
 * @returns the first problem found, or null when the document is well formed
 */
export function validateXml(text: string): XmlProblem | null {
    if (text.trim() === '') return { line: 1, message: 'empty file; an XML document needs a root element' };
    const result = XMLValidator.validate(text, { allowBooleanAttributes: false });
    if (result === true) return null;
    return { line: result.err.line, message: `${result.err.msg} (${result.err.code}, column ${result.err.col})` };
}

function main(): void {
    const explicit = process.argv.slice(2).some((arg) => !arg.startsWith('--'));
    const roots = explicit
        ? [targetFromArgs('.')]
        : DEFAULT_ROOTS.map((dir) => join(projectRoot, dir)).filter((dir) => existsSync(dir));
    const files = roots.flatMap((root) => listFiles(root, (path) => path.endsWith('.xml')));
    let failed = 0;
    for (const file of files) {
        const problem = validateXml(readFileSync(file, 'utf8'));
        if (problem) {
            failed += 1;
            console.log(`${display(file)}:${problem.line}: ${problem.message}`);
        }
    }
    if (failed > 0) {
        console.log(`xml: ${failed} of ${files.length} XML file(s) are not well formed.`);
        process.exit(1);
    }
    console.log(`xml: ${files.length} XML file(s) are well formed.`);
}

main();
