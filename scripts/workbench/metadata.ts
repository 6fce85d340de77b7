/**
 * Reads the package's own metadata (objects, fields, picklists, custom labels,
 * permission sets and custom metadata records) so the workbench follows the
 * package instead of a copy of it: a field added to `objects/` appears in the
 * workbench's tables, forms and permission checks with no code change.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { standardObjects } from './standard-objects.ts';

/** Field types as Salesforce metadata names them (`<type>` in `.field-meta.xml`). */
export type FieldType =
    | 'Id'
    | 'Text'
    | 'TextArea'
    | 'LongTextArea'
    | 'Html'
    | 'Email'
    | 'Phone'
    | 'Url'
    | 'Picklist'
    | 'MultiselectPicklist'
    | 'Number'
    | 'Currency'
    | 'Percent'
    | 'Date'
    | 'DateTime'
    | 'Checkbox'
    | 'Lookup'
    | 'MasterDetail'
    | 'AutoNumber'
    | 'Summary';

export interface PicklistValue {
    value: string;
    label: string;
    isDefault: boolean;
}

export interface FieldSchema {
    apiName: string;
    label: string;
    type: FieldType;
    /**
     * The formula text when the field is a formula; formula fields are never written.
     * Limitation: the workbench does not evaluate formulas, so their columns stay empty.
     */
    formula: string | null;
    required: boolean;
    unique: boolean;
    caseSensitive: boolean;
    externalId: boolean;
    length: number | null;
    precision: number | null;
    scale: number | null;
    referenceTo: string | null;
    picklist: PicklistValue[] | null;
    restrictedPicklist: boolean;
    defaultValue: string | null;
    /** True for fields the platform owns (Id, CreatedDate ...): imports and saves never set them. */
    system: boolean;
}

export interface ObjectSchema {
    apiName: string;
    label: string;
    pluralLabel: string;
    custom: boolean;
    /** Three-character key prefix used for the ids the workbench generates. */
    keyPrefix: string;
    fields: FieldSchema[];
}

export interface LabelEntry {
    fullName: string;
    value: string;
    shortDescription: string;
}

export interface PermissionSetSchema {
    name: string;
    label: string;
    objects: Record<
        string,
        { read: boolean; create: boolean; edit: boolean; delete: boolean; viewAll: boolean; modifyAll: boolean }
    >;
    /** Keyed `Object.Field`. */
    fields: Record<string, { readable: boolean; editable: boolean }>;
    customPermissions: string[];
}

export interface CustomMetadataRecord {
    type: string;
    developerName: string;
    label: string;
    values: Record<string, string | number | boolean | null>;
}

export interface PackageMetadata {
    objects: Map<string, ObjectSchema>;
    labels: LabelEntry[];
    permissionSets: Map<string, PermissionSetSchema>;
    customMetadata: CustomMetadataRecord[];
}

const ARRAY_TAGS = new Set([
    'labels',
    'objectPermissions',
    'fieldPermissions',
    'customPermissions',
    'values',
    'classAccesses',
    'tabSettings',
    'applicationVisibilities',
    'userPermissions',
    'pageAccesses',
    'recordTypeVisibilities',
    'customMetadataTypeAccesses',
    'customSettingAccesses'
]);

const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    trimValues: true,
    isArray: (tagName, jPath) => ARRAY_TAGS.has(tagName) || String(jPath).endsWith('valueSetDefinition.value')
});

type XmlNode = Record<string, unknown>;

function readXml(path: string, root: string): XmlNode {
    const xml = readFileSync(path, 'utf8');
    const valid = XMLValidator.validate(xml);
    if (valid !== true) {
        throw new Error(
            `${path}: not well-formed XML (line ${valid.err.line}: ${valid.err.msg}). Fix the file and start again.`
        );
    }
    let parsed: XmlNode;
    try {
        parsed = parser.parse(xml) as XmlNode;
    } catch (error) {
        throw new Error(`${path}: not well-formed XML (${(error as Error).message}). Fix the file and start again.`);
    }
    const node = parsed[root];
    if (node === undefined || node === null || typeof node !== 'object') {
        throw new Error(`${path}: expected a <${root}> root element.`);
    }
    return node as XmlNode;
}

function text(node: XmlNode, key: string): string | null {
    const value = node[key];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value === 'object') return null;
    return String(value);
}

function bool(node: XmlNode, key: string): boolean {
    return text(node, key) === 'true';
}

function num(node: XmlNode, key: string): number | null {
    const value = text(node, key);
    return value === null ? null : Number(value);
}

function list(node: XmlNode | undefined, key: string): XmlNode[] {
    if (!node) return [];
    const value = node[key];
    if (value === undefined || value === null) return [];
    return (Array.isArray(value) ? value : [value]) as XmlNode[];
}

const KNOWN_TYPES = new Set<string>([
    'Text',
    'TextArea',
    'LongTextArea',
    'Html',
    'Email',
    'Phone',
    'Url',
    'Picklist',
    'MultiselectPicklist',
    'Number',
    'Currency',
    'Percent',
    'Date',
    'DateTime',
    'Checkbox',
    'Lookup',
    'MasterDetail',
    'AutoNumber',
    'Summary'
]);

function readPicklist(field: XmlNode): { values: PicklistValue[] | null; restricted: boolean } {
    const valueSet = field.valueSet as XmlNode | undefined;
    if (!valueSet) return { values: null, restricted: false };
    const definition = valueSet.valueSetDefinition as XmlNode | undefined;
    const values = list(definition, 'value').map((entry) => ({
        value: text(entry, 'fullName') ?? '',
        label: text(entry, 'label') ?? text(entry, 'fullName') ?? '',
        isDefault: bool(entry, 'default')
    }));
    return { values, restricted: bool(valueSet, 'restricted') };
}

/** Parses one `.field-meta.xml` file into the workbench's field description. */
export function parseFieldXml(path: string): FieldSchema {
    const field = readXml(path, 'CustomField');
    const apiName = text(field, 'fullName');
    const rawType = text(field, 'type');
    if (!apiName || !rawType) {
        throw new Error(`${path}: a field needs <fullName> and <type>.`);
    }
    if (!KNOWN_TYPES.has(rawType)) {
        throw new Error(
            `${path}: field type "${rawType}" is not supported by the workbench; supported: ${[...KNOWN_TYPES].join(', ')}.`
        );
    }
    const picklist = readPicklist(field);
    return {
        apiName,
        label: text(field, 'label') ?? apiName,
        type: rawType as FieldType,
        formula: text(field, 'formula'),
        required: bool(field, 'required') || rawType === 'MasterDetail',
        unique: bool(field, 'unique'),
        caseSensitive: bool(field, 'caseSensitive'),
        externalId: bool(field, 'externalId'),
        length: num(field, 'length'),
        precision: num(field, 'precision'),
        scale: num(field, 'scale'),
        referenceTo: text(field, 'referenceTo'),
        picklist: picklist.values,
        restrictedPicklist: picklist.restricted,
        defaultValue: text(field, 'defaultValue'),
        system: false
    };
}

/** Deterministic key prefix for a custom object (`a00`, `a01`, ... in name order), like an org assigns. */
function customKeyPrefix(index: number): string {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    return `a${alphabet[Math.floor(index / 62) % 62]}${alphabet[index % 62]}`;
}

function customSystemFields(objectNode: XmlNode, isDetail: boolean): FieldSchema[] {
    const nameField = (objectNode.nameField as XmlNode | undefined) ?? {};
    const nameType = text(nameField, 'type') === 'AutoNumber' ? 'AutoNumber' : 'Text';
    const fields: FieldSchema[] = [
        systemField('Id', 'Id'),
        {
            ...systemField('Name', nameType),
            label: text(nameField, 'label') ?? 'Name',
            system: nameType === 'AutoNumber',
            // A text name field is always required in an org (REQUIRED_FIELD_MISSING on a blank name).
            required: nameType !== 'AutoNumber',
            length: 80
        },
        systemField('CreatedDate', 'DateTime'),
        systemField('LastModifiedDate', 'DateTime')
    ];
    if (!isDetail) fields.push({ ...systemField('OwnerId', 'Lookup'), referenceTo: 'User', system: false });
    return fields;
}

/** A platform-owned field; exported for the standard object list. */
export function systemField(apiName: string, type: FieldType): FieldSchema {
    return {
        apiName,
        label: apiName,
        type,
        formula: null,
        required: false,
        unique: apiName === 'Id',
        caseSensitive: false,
        externalId: false,
        length: null,
        precision: null,
        scale: null,
        referenceTo: null,
        picklist: null,
        restrictedPicklist: false,
        defaultValue: null,
        system: apiName === 'Id' || apiName === 'CreatedDate' || apiName === 'LastModifiedDate'
    };
}

function readFields(objectDir: string): FieldSchema[] {
    const fieldsDir = join(objectDir, 'fields');
    if (!existsSync(fieldsDir)) return [];
    return readdirSync(fieldsDir)
        .filter((file) => file.endsWith('.field-meta.xml'))
        .sort()
        .map((file) => parseFieldXml(join(fieldsDir, file)));
}

/**
 * Reads every object folder under `objectsDir` and merges the custom fields of
 * standard objects (Account, Contact, Opportunity, User) into their standard
 * field lists. Custom metadata types (`__mdt`) are configuration, not tables,
 * so they are left out; custom settings are kept as ordinary tables.
 */
export function readObjects(objectsDir: string): Map<string, ObjectSchema> {
    const objects = new Map<string, ObjectSchema>();
    for (const standard of standardObjects()) {
        objects.set(standard.apiName, { ...standard, fields: [...standard.fields] });
    }
    const folders = existsSync(objectsDir) ? readdirSync(objectsDir).sort() : [];
    let customIndex = 0;
    for (const folder of folders) {
        if (folder.endsWith('__mdt')) continue;
        const dir = join(objectsDir, folder);
        const fields = readFields(dir);
        const existing = objects.get(folder);
        if (existing) {
            const known = new Set(existing.fields.map((field) => field.apiName));
            existing.fields.push(...fields.filter((field) => !known.has(field.apiName)));
            continue;
        }
        const metaPath = join(dir, `${folder}.object-meta.xml`);
        if (!existsSync(metaPath)) continue;
        const objectNode = readXml(metaPath, 'CustomObject');
        const isDetail = fields.some((field) => field.type === 'MasterDetail');
        objects.set(folder, {
            apiName: folder,
            label: text(objectNode, 'label') ?? folder,
            pluralLabel: text(objectNode, 'pluralLabel') ?? folder,
            custom: true,
            keyPrefix: customKeyPrefix(customIndex),
            fields: [...customSystemFields(objectNode, isDetail), ...fields]
        });
        customIndex += 1;
    }
    return objects;
}

/** Reads `CustomLabels.labels-meta.xml`; a missing file yields no labels. */
export function readLabels(path: string): LabelEntry[] {
    if (!existsSync(path)) return [];
    const root = readXml(path, 'CustomLabels');
    return list(root, 'labels').map((label) => ({
        fullName: text(label, 'fullName') ?? '',
        value: text(label, 'value') ?? '',
        shortDescription: text(label, 'shortDescription') ?? ''
    }));
}

/** Reads every `*.permissionset-meta.xml` in a folder. */
export function readPermissionSets(dir: string): Map<string, PermissionSetSchema> {
    const sets = new Map<string, PermissionSetSchema>();
    if (!existsSync(dir)) return sets;
    for (const file of readdirSync(dir).sort()) {
        if (!file.endsWith('.permissionset-meta.xml')) continue;
        const node = readXml(join(dir, file), 'PermissionSet');
        const name = file.replace('.permissionset-meta.xml', '');
        const set: PermissionSetSchema = {
            name,
            label: text(node, 'label') ?? name,
            objects: {},
            fields: {},
            customPermissions: []
        };
        for (const entry of list(node, 'objectPermissions')) {
            set.objects[text(entry, 'object') ?? ''] = {
                read: bool(entry, 'allowRead'),
                create: bool(entry, 'allowCreate'),
                edit: bool(entry, 'allowEdit'),
                delete: bool(entry, 'allowDelete'),
                viewAll: bool(entry, 'viewAllRecords'),
                modifyAll: bool(entry, 'modifyAllRecords')
            };
        }
        for (const entry of list(node, 'fieldPermissions')) {
            set.fields[text(entry, 'field') ?? ''] = {
                readable: bool(entry, 'readable'),
                editable: bool(entry, 'editable')
            };
        }
        set.customPermissions = list(node, 'customPermissions')
            .filter((entry) => bool(entry, 'enabled'))
            .map((entry) => text(entry, 'name') ?? '');
        sets.set(name, set);
    }
    return sets;
}

function metadataValue(entry: XmlNode): string | number | boolean | null {
    const raw = entry.value;
    if (raw === undefined || raw === null || typeof raw !== 'object')
        return raw === undefined || raw === null ? null : String(raw);
    const node = raw as XmlNode;
    if (node['@xsi:nil'] === 'true') return null;
    const type = String(node['@xsi:type'] ?? '');
    const body = node['#text'];
    if (body === undefined) return null;
    if (type === 'xsd:boolean') return String(body) === 'true';
    if (type === 'xsd:double' || type === 'xsd:int' || type === 'xsd:long') return Number(body);
    return String(body);
}

/** Reads custom metadata records (`customMetadata/Type.Name.md-meta.xml`). */
export function readCustomMetadata(dir: string): CustomMetadataRecord[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
        .filter((file) => file.endsWith('.md-meta.xml'))
        .sort()
        .map((file) => {
            const [type, developerName] = file.replace('.md-meta.xml', '').split('.');
            const node = readXml(join(dir, file), 'CustomMetadata');
            const values: Record<string, string | number | boolean | null> = {};
            for (const entry of list(node, 'values')) values[text(entry, 'field') ?? ''] = metadataValue(entry);
            return { type: `${type}__mdt`, developerName, label: text(node, 'label') ?? developerName, values };
        });
}

/** Reads everything the workbench needs from `force-app/main/default`. */
export function readPackageMetadata(sourceDir: string): PackageMetadata {
    return {
        objects: readObjects(join(sourceDir, 'objects')),
        labels: readLabels(join(sourceDir, 'labels', 'CustomLabels.labels-meta.xml')),
        permissionSets: readPermissionSets(join(sourceDir, 'permissionsets')),
        customMetadata: readCustomMetadata(join(sourceDir, 'customMetadata'))
    };
}
