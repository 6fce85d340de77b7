/**
 * What exists: the project's objects, fields, relationships, labels and custom
 * permissions read from source-format metadata, merged with the standard
 * objects and Apex classes listed in standard-schema.json. Every name is
 * matched case-insensitively, as Apex and SOQL do.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { listFiles } from '../shared.ts';

/** A relationship target: an object name, or '*' for a polymorphic relationship. */
export type Target = string;

/** One object: its fields and relationships, all keyed by lower-case name. */
export interface ObjectInfo {
    name: string;
    /** False for objects accepted by name only: any field passes. */
    fieldsKnown: boolean;
    fields: Map<string, string>;
    parents: Map<string, Target>;
    children: Map<string, Target>;
}

interface StandardObject {
    fields: string[];
    parents?: Record<string, string>;
    children?: Record<string, string>;
}

interface StandardSchema {
    commonFields: string[];
    commonParents: Record<string, string>;
    objects: Record<string, StandardObject>;
    objectsWithoutFieldList: string[];
    customObject: StandardObject;
    customMetadataType: StandardObject;
    customSetting: StandardObject;
    sObjectStaticMethods: string[];
    apexNamespaces: Record<string, string[]>;
    otherApexNamespaces: string[];
}

const lower = (name: string): string => name.toLowerCase();

function addAll(map: Map<string, string>, entries: Record<string, string> | string[] | undefined): void {
    if (!entries) return;
    if (Array.isArray(entries)) for (const name of entries) map.set(lower(name), name);
    else for (const [name, target] of Object.entries(entries)) map.set(lower(name), target);
}

/** Suffixes of objects the platform derives from a custom object (`Plan__Share` from `Plan__c`). */
const DERIVED_SUFFIXES = ['__share', '__history', '__feed', '__changeevent'];

/** The metadata and standard names a reference check resolves against. */
export class SchemaIndex {
    readonly objects = new Map<string, ObjectInfo>();
    readonly labels = new Set<string>();
    readonly customPermissions = new Set<string>();
    readonly sObjectStaticMethods: Set<string>;
    /** Lower-case namespace → lower-case class names checked in it (System, Schema, Database). */
    readonly apexNamespaces = new Map<string, Set<string>>();
    /** Lower-case namespaces whose classes are not listed: any class in them passes. */
    readonly otherApexNamespaces: Set<string>;
    /** Whether the project's metadata includes a labels file (otherwise labels are not checked). */
    labelsKnown = false;
    /** Whether the project's metadata includes custom permissions. */
    customPermissionsKnown = false;

    constructor(
        private readonly standard: StandardSchema,
        readonly namespace: string
    ) {
        this.sObjectStaticMethods = new Set(standard.sObjectStaticMethods.map(lower));
        for (const [space, classes] of Object.entries(standard.apexNamespaces)) {
            this.apexNamespaces.set(lower(space), new Set(classes.map(lower)));
        }
        this.otherApexNamespaces = new Set(standard.otherApexNamespaces.map(lower));
        for (const [name, info] of Object.entries(standard.objects)) this.addStandard(name, info, true);
        for (const name of standard.objectsWithoutFieldList) this.addStandard(name, { fields: [] }, false);
    }

    private addStandard(name: string, info: StandardObject, fieldsKnown: boolean): ObjectInfo {
        const object: ObjectInfo = { name, fieldsKnown, fields: new Map(), parents: new Map(), children: new Map() };
        addAll(object.fields, this.standard.commonFields);
        addAll(object.fields, info.fields);
        addAll(object.parents, this.standard.commonParents);
        addAll(object.parents, info.parents);
        addAll(object.children, info.children);
        this.objects.set(lower(name), object);
        return object;
    }

    /** Registers an object folder of the project (custom, or a standard object the project extends). */
    ensureObject(name: string): ObjectInfo {
        const existing = this.objects.get(lower(name));
        if (existing) return existing;
        const kind = lower(name).endsWith('__mdt')
            ? this.standard.customMetadataType
            : {
                  fields: this.standard.customObject.fields,
                  parents: this.standard.customObject.parents,
                  children: this.standard.customObject.children
              };
        return this.addStandard(name, kind, true);
    }

    /** Makes a registered object a hierarchy or list custom setting (no owner, a SetupOwner instead). */
    markCustomSetting(name: string): void {
        const object = this.objects.get(lower(name));
        if (!object) return;
        object.fields = new Map();
        object.parents = new Map();
        object.children = new Map();
        addAll(object.fields, this.standard.commonFields);
        addAll(object.fields, this.standard.customSetting.fields);
        addAll(object.parents, this.standard.commonParents);
        addAll(object.parents, this.standard.customSetting.parents);
    }

    /** Removes the project namespace prefix (`liftoff__Plan__c` → `Plan__c`); code never needs it. */
    stripNamespace(name: string): string {
        const prefix = `${lower(this.namespace)}__`;
        return this.namespace && lower(name).startsWith(prefix) && name.split('__').length > 2
            ? name.slice(prefix.length)
            : name;
    }

    /** True for a name in another package's namespace (`other__Thing__c`), which this check cannot know. */
    isForeignNamespaced(name: string): boolean {
        return this.stripNamespace(name).split('__').length > 2;
    }

    /** The object named `name`, including objects derived from a custom object (`__Share`, `__History`). */
    object(name: string): ObjectInfo | null {
        const key = lower(this.stripNamespace(name));
        const found = this.objects.get(key);
        if (found) return found;
        const suffix = DERIVED_SUFFIXES.find((end) => key.endsWith(end));
        if (suffix && this.objects.has(`${key.slice(0, -suffix.length)}__c`)) {
            return { name, fieldsKnown: false, fields: new Map(), parents: new Map(), children: new Map() };
        }
        return null;
    }

    /** True when `name` is a standard Apex class of the System namespace (usable unqualified). */
    isSystemClass(name: string): boolean {
        return this.apexNamespaces.get('system')?.has(lower(name)) ?? false;
    }
}

const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false });

function readXml(file: string): Record<string, unknown> {
    return xml.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function text(value: unknown): string | undefined {
    return typeof value === 'string' ? value : undefined;
}

function readField(index: SchemaIndex, object: ObjectInfo, file: string): void {
    const name = basename(file).replace(/\.field-meta\.xml$/, '');
    object.fields.set(lower(name), name);
    const field = (readXml(file).CustomField ?? {}) as Record<string, unknown>;
    const type = text(field.type);
    if (type !== 'Lookup' && type !== 'MasterDetail' && type !== 'MetadataRelationship') return;
    const referenceTo = text(field.referenceTo);
    if (!referenceTo || !name.endsWith('__c')) return;
    object.parents.set(lower(name.replace(/__c$/, '__r')), referenceTo);
    const relationshipName = text(field.relationshipName);
    if (relationshipName) index.ensureObject(referenceTo).children.set(lower(`${relationshipName}__r`), object.name);
}

function readLabels(index: SchemaIndex, file: string): void {
    const root = (readXml(file).CustomLabels ?? {}) as { labels?: unknown };
    const labels = Array.isArray(root.labels) ? root.labels : root.labels ? [root.labels] : [];
    for (const label of labels as { fullName?: unknown }[]) {
        const name = text(label.fullName);
        if (name) index.labels.add(lower(name));
    }
    index.labelsKnown = true;
}

function readProjectNamespace(projectRoot: string): string {
    const file = join(projectRoot, 'sfdx-project.json');
    if (!existsSync(file)) return '';
    const project = JSON.parse(readFileSync(file, 'utf8')) as { namespace?: string };
    return project.namespace ?? '';
}

/**
 * Builds the index for the metadata found anywhere under `sourceRoot`.
 * @param sourceRoot the folder holding source-format metadata (objects/, labels/, customPermissions/)
 * @param projectRoot the project root, for sfdx-project.json's namespace
 * @param standardFile the standard-schema.json data file
 */
export function buildSchemaIndex(sourceRoot: string, projectRoot: string, standardFile: string): SchemaIndex {
    const standard = JSON.parse(readFileSync(standardFile, 'utf8')) as StandardSchema;
    const index = new SchemaIndex(standard, readProjectNamespace(projectRoot));
    const metadata = listFiles(sourceRoot, (path) => /-meta\.xml$/.test(path));
    const objectFiles = metadata.filter((path) => path.endsWith('.object-meta.xml'));
    for (const file of objectFiles) {
        const name = basename(file).replace(/\.object-meta\.xml$/, '');
        index.ensureObject(name);
        const customObject = (readXml(file).CustomObject ?? {}) as Record<string, unknown>;
        if (text(customObject.customSettingsType)) index.markCustomSetting(name);
    }
    for (const file of metadata.filter((path) => path.endsWith('.field-meta.xml'))) {
        const objectName = basename(dirname(dirname(file)));
        readField(index, index.ensureObject(objectName), file);
    }
    for (const file of metadata.filter((path) => path.endsWith('.labels-meta.xml'))) readLabels(index, file);
    for (const file of metadata.filter((path) => path.endsWith('.customPermission-meta.xml'))) {
        index.customPermissions.add(lower(basename(file).replace(/\.customPermission-meta\.xml$/, '')));
        index.customPermissionsKnown = true;
    }
    return index;
}
