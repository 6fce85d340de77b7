/**
 * Namespace handling for API names (field case F30).
 *
 * The package namespace is `liftoff`. In a namespaced scratch org or a
 * subscriber org the API names carry it (`liftoff__OnboardingPlan__c`); in an
 * org built from unpackaged source they do not. The CLI writes names without
 * the prefix everywhere and maps them at the edge, both ways.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'jsforce';
import { CliError } from './errors.ts';

/** The package namespace from sfdx-project.json. */
export const PACKAGE_NAMESPACE = 'liftoff';

const CUSTOM_NAME = /^[A-Za-z][A-Za-z0-9_]*?__(c|r|mdt|e|x)$/;

const OBJECTS_DIR = join(
    dirname(fileURLToPath(import.meta.url)),
    '..',
    '..',
    'force-app',
    'main',
    'default',
    'objects'
);

/**
 * The custom names the package itself defines (objects, fields and their
 * relationship names), read from its metadata. Only these get the namespace:
 * a subscriber's own `Legacy_Id__c` on Account keeps its name.
 */
function packageNames(): Set<string> {
    const names = new Set<string>();
    if (!existsSync(OBJECTS_DIR)) return names;
    for (const object of readdirSync(OBJECTS_DIR)) {
        names.add(object);
        const fields = join(OBJECTS_DIR, object, 'fields');
        if (!existsSync(fields)) continue;
        for (const file of readdirSync(fields)) {
            const field = file.replace(/\.field-meta\.xml$/, '');
            names.add(field);
            names.add(field.replace(/__c$/, '__r'));
        }
    }
    return names;
}

let packaged: Set<string> | null = null;

function isPackageName(segment: string): boolean {
    packaged ??= packageNames();
    return packaged.has(segment);
}

/** Maps unprefixed API names to the org's names and back. */
export interface OrgNames {
    /** `''` or `liftoff__`. */
    readonly prefix: string;
    /** `OnboardingPlan__c` to the org's name; dotted paths are mapped segment by segment. */
    toOrg(name: string): string;
    /** The org's name back to the unprefixed one. */
    fromOrg(name: string): string;
}

/** Builds the mapping for a prefix (`''` when the org has no namespace). */
export function orgNames(prefix: string): OrgNames {
    const mapOne = (segment: string): string =>
        prefix && CUSTOM_NAME.test(segment) && !segment.startsWith(prefix) && isPackageName(segment)
            ? prefix + segment
            : segment;
    return {
        prefix,
        toOrg: (name) => name.split('.').map(mapOne).join('.'),
        fromOrg: (name) =>
            name
                .split('.')
                .map((segment) => (prefix && segment.startsWith(prefix) ? segment.slice(prefix.length) : segment))
                .join('.')
    };
}

/** What describe-global told us about the org. */
export interface OrgCatalog {
    names: OrgNames;
    /** Object API names as the org spells them. */
    objects: Set<string>;
}

/** Reads the org's object list once and picks the namespace mapping from it. */
export async function readCatalog(conn: Connection): Promise<OrgCatalog> {
    const global = await conn.request<{ sobjects: { name: string }[] }>({
        method: 'GET',
        url: `/services/data/v${conn.version}/sobjects`
    });
    const objects = new Set(global.sobjects.map((entry) => entry.name));
    const prefix = objects.has(`${PACKAGE_NAMESPACE}__OnboardingPlan__c`) ? `${PACKAGE_NAMESPACE}__` : '';
    return { names: orgNames(prefix), objects };
}

/**
 * Fails with one line when an object the command needs is not in the org.
 *
 * @param sobject unprefixed API name, e.g. `OnboardingPlan__c`
 * @throws CliError naming `npx liftoff setup` when Liftoff is absent, else the permission set to assign
 */
export function requireObject(catalog: OrgCatalog, sobject: string, alias: string): string {
    const orgName = catalog.names.toOrg(sobject);
    if (catalog.objects.has(orgName)) return orgName;
    const liftoffDeployed = catalog.objects.has(catalog.names.toOrg('OnboardingPlan__c'));
    if (sobject.endsWith('__c') && !liftoffDeployed) {
        throw new CliError(
            `Liftoff is not deployed in org '${alias}' (no ${sobject}), or this user cannot see it.`,
            `npx liftoff setup --target-org ${alias}`
        );
    }
    throw new CliError(
        `This user of org '${alias}' cannot see ${sobject}: a permission set is missing.`,
        `sf org assign permset --name LiftoffAdmin --target-org ${alias}`
    );
}

/**
 * Rewrites the custom names in a SOQL statement written by Liftoff (no string
 * literals holding such names) into the org's spelling.
 */
export function toOrgSoql(names: OrgNames, soql: string): string {
    if (!names.prefix) return soql;
    return soql.replace(/\b[A-Za-z][A-Za-z0-9_.]*__(?:c|r|mdt)\b/g, (token) => names.toOrg(token));
}

/** Removes the namespace from the keys of a query row, nested relationship rows included. */
export function fromOrgRow<T extends Record<string, unknown>>(names: OrgNames, row: T): T {
    if (!names.prefix) return row;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
        const mapped = key === 'attributes' ? value : unprefixValue(names, value);
        out[names.fromOrg(key)] = mapped;
    }
    return out as T;
}

function unprefixValue(names: OrgNames, value: unknown): unknown {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
        return fromOrgRow(names, value as Record<string, unknown>);
    }
    return value;
}
