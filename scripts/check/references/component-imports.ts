/**
 * Reference checks for component TypeScript: the platform resolves
 * `@salesforce/schema`, `@salesforce/apex`, `@salesforce/label` and
 * `@salesforce/customPermission` imports only at deploy time, so a typo there
 * passes every local tool. This checks each one against the project.
 */
import type { ApexType } from './apex-types.ts';
import type { SchemaIndex } from './schema-index.ts';

/** One problem in a component file. */
export interface ImportProblem {
    line: number;
    message: string;
}

const IMPORT =
    /(?:from\s+|import\s*\(\s*|jest\.mock\(\s*)['"]@salesforce\/(schema|apex|label|customPermission)\/([^'"]+)['"]/g;

function lineAt(source: string, offset: number): number {
    return source.slice(0, offset).split('\n').length;
}

function checkSchemaPath(path: string, schema: SchemaIndex): string | null {
    const [objectName = '', ...parts] = path.split('.');
    let object = schema.object(objectName);
    if (!object) return schema.isForeignNamespaced(objectName) ? null : `unknown object ${objectName}`;
    for (let index = 0; index < parts.length && object; index += 1) {
        const part = parts[index] as string;
        if (!object.fieldsKnown || schema.isForeignNamespaced(part)) return null;
        const key = schema.stripNamespace(part).toLowerCase();
        if (index < parts.length - 1) {
            const parent = object.parents.get(key);
            if (parent === undefined) return `unknown relationship ${object.name}.${part}`;
            if (parent === '*') return null;
            object = schema.object(parent);
        } else if (!object.fields.has(key)) {
            return `unknown field ${object.name}.${part}`;
        }
    }
    return null;
}

function checkApexMethod(path: string, types: Map<string, ApexType>): string | null {
    const [className = '', method = ''] = path.split('.');
    const type = types.get(className.toLowerCase());
    if (!type) return `unknown Apex class ${className} (imported as @salesforce/apex/${path})`;
    if (!type.members.has(method.toLowerCase())) return `unknown Apex method ${type.name}.${method}`;
    if (!type.auraEnabled.has(method.toLowerCase())) {
        return `Apex method ${type.name}.${method} must be static and @AuraEnabled to be imported by a component`;
    }
    return null;
}

/**
 * Checks every platform import in one component source file.
 * @param source the TypeScript source
 * @param schema objects, fields, labels and custom permissions that exist
 * @param types the project's Apex types
 */
export function checkComponentImports(
    source: string,
    schema: SchemaIndex,
    types: Map<string, ApexType>
): ImportProblem[] {
    const problems: ImportProblem[] = [];
    for (const match of source.matchAll(IMPORT)) {
        const [, kind = '', path = ''] = match;
        let message: string | null = null;
        if (kind === 'schema') message = checkSchemaPath(path, schema);
        if (kind === 'apex') message = checkApexMethod(path, types);
        if (kind === 'label') {
            const name = path.replace(/^c\./, '');
            message =
                schema.labelsKnown && !schema.labels.has(name.toLowerCase()) ? `unknown custom label ${name}` : null;
        }
        if (kind === 'customPermission' && !schema.customPermissions.has(path.toLowerCase())) {
            message = `unknown custom permission ${path}`;
        }
        if (message) problems.push({ line: lineAt(source, match.index), message });
    }
    return problems;
}
