/**
 * Generates `docs/data-model.md` from the package metadata: every custom object, custom metadata type and
 * custom setting under `force-app/main/default/objects`, their fields with type and description, the
 * relationships between them, and a Mermaid entity-relationship diagram.
 *
 * Usage:
 *   npx tsx scripts/docs/data-model.ts           write docs/data-model.md
 *   npx tsx scripts/docs/data-model.ts --check   exit 1 when docs/data-model.md is not up to date
 *
 * The loader (`loadDataModel`) and the XML helpers are also used by the metadata tests in test/metadata.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import * as prettier from 'prettier';

/** A parsed XML element: child elements by tag name; text-only elements are strings. */
export interface XmlNode {
    [tag: string]: XmlValue;
}
export type XmlValue = string | XmlNode | XmlValue[];

/** Tags that may repeat in the metadata this project ships; the parser always returns them as arrays. */
const REPEATING_TAGS = new Set([
    'value',
    'values',
    'columns',
    'filters',
    'criteriaItems',
    'fieldPermissions',
    'objectPermissions',
    'classAccesses',
    'tabSettings',
    'customPermissions',
    'customMetadataTypeAccesses',
    'customSettingAccesses',
    'applicationVisibilities',
    'flexiPageRegions',
    'itemInstances',
    'componentInstanceProperties',
    'layoutSections',
    'layoutColumns',
    'layoutItems',
    'relatedLists',
    'fields',
    'sections',
    'groupingsDown',
    'groupingsAcross',
    'tabs',
    'actionOverrides',
    'formFactors',
    'dashboardGridComponents',
    'targets',
    'targetConfig',
    'object',
    'objects',
    'property'
]);

const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    trimValues: true,
    isArray: (tagName: string) => REPEATING_TAGS.has(tagName)
});

/** The project root (two levels above this file). */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The metadata source folder of the package. */
export const METADATA_DIR = join(PROJECT_ROOT, 'force-app', 'main', 'default');

/**
 * Parses one metadata XML file and returns its root element.
 *
 * @param path absolute path of the file
 * @returns the root element (for example the `CustomField` node)
 */
export function readXml(path: string): XmlNode {
    const parsed: unknown = parser.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) throw new Error(`${path}: not an XML document`);
    const roots = Object.entries(parsed as XmlNode).filter(([tag]) => tag !== '?xml');
    const root = roots[0]?.[1];
    if (roots.length !== 1 || typeof root !== 'object' || Array.isArray(root)) {
        throw new Error(`${path}: expected exactly one root element`);
    }
    return root;
}

/**
 * The text of a child element, or `''` when it is absent.
 *
 * @param node parent element
 * @param tag child tag name
 */
export function text(node: XmlNode | undefined, tag: string): string {
    const value = node?.[tag];
    if (value === undefined) return '';
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
    return '';
}

/**
 * The child elements with a tag, always as a list (absent: empty list; text children are skipped).
 *
 * @param node parent element
 * @param tag child tag name
 */
export function children(node: XmlNode | undefined, tag: string): XmlNode[] {
    const value = node?.[tag];
    if (value === undefined) return [];
    const all = Array.isArray(value) ? value : [value];
    return all.filter((item): item is XmlNode => typeof item === 'object' && !Array.isArray(item));
}

/**
 * The texts of a repeated text-only child element (for example `<columns>` of a list view).
 *
 * @param node parent element
 * @param tag child tag name
 */
export function texts(node: XmlNode | undefined, tag: string): string[] {
    const value = node?.[tag];
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

/** Files in a folder whose name ends with a suffix, sorted; none when the folder does not exist. */
export function filesEndingWith(dir: string, suffix: string): string[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
        .filter((name) => name.endsWith(suffix))
        .sort()
        .map((name) => join(dir, name));
}

export interface PicklistValue {
    value: string;
    label: string;
    isDefault: boolean;
}

export interface FieldInfo {
    name: string;
    label: string;
    type: string;
    description: string;
    inlineHelpText: string;
    required: boolean;
    externalId: boolean;
    unique: boolean;
    caseSensitive: boolean;
    trackHistory: boolean;
    formula: string;
    length: string;
    precision: string;
    scale: string;
    referenceTo: string;
    relationshipName: string;
    restricted: boolean;
    picklistValues: PicklistValue[];
    defaultValue: string;
}

export type ObjectKind = 'object' | 'metadataType' | 'setting';

export interface ObjectInfo {
    name: string;
    kind: ObjectKind;
    label: string;
    pluralLabel: string;
    description: string;
    sharingModel: string;
    nameFieldLabel: string;
    nameFieldType: string;
    enableHistory: boolean;
    fields: FieldInfo[];
    validationRules: ValidationRuleInfo[];
    listViews: { name: string; label: string }[];
}

export interface ValidationRuleInfo {
    name: string;
    description: string;
    errorMessage: string;
}

export interface DataModel {
    objects: ObjectInfo[];
}

function readField(path: string): FieldInfo {
    const node = readXml(path);
    const valueSet = children(node, 'valueSet')[0];
    const definition = children(valueSet, 'valueSetDefinition')[0];
    return {
        name: text(node, 'fullName') || basename(path, '.field-meta.xml'),
        label: text(node, 'label'),
        type: text(node, 'type'),
        description: text(node, 'description'),
        inlineHelpText: text(node, 'inlineHelpText'),
        required: text(node, 'required') === 'true',
        externalId: text(node, 'externalId') === 'true',
        unique: text(node, 'unique') === 'true',
        caseSensitive: text(node, 'caseSensitive') === 'true',
        trackHistory: text(node, 'trackHistory') === 'true',
        formula: text(node, 'formula'),
        length: text(node, 'length'),
        precision: text(node, 'precision'),
        scale: text(node, 'scale'),
        referenceTo: text(node, 'referenceTo'),
        relationshipName: text(node, 'relationshipName'),
        restricted: text(valueSet, 'restricted') === 'true',
        picklistValues: children(definition, 'value').map((value) => ({
            value: text(value, 'fullName'),
            label: text(value, 'label'),
            isDefault: text(value, 'default') === 'true'
        })),
        defaultValue: text(node, 'defaultValue')
    };
}

function readObject(dir: string): ObjectInfo {
    const name = basename(dir);
    const node = readXml(join(dir, `${name}.object-meta.xml`));
    const nameField = children(node, 'nameField')[0];
    let kind: ObjectKind = 'object';
    if (name.endsWith('__mdt')) kind = 'metadataType';
    else if (text(node, 'customSettingsType') !== '') kind = 'setting';
    return {
        name,
        kind,
        label: text(node, 'label'),
        pluralLabel: text(node, 'pluralLabel'),
        description: text(node, 'description'),
        sharingModel: text(node, 'sharingModel'),
        nameFieldLabel: text(nameField, 'label'),
        nameFieldType: text(nameField, 'type'),
        enableHistory: text(node, 'enableHistory') === 'true',
        fields: filesEndingWith(join(dir, 'fields'), '.field-meta.xml').map(readField),
        validationRules: filesEndingWith(join(dir, 'validationRules'), '.validationRule-meta.xml').map((path) => {
            const rule = readXml(path);
            return {
                name: basename(path, '.validationRule-meta.xml'),
                description: text(rule, 'description'),
                errorMessage: text(rule, 'errorMessage')
            };
        }),
        listViews: filesEndingWith(join(dir, 'listViews'), '.listView-meta.xml').map((path) => ({
            name: basename(path, '.listView-meta.xml'),
            label: text(readXml(path), 'label')
        }))
    };
}

/**
 * Reads every object folder under `objects/` of a metadata source folder.
 *
 * @param metadataDir the `force-app/main/default` folder (defaults to this project's)
 * @returns objects sorted by kind (objects, metadata types, settings), then by name
 */
export function loadDataModel(metadataDir: string = METADATA_DIR): DataModel {
    const objectsDir = join(metadataDir, 'objects');
    const kindOrder: Record<ObjectKind, number> = { object: 0, metadataType: 1, setting: 2 };
    const objects = readdirSync(objectsDir)
        .filter((entry) => existsSync(join(objectsDir, entry, `${entry}.object-meta.xml`)))
        .map((entry) => readObject(join(objectsDir, entry)))
        .sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || a.name.localeCompare(b.name));
    return { objects };
}

const TYPE_NAMES: Record<string, string> = {
    LongTextArea: 'Long text area',
    MasterDetail: 'Master-detail',
    DateTime: 'Date/time',
    AutoNumber: 'Auto number'
};

/**
 * A short human description of a field's type, e.g. `Number(16, 2)` or `Lookup to User`.
 *
 * @param field the field
 */
export function describeType(field: FieldInfo): string {
    const base = TYPE_NAMES[field.type] ?? field.type;
    const parts: string[] = [];
    if (field.formula !== '') parts.push(`Formula (${base})`);
    else if (field.type === 'MasterDetail' || field.type === 'Lookup') parts.push(`${base} to ${field.referenceTo}`);
    else if (field.precision !== '') parts.push(`${base}(${field.precision}, ${field.scale || '0'})`);
    else if (field.length !== '') parts.push(`${base}(${field.length})`);
    else parts.push(base);
    if (field.type === 'Picklist') {
        parts.push(
            `${field.restricted ? 'restricted' : 'open'}: ${field.picklistValues.map((v) => v.value).join(', ')}`
        );
    }
    if (field.externalId) parts.push('external id');
    if (field.unique) parts.push('unique');
    if (field.trackHistory) parts.push('history tracked');
    return parts.join('; ');
}

const cell = (value: string): string => value.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

interface Relationship {
    parent: string;
    child: string;
    field: string;
    relationshipName: string;
    masterDetail: boolean;
}

function relationships(model: DataModel): Relationship[] {
    return model.objects.flatMap((object) =>
        object.fields
            .filter((field) => field.type === 'MasterDetail' || field.type === 'Lookup')
            .map((field) => ({
                parent: field.referenceTo,
                child: object.name,
                field: field.name,
                relationshipName: `${field.relationshipName}__r`,
                masterDetail: field.type === 'MasterDetail'
            }))
    );
}

function renderDiagram(model: DataModel, links: Relationship[]): string[] {
    const lines = ['```mermaid', 'erDiagram'];
    for (const link of links) {
        const shape = link.masterDetail ? '||--o{' : '|o--o{';
        lines.push(`    ${link.parent} ${shape} ${link.child} : "${link.field}"`);
    }
    for (const object of model.objects.filter((o) => o.kind === 'object')) {
        lines.push(`    ${object.name} {`);
        for (const field of object.fields) {
            const key =
                field.type === 'MasterDetail' || field.type === 'Lookup' ? ' FK' : field.externalId ? ' UK' : '';
            lines.push(`        ${field.formula !== '' ? 'Formula' : field.type} ${field.name}${key}`);
        }
        lines.push('    }');
    }
    lines.push('```');
    return lines;
}

function renderObject(object: ObjectInfo): string[] {
    const lines = [`### ${object.label} (\`${object.name}\`)`, '', object.description, ''];
    if (object.kind === 'object') {
        const nameField = `${object.nameFieldLabel} (${TYPE_NAMES[object.nameFieldType] ?? object.nameFieldType})`;
        lines.push(`Sharing: ${object.sharingModel}. Name field: ${nameField}.`, '');
    }
    lines.push('| field | label | type | description |', '| --- | --- | --- | --- |');
    for (const field of object.fields) {
        lines.push(
            `| \`${field.name}\` | ${cell(field.label)} | ${cell(describeType(field))} | ${cell(field.description)} |`
        );
    }
    lines.push('');
    if (object.validationRules.length > 0) {
        lines.push('Validation rules:', '');
        for (const rule of object.validationRules) {
            lines.push(`- \`${rule.name}\`: ${cell(rule.description)} Message: "${cell(rule.errorMessage)}"`);
        }
        lines.push('');
    }
    if (object.listViews.length > 0) {
        lines.push(`List views: ${object.listViews.map((view) => `${view.label} (\`${view.name}\`)`).join(', ')}.`, '');
    }
    return lines;
}

const ACCESS_FLAGS: [string, string][] = [
    ['allowCreate', 'C'],
    ['allowRead', 'R'],
    ['allowEdit', 'E'],
    ['allowDelete', 'D'],
    ['viewAllRecords', 'V'],
    ['modifyAllRecords', 'M']
];

/** Object access per permission set (C create, R read, E edit, D delete, V view all, M modify all). */
function renderAccess(model: DataModel, metadataDir: string): string[] {
    const sets = filesEndingWith(join(metadataDir, 'permissionsets'), '.permissionset-meta.xml').map((path) => ({
        name: basename(path, '.permissionset-meta.xml'),
        node: readXml(path)
    }));
    if (sets.length === 0) return [];
    const code = (node: XmlNode, objectName: string): string => {
        const permission = children(node, 'objectPermissions').find((p) => text(p, 'object') === objectName);
        return permission
            ? ACCESS_FLAGS.map(([tag, flag]) => (text(permission, tag) === 'true' ? flag : '')).join('')
            : '-';
    };
    const lines = [
        '## Access by permission set',
        '',
        'C create, R read, E edit, D delete, V view all, M modify all; `-` no access. Field-level access and the',
        'exact tables live in `test/metadata/permissions.test.ts`.',
        '',
        `| object | ${sets.map((set) => set.name).join(' | ')} |`,
        `| --- | ${sets.map(() => '---').join(' | ')} |`
    ];
    for (const object of model.objects.filter((o) => o.kind === 'object')) {
        lines.push(`| \`${object.name}\` | ${sets.map((set) => code(set.node, object.name)).join(' | ')} |`);
    }
    const customPermissions = (node: XmlNode): string =>
        children(node, 'customPermissions')
            .filter((p) => text(p, 'enabled') === 'true')
            .map((p) => text(p, 'name'))
            .join(', ') || '-';
    lines.push(`| custom permissions | ${sets.map((set) => customPermissions(set.node)).join(' | ')} |`, '');
    return lines;
}

/**
 * Renders the data model as Markdown, formatted with the project's Prettier settings.
 *
 * @param model the loaded data model
 * @param metadataDir the metadata folder whose permission sets describe access (defaults to this project's)
 * @returns the full text of `docs/data-model.md`
 */
export async function renderDataModel(model: DataModel, metadataDir: string = METADATA_DIR): Promise<string> {
    const links = relationships(model);
    const kinds: [ObjectKind, string][] = [
        ['object', 'Custom objects'],
        ['metadataType', 'Custom metadata types'],
        ['setting', 'Custom settings']
    ];
    const lines = [
        '# Data model',
        '',
        'Generated by `npx tsx scripts/docs/data-model.ts` from the metadata in `force-app/main/default/objects`;',
        'do not edit by hand. API names leave out the `liftoff` namespace, which packaging adds.',
        '',
        '## Relationships',
        '',
        '| parent | child | field | kind | child relationship |',
        '| --- | --- | --- | --- | --- |',
        ...links.map(
            (link) =>
                `| ${link.parent} | ${link.child} | \`${link.field}\` | ${link.masterDetail ? 'master-detail' : 'lookup'} | \`${link.relationshipName}\` |`
        ),
        '',
        ...renderDiagram(model, links),
        ''
    ];
    for (const [kind, title] of kinds) {
        const objects = model.objects.filter((object) => object.kind === kind);
        if (objects.length > 0) lines.push(`## ${title}`, '', ...objects.flatMap(renderObject));
    }
    lines.push(...renderAccess(model, metadataDir));
    const options = (await prettier.resolveConfig(join(PROJECT_ROOT, 'docs', 'data-model.md'))) ?? {};
    return prettier.format(lines.join('\n'), { ...options, parser: 'markdown' });
}

/** Where the generated document lives. */
export const DATA_MODEL_DOC = join(PROJECT_ROOT, 'docs', 'data-model.md');

async function main(): Promise<void> {
    const rendered = await renderDataModel(loadDataModel());
    const target = relative(process.cwd(), DATA_MODEL_DOC);
    if (process.argv.includes('--check')) {
        const current = existsSync(DATA_MODEL_DOC) ? readFileSync(DATA_MODEL_DOC, 'utf8') : '';
        if (current !== rendered) {
            console.error(`${target} is out of date: run "npx tsx scripts/docs/data-model.ts" and commit the result.`);
            process.exit(1);
        }
        console.log(`${target} is up to date.`);
        return;
    }
    writeFileSync(DATA_MODEL_DOC, rendered);
    console.log(`Wrote ${target}.`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
    main().catch((error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
    });
}
