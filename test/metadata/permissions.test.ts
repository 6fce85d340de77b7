/**
 * Permission sets grant exactly the access stated in the tables below, and no more. A change to a permission
 * set that is not also made here (or the reverse) fails, so access never drifts unnoticed.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
    children,
    filesEndingWith,
    loadDataModel,
    METADATA_DIR,
    readXml,
    text,
    type XmlNode
} from '../../scripts/docs/data-model.ts';

type Role = 'LiftoffAdmin' | 'LiftoffCSM' | 'LiftoffSales' | 'LiftoffExecutive';
const ROLES: Role[] = ['LiftoffAdmin', 'LiftoffCSM', 'LiftoffSales', 'LiftoffExecutive'];

/**
 * Object access per role: C create, R read, E edit, D delete, V view all, M modify all. An object missing from
 * a role's row is not accessible to it at all. Sales reads alerts and playbook steps because the health and
 * mutual plan controllers query them in user mode on the pages an account executive opens.
 */
const OBJECT_ACCESS: Record<Role, Record<string, string>> = {
    LiftoffAdmin: {
        OnboardingPlan__c: 'CREDVM',
        OnboardingMilestone__c: 'CREDVM',
        OnboardingStakeholder__c: 'CREDVM',
        AdoptionSnapshot__c: 'CREDVM',
        HealthSnapshot__c: 'CREDVM',
        OnboardingAlert__c: 'CREDVM',
        Playbook__c: 'CREDVM',
        PlaybookStep__c: 'CREDVM'
    },
    LiftoffCSM: {
        OnboardingPlan__c: 'CRE',
        OnboardingMilestone__c: 'CRED',
        OnboardingStakeholder__c: 'CRED',
        AdoptionSnapshot__c: 'R',
        HealthSnapshot__c: 'R',
        OnboardingAlert__c: 'RE',
        Playbook__c: 'R',
        PlaybookStep__c: 'R'
    },
    LiftoffSales: {
        OnboardingPlan__c: 'CRE',
        OnboardingMilestone__c: 'R',
        OnboardingStakeholder__c: 'CRE',
        HealthSnapshot__c: 'R',
        OnboardingAlert__c: 'R',
        Playbook__c: 'R',
        PlaybookStep__c: 'R'
    },
    LiftoffExecutive: {
        OnboardingPlan__c: 'R',
        OnboardingMilestone__c: 'R',
        OnboardingStakeholder__c: 'R',
        AdoptionSnapshot__c: 'R',
        HealthSnapshot__c: 'R',
        OnboardingAlert__c: 'R',
        Playbook__c: 'R',
        PlaybookStep__c: 'R'
    }
};

const DISCOVERY_FIELDS = [
    'SuccessCriteria__c',
    'BusinessCase__c',
    'MetricsToImprove__c',
    'PrimaryMetricName__c',
    'PrimaryMetricBaseline__c',
    'PrimaryMetricTarget__c',
    'TechnicalEnvironment__c',
    'IntegrationDependencies__c',
    'CompetitiveContext__c',
    'AssumedTimeline__c',
    'CustomerGoLiveDate__c'
];

/**
 * Fields each role may edit. Admin edits every field that is not a formula; Executive edits nothing. Every
 * other field of an object a role can read is read-only for it.
 */
const EDITABLE: Record<'LiftoffCSM' | 'LiftoffSales', Record<string, string[]>> = {
    LiftoffCSM: {
        OnboardingPlan__c: [
            'Opportunity__c',
            'Playbook__c',
            'Segment__c',
            'Status__c',
            'CSM__c',
            'AccountExecutive__c',
            'ImplementationLead__c',
            'ExecutiveSponsor__c',
            'ContractValue__c',
            'ARR__c',
            'ContractCurrency__c',
            'ContractSignedDate__c',
            'KickoffDate__c',
            'FirstValueTargetDate__c',
            'FirstValueAchievedDate__c',
            'FullValueTargetDate__c',
            'FullValueAchievedDate__c',
            'BusinessReviewDate__c',
            'BusinessReviewHeldDate__c',
            'RealizedValue__c',
            'ExpansionSignals__c',
            'ChurnDate__c',
            'ChurnReason__c',
            'TimeZone__c',
            ...DISCOVERY_FIELDS,
            'PrimaryMetricCurrent__c',
            'HandoffAcceptedAt__c',
            'HandoffAcceptedBy__c',
            'HandoffMeetingAt__c'
        ],
        OnboardingMilestone__c: [
            'Sequence__c',
            'Phase__c',
            'OwnerSide__c',
            'VendorOwner__c',
            'CustomerOwner__c',
            'TargetDate__c',
            'ForecastDate__c',
            'CompletedDate__c',
            'Status__c',
            'ValueMarker__c',
            'SlipCause__c',
            'OffsetBusinessDays__c',
            'PlaybookStep__c',
            'Description__c',
            'CustomerVisible__c'
        ],
        OnboardingStakeholder__c: [
            'Contact__c',
            'BuyingRole__c',
            'OnboardingRole__c',
            'Influence__c',
            'Stance__c',
            'ReportsTo__c',
            'EnablementStatus__c',
            'Departed__c'
        ],
        OnboardingAlert__c: ['Status__c', 'SnoozedUntil__c', 'ResolvedAt__c']
    },
    LiftoffSales: {
        OnboardingPlan__c: [
            'Opportunity__c',
            'Segment__c',
            'Status__c',
            'AccountExecutive__c',
            'ExecutiveSponsor__c',
            'ContractValue__c',
            'ARR__c',
            'ContractCurrency__c',
            'ContractSignedDate__c',
            'TimeZone__c',
            ...DISCOVERY_FIELDS,
            'HandoffSubmittedAt__c',
            'HandoffSubmittedBy__c',
            'HandoffMeetingAt__c'
        ],
        OnboardingStakeholder__c: [
            'Contact__c',
            'BuyingRole__c',
            'OnboardingRole__c',
            'Influence__c',
            'Stance__c',
            'ReportsTo__c',
            'Departed__c'
        ]
    }
};

/** Key field edits, spelled out so the intent reads at a glance: [role, field, editable]. */
const KEY_FIELD_EDITS: [Role, string, boolean][] = [
    ['LiftoffAdmin', 'OnboardingPlan__c.HealthOverride__c', true],
    ['LiftoffCSM', 'OnboardingPlan__c.HealthOverride__c', false],
    ['LiftoffCSM', 'OnboardingPlan__c.HealthScore__c', false],
    ['LiftoffCSM', 'OnboardingMilestone__c.ScheduleStatus__c', false],
    ['LiftoffCSM', 'OnboardingStakeholder__c.UniqueKey__c', false],
    ['LiftoffCSM', 'OnboardingAlert__c.DedupeKey__c', false],
    ['LiftoffCSM', 'OnboardingPlan__c.HandoffAcceptedBy__c', true],
    ['LiftoffCSM', 'OnboardingPlan__c.HandoffSubmittedBy__c', false],
    ['LiftoffSales', 'OnboardingPlan__c.SuccessCriteria__c', true],
    ['LiftoffSales', 'OnboardingPlan__c.HandoffSubmittedAt__c', true],
    ['LiftoffSales', 'OnboardingPlan__c.HandoffAcceptedAt__c', false],
    ['LiftoffSales', 'OnboardingPlan__c.KickoffDate__c', false],
    ['LiftoffSales', 'OnboardingPlan__c.HealthBand__c', false],
    ['LiftoffExecutive', 'OnboardingPlan__c.Status__c', false]
];

const CONTROLLERS = [
    'BusinessReviewController',
    'DiscoveryHandoffController',
    'MutualPlanController',
    'OnboardingHealthController',
    'PortfolioController',
    'StakeholderMapController'
];
const CLASS_ACCESS: Record<Role, string[]> = {
    LiftoffAdmin: CONTROLLERS,
    LiftoffCSM: CONTROLLERS,
    LiftoffSales: [
        'DiscoveryHandoffController',
        'MutualPlanController',
        'OnboardingHealthController',
        'StakeholderMapController'
    ],
    LiftoffExecutive: CONTROLLERS
};

const TAB_VISIBILITY: Record<Role, Record<string, string>> = {
    LiftoffAdmin: {
        OnboardingPlan__c: 'Visible',
        OnboardingMilestone__c: 'Visible',
        OnboardingAlert__c: 'Visible',
        Playbook__c: 'Visible',
        LiftoffPortfolio: 'Visible'
    },
    LiftoffCSM: {
        OnboardingPlan__c: 'Visible',
        OnboardingMilestone__c: 'Visible',
        OnboardingAlert__c: 'Visible',
        Playbook__c: 'Visible',
        LiftoffPortfolio: 'Visible'
    },
    LiftoffSales: { OnboardingPlan__c: 'Visible', OnboardingMilestone__c: 'Available' },
    LiftoffExecutive: {
        OnboardingPlan__c: 'Visible',
        OnboardingMilestone__c: 'Available',
        OnboardingAlert__c: 'Visible',
        Playbook__c: 'Available',
        LiftoffPortfolio: 'Visible'
    }
};

/** Custom permissions, custom metadata types and custom settings: Admin only. */
const ADMIN_ONLY = {
    customPermissions: ['BypassAutomation', 'OverrideHealthScore'],
    customMetadataTypeAccesses: ['EscalationRule__mdt', 'HealthModel__mdt', 'TriggerAction__mdt'],
    customSettingAccesses: ['LiftoffSettings__c']
};

const model = loadDataModel();
const customObjects = model.objects.filter((o) => o.kind === 'object');
const permissionSets = new Map<string, XmlNode>(
    filesEndingWith(join(METADATA_DIR, 'permissionsets'), '.permissionset-meta.xml').map((path) => [
        path.slice(path.lastIndexOf('/') + 1).replace('.permissionset-meta.xml', ''),
        readXml(path)
    ])
);

function permissionSet(role: Role): XmlNode {
    const found = permissionSets.get(role);
    assert.ok(found, `permissionsets/${role}.permissionset-meta.xml is missing`);
    return found;
}

function accessCode(node: XmlNode): string {
    const flags: [string, string][] = [
        ['allowCreate', 'C'],
        ['allowRead', 'R'],
        ['allowEdit', 'E'],
        ['allowDelete', 'D'],
        ['viewAllRecords', 'V'],
        ['modifyAllRecords', 'M']
    ];
    return flags.map(([tag, code]) => (text(node, tag) === 'true' ? code : '')).join('');
}

function fieldPermissions(role: Role): Map<string, { readable: boolean; editable: boolean }> {
    return new Map(
        children(permissionSet(role), 'fieldPermissions').map((node) => [
            text(node, 'field'),
            { readable: text(node, 'readable') === 'true', editable: text(node, 'editable') === 'true' }
        ])
    );
}

function expectedEditable(role: Role, objectName: string, fieldName: string, isFormula: boolean): boolean {
    if (isFormula || role === 'LiftoffExecutive') return false;
    if (role === 'LiftoffAdmin') return true;
    return (EDITABLE[role][objectName] ?? []).includes(fieldName);
}

describe('permission sets', () => {
    it('exist for exactly the four Liftoff roles', () => {
        assert.deepEqual([...permissionSets.keys()].sort(), [...ROLES].sort());
    });

    for (const role of ROLES) {
        it(`${role} has exactly the object access of the table`, () => {
            const actual = Object.fromEntries(
                children(permissionSet(role), 'objectPermissions').map((node) => [
                    text(node, 'object'),
                    accessCode(node)
                ])
            );
            assert.deepEqual(actual, OBJECT_ACCESS[role]);
        });

        it(`${role} reads every field of the objects it can read, edits exactly the listed ones, and nothing else`, () => {
            const actual = fieldPermissions(role);
            const expected = new Map<string, { readable: boolean; editable: boolean }>();
            for (const o of customObjects.filter((x) => OBJECT_ACCESS[role][x.name] !== undefined)) {
                for (const f of o.fields.filter((x) => x.type !== 'MasterDetail' && !x.required)) {
                    const editable = expectedEditable(role, o.name, f.name, f.formula !== '');
                    expected.set(`${o.name}.${f.name}`, { readable: true, editable });
                }
            }
            assert.deepEqual(
                [...actual.entries()].sort(([a], [b]) => a.localeCompare(b)),
                [...expected.entries()].sort(([a], [b]) => a.localeCompare(b))
            );
        });

        it(`${role} has the controller classes and tabs of the table`, () => {
            const node = permissionSet(role);
            const classes = children(node, 'classAccesses')
                .filter((c) => text(c, 'enabled') === 'true')
                .map((c) => text(c, 'apexClass'));
            assert.deepEqual(classes.sort(), [...CLASS_ACCESS[role]].sort());
            const tabs = Object.fromEntries(
                children(node, 'tabSettings').map((t) => [text(t, 'tab'), text(t, 'visibility')])
            );
            assert.deepEqual(tabs, TAB_VISIBILITY[role]);
        });

        it(`${role} holds custom permissions, metadata types and settings only if it is the admin`, () => {
            const node = permissionSet(role);
            for (const [tag, names] of Object.entries(ADMIN_ONLY)) {
                const granted = children(node, tag)
                    .filter((c) => text(c, 'enabled') === 'true')
                    .map((c) => text(c, 'name'))
                    .sort();
                assert.deepEqual(granted, role === 'LiftoffAdmin' ? [...names].sort() : [], `${role} ${tag}`);
            }
        });
    }

    it('the editable field lists name only fields that exist', () => {
        for (const lists of Object.values(EDITABLE)) {
            for (const [objectName, names] of Object.entries(lists)) {
                const o = customObjects.find((x) => x.name === objectName);
                assert.ok(o, `unknown object ${objectName}`);
                for (const name of names)
                    assert.ok(
                        o.fields.some((f) => f.name === name),
                        `${objectName}.${name}`
                    );
            }
        }
    });

    it('key fields are editable or read-only for the right roles', () => {
        for (const [role, fieldName, editable] of KEY_FIELD_EDITS) {
            const permission = fieldPermissions(role).get(fieldName);
            assert.ok(permission, `${role} has no field permission for ${fieldName}`);
            assert.equal(permission.editable, editable, `${role} ${fieldName}`);
        }
    });

    it('no permission set lists a master-detail, required or formula field as editable', () => {
        for (const role of ROLES) {
            for (const [name, permission] of fieldPermissions(role)) {
                const [objectName = '', fieldName = ''] = name.split('.');
                const f = model.objects.find((o) => o.name === objectName)?.fields.find((x) => x.name === fieldName);
                assert.ok(f, `${role} names unknown field ${name}`);
                assert.ok(
                    f.type !== 'MasterDetail' && !f.required,
                    `${role} lists ${name}, which the platform rejects`
                );
                assert.ok(!(f.formula !== '' && permission.editable), `${role} makes formula ${name} editable`);
            }
        }
    });

    it('every class a permission set grants exists under force-app/main/default/classes', () => {
        const classesDir = join(METADATA_DIR, 'classes');
        const existing = new Set(
            readdirSync(classesDir, { recursive: true, encoding: 'utf8' })
                .filter((path) => path.endsWith('.cls'))
                .map((path) => basename(path, '.cls'))
        );
        for (const role of ROLES) {
            for (const access of children(permissionSet(role), 'classAccesses')) {
                assert.ok(
                    existing.has(text(access, 'apexClass')),
                    `${role} grants missing class ${text(access, 'apexClass')}`
                );
            }
        }
    });

    it('every role sees the Liftoff app', () => {
        for (const role of ROLES) {
            const apps = children(permissionSet(role), 'applicationVisibilities').map((a) => text(a, 'application'));
            assert.deepEqual(apps, ['Liftoff'], role);
        }
    });
});
