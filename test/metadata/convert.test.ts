/**
 * The data model, security model and app surface convert to Metadata API format, and the produced package.xml
 * lists every object, permission set, page and the other components of those folders (nothing is silently
 * dropped by the conversion).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
    children,
    filesEndingWith,
    METADATA_DIR,
    PROJECT_ROOT,
    text,
    texts,
    type XmlNode
} from '../../scripts/docs/data-model.ts';
import { XMLParser } from 'fast-xml-parser';

const FOLDERS = [
    'objects',
    'customMetadata',
    'permissionsets',
    'customPermissions',
    'applications',
    'tabs',
    'flexipages',
    'layouts',
    'reportTypes',
    'reports',
    'dashboards',
    'notificationtypes'
];

const names = (folder: string, suffix: string): string[] =>
    filesEndingWith(join(METADATA_DIR, folder), suffix).map((path) => basename(path, suffix));

describe('sf project convert source', () => {
    const temp = mkdtempSync(join(tmpdir(), 'liftoff-metadata-convert-'));
    const members = new Map<string, string[]>();
    let output = '';

    before(() => {
        const sf = join(PROJECT_ROOT, 'node_modules', '.bin', 'sf');
        const sourceDirs = FOLDERS.flatMap((folder) => ['--source-dir', join(METADATA_DIR, folder)]);
        const run = spawnSync(sf, ['project', 'convert', 'source', ...sourceDirs, '--output-dir', join(temp, 'out')], {
            cwd: PROJECT_ROOT,
            encoding: 'utf8',
            env: {
                ...process.env,
                SF_DISABLE_TELEMETRY: 'true',
                SF_AUTOUPDATE_DISABLE: 'true',
                SF_SKIP_NEW_VERSION_CHECK: 'true'
            }
        });
        output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
        const packageXml = join(temp, 'out', 'package.xml');
        if (!existsSync(packageXml)) return;
        const parser = new XMLParser({
            isArray: (name) => name === 'types' || name === 'members',
            parseTagValue: false
        });
        const parsed = parser.parse(readFileSync(packageXml, 'utf8')) as {
            Package: { types: { name: string; members: string[] }[] };
        };
        for (const type of parsed.Package.types) members.set(type.name, type.members);
    });

    after(() => rmSync(temp, { recursive: true, force: true }));

    it('writes a package.xml', () => {
        assert.ok(members.size > 0, `conversion wrote no package.xml:\n${output}`);
    });

    it('lists every object, metadata type and setting, and every field', () => {
        const objects = readdirSync(join(METADATA_DIR, 'objects')).sort();
        assert.deepEqual([...(members.get('CustomObject') ?? [])].sort(), objects);
        const fields = objects.flatMap((o) =>
            names(join('objects', o, 'fields'), '.field-meta.xml').map((f) => `${o}.${f}`)
        );
        assert.deepEqual([...(members.get('CustomField') ?? [])].sort(), fields.sort());
    });

    it('lists every permission set, page, tab, layout, report type and custom metadata record', () => {
        const expected: [string, string, string][] = [
            ['PermissionSet', 'permissionsets', '.permissionset-meta.xml'],
            ['FlexiPage', 'flexipages', '.flexipage-meta.xml'],
            ['CustomTab', 'tabs', '.tab-meta.xml'],
            ['Layout', 'layouts', '.layout-meta.xml'],
            ['ReportType', 'reportTypes', '.reportType-meta.xml'],
            ['CustomMetadata', 'customMetadata', '.md-meta.xml'],
            ['CustomPermission', 'customPermissions', '.customPermission-meta.xml'],
            ['CustomApplication', 'applications', '.app-meta.xml'],
            ['CustomNotificationType', 'notificationtypes', '.notiftype-meta.xml']
        ];
        for (const [type, folder, suffix] of expected) {
            assert.deepEqual([...(members.get(type) ?? [])].sort(), names(folder, suffix).sort(), type);
        }
    });

    it('lists every list view, validation rule, compact layout, report and the dashboard', () => {
        const nested = (sub: string, suffix: string): string[] =>
            readdirSync(join(METADATA_DIR, 'objects')).flatMap((o) =>
                names(join('objects', o, sub), suffix).map((n) => `${o}.${n}`)
            );
        assert.deepEqual([...(members.get('ListView') ?? [])].sort(), nested('listViews', '.listView-meta.xml').sort());
        assert.deepEqual(
            [...(members.get('ValidationRule') ?? [])].sort(),
            nested('validationRules', '.validationRule-meta.xml').sort()
        );
        assert.deepEqual(
            [...(members.get('CompactLayout') ?? [])].sort(),
            nested('compactLayouts', '.compactLayout-meta.xml').sort()
        );
        const reports = names(join('reports', 'LiftoffReports'), '.report-meta.xml').map((r) => `LiftoffReports/${r}`);
        // The CLI names a report folder with a trailing slash; the folder counts either way.
        const listed = (members.get('Report') ?? []).map((m) => m.replace(/\/$/, ''));
        assert.deepEqual(listed.sort(), ['LiftoffReports', ...reports].sort());
        assert.ok((members.get('Dashboard') ?? []).includes('LiftoffDashboards/LiftoffPortfolioStarter'));
    });

    it('keeps the description text of a field unchanged through conversion', () => {
        const converted = join(temp, 'out', 'objects', 'OnboardingPlan__c.object');
        assert.ok(existsSync(converted), 'OnboardingPlan__c.object was not written');
        const parser = new XMLParser({ isArray: (name) => name === 'fields', parseTagValue: false });
        const parsed = parser.parse(readFileSync(converted, 'utf8')) as { CustomObject: XmlNode };
        const status = children(parsed.CustomObject, 'fields').find((f) => text(f, 'fullName') === 'Status__c');
        assert.ok(status, 'Status__c is missing from the converted object');
        assert.doesNotMatch(text(status, 'description'), /\n/, 'the description gained line breaks');
        assert.deepEqual(texts(status, 'label'), ['Status']);
    });
});
