/**
 * `npm test -- --only apex-references`: every object, field, relationship,
 * label and class the code names exists.
 *
 * Nothing installable checks Apex semantics without an org, so this check
 * parses every `.cls` and `.trigger` with @apexdevtools/apex-parser and
 * resolves what they name: types in declarations, casts, `new`, `catch` and
 * static calls; sObject field tokens (`Plan__c.Status__c`), describes
 * (`Schema.SObjectType.Plan__c.fields.Status__c`), fields read through typed
 * variables (`plan.OnboardingPlan__r.Account__c`), field names in
 * `new Plan__c(Status__c = ...)`, labels (`System.Label.X`), and every object
 * and field path in inline SOQL (with subqueries over child relationships) and
 * SOSL. Component TypeScript is checked for `@salesforce/schema/...`,
 * `@salesforce/apex/Class.method` (the method must be static and
 * @AuraEnabled), `@salesforce/label/c.X` and `@salesforce/customPermission/X`.
 *
 * Names resolve against the metadata under the checked folder (objects and
 * fields, relationship names from lookup and master-detail fields, custom
 * metadata types and settings, labels, custom permissions, classes) and the
 * standard objects and classes in references/standard-schema.json.
 *
 * Usage: tsx scripts/check/apex-references.ts [directory]   (default: force-app)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompilationUnitContext } from '@apexdevtools/apex-parser';
import { parseApex } from './apex-source.ts';
import type { ParsedApex } from './apex-source.ts';
import { ApexReferenceWalker } from './references/apex-walker.ts';
import { readType } from './references/apex-types.ts';
import type { ApexType } from './references/apex-types.ts';
import { checkComponentImports } from './references/component-imports.ts';
import { buildSchemaIndex } from './references/schema-index.ts';
import { display, listFiles, projectRoot, targetFromArgs } from './shared.ts';

const STANDARD_SCHEMA = join(projectRoot, 'scripts', 'check', 'references', 'standard-schema.json');

/** One finding, printed as `path:line: message`. */
export interface Finding {
    file: string;
    line: number;
    message: string;
}

function readTypes(parsed: Map<string, ParsedApex>): Map<string, ApexType> {
    const types = new Map<string, ApexType>();
    for (const { tree, problems } of parsed.values()) {
        // A file with syntax errors is reported as such; its partial tree is not trusted.
        if (problems.length > 0 || !(tree instanceof CompilationUnitContext)) continue;
        const declaration = tree.typeDeclaration();
        const ctx =
            declaration?.classDeclaration() ?? declaration?.enumDeclaration() ?? declaration?.interfaceDeclaration();
        if (ctx) {
            const type = readType(ctx, null);
            types.set(type.name.toLowerCase(), type);
        }
    }
    return types;
}

/**
 * Runs the whole reference check on one source folder.
 * @param sourceRoot folder with source-format metadata, classes, triggers and components
 * @returns every finding, sorted by file and line
 */
export function checkReferences(sourceRoot: string): Finding[] {
    const schema = buildSchemaIndex(sourceRoot, projectRoot, STANDARD_SCHEMA);
    const apexFiles = listFiles(sourceRoot, (path) => path.endsWith('.cls') || path.endsWith('.trigger'));
    const parsed = new Map<string, ParsedApex>();
    const findings: Finding[] = [];
    for (const file of apexFiles) {
        const result = parseApex(readFileSync(file, 'utf8'), file);
        parsed.set(file, result);
        for (const problem of result.problems) {
            findings.push({ file, line: problem.line, message: `syntax error: ${problem.message}` });
        }
    }
    const types = readTypes(parsed);
    for (const [file, { tree, problems }] of parsed) {
        if (problems.length > 0) continue;
        const walker = new ApexReferenceWalker(schema, types, (line, message) =>
            findings.push({ file, line, message })
        );
        walker.walk(tree);
    }
    const components = listFiles(
        sourceRoot,
        (path) => /[\\/]lwc[\\/]/.test(path) && path.endsWith('.ts') && !path.endsWith('.d.ts')
    );
    for (const file of components) {
        for (const problem of checkComponentImports(readFileSync(file, 'utf8'), schema, types))
            findings.push({ file, ...problem });
    }
    const unique = new Map(findings.map((finding) => [`${finding.file}:${finding.line}: ${finding.message}`, finding]));
    return [...unique.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

function main(): void {
    const sourceRoot = targetFromArgs('force-app');
    const findings = checkReferences(sourceRoot);
    for (const finding of findings) console.log(`${display(finding.file)}:${finding.line}: ${finding.message}`);
    const apexCount = listFiles(sourceRoot, (path) => path.endsWith('.cls') || path.endsWith('.trigger')).length;
    if (findings.length > 0) {
        console.log(`apex-references: ${findings.length} problem(s) in ${display(sourceRoot)}.`);
        process.exit(1);
    }
    console.log(
        `apex-references: every name in ${apexCount} Apex file(s) and the components of ${display(sourceRoot)} resolves.`
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
