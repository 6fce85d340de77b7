/**
 * The app surface holds together: pages place components that exist and may go there, objects have the tabs
 * and list views they should, and every layout, list view, report type, report, dashboard and validation rule
 * names fields, values and components that exist.
 */
import { existsSync } from 'node:fs';
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
    texts,
    type FieldInfo,
    type ObjectInfo,
    type XmlNode
} from '../../scripts/docs/data-model.ts';

const model = loadDataModel();
const objectsDir = join(METADATA_DIR, 'objects');

function object(name: string): ObjectInfo {
    const found = model.objects.find((o) => o.name === name);
    assert.ok(found, `object ${name} is missing`);
    return found;
}

function fieldOf(objectName: string, fieldName: string): FieldInfo | undefined {
    return model.objects.find((o) => o.name === objectName)?.fields.find((f) => f.name === fieldName);
}

/** Standard fields any custom object has, as metadata names them. */
const STANDARD_FIELDS = new Set([
    'Name',
    'NAME',
    'Id',
    'CreatedById',
    'CreatedDate',
    'LastModifiedById',
    'LastModifiedDate'
]);

function assertField(objectName: string, fieldName: string, where: string): void {
    assert.ok(
        STANDARD_FIELDS.has(fieldName) || fieldOf(objectName, fieldName),
        `${where} names ${objectName}.${fieldName}, which does not exist`
    );
}

/** Which custom objects get a tab, and which deliberately do not (they are reached from their parent). */
const TABS: Record<string, boolean> = {
    OnboardingPlan__c: true,
    OnboardingMilestone__c: true,
    OnboardingAlert__c: true,
    Playbook__c: true,
    OnboardingStakeholder__c: false,
    AdoptionSnapshot__c: false,
    HealthSnapshot__c: false,
    PlaybookStep__c: false
};

/** The list views each object must have (it may not have others without this table changing). */
const LIST_VIEWS: Record<string, string[]> = {
    OnboardingPlan__c: ['AllPlans', 'AtRisk', 'AwaitingHandoff', 'MyPlans'],
    OnboardingMilestone__c: ['AllMilestones', 'OverdueMilestones'],
    OnboardingAlert__c: ['AllAlerts', 'OpenAlerts'],
    Playbook__c: ['ActivePlaybooks', 'AllPlaybooks']
};

const flexipages = filesEndingWith(join(METADATA_DIR, 'flexipages'), '.flexipage-meta.xml').map((path) => ({
    name: basename(path, '.flexipage-meta.xml'),
    node: readXml(path)
}));

function componentInstances(page: XmlNode): XmlNode[] {
    return children(page, 'flexiPageRegions').flatMap((region) =>
        children(region, 'itemInstances').flatMap((item) => children(item, 'componentInstance'))
    );
}

describe('Lightning pages', () => {
    it('the Account, Opportunity and Portfolio pages exist', () => {
        assert.deepEqual(flexipages.map((p) => p.name).sort(), [
            'LiftoffAccountRecordPage',
            'LiftoffOpportunityRecordPage',
            'LiftoffPortfolio'
        ]);
    });

    it('place the Liftoff components where the issue asks', () => {
        const placed = (name: string): string[] =>
            componentInstances(flexipages.find((p) => p.name === name)?.node ?? {})
                .map((c) => text(c, 'componentName'))
                .filter((n) => n.startsWith('c:'))
                .sort();
        assert.deepEqual(placed('LiftoffAccountRecordPage'), [
            'c:businessReview',
            'c:discoveryHandoff',
            'c:mutualPlan',
            'c:onboardingHealth',
            'c:stakeholderMap'
        ]);
        assert.deepEqual(placed('LiftoffOpportunityRecordPage'), ['c:discoveryHandoff']);
        assert.deepEqual(placed('LiftoffPortfolio'), ['c:portfolioHealth']);
    });

    for (const page of flexipages) {
        it(`${page.name}: every placed component exists in lwc/ and is exposed for this page`, () => {
            const pageType = text(page.node, 'type');
            const sobject = text(page.node, 'sobjectType');
            const target = pageType === 'RecordPage' ? 'lightning__RecordPage' : 'lightning__AppPage';
            const problems: string[] = [];
            for (const instance of componentInstances(page.node)) {
                const componentName = text(instance, 'componentName');
                if (!componentName.startsWith('c:')) continue;
                const bundle = componentName.slice(2);
                const metaPath = join(METADATA_DIR, 'lwc', bundle, `${bundle}.js-meta.xml`);
                if (!existsSync(metaPath)) {
                    problems.push(`${componentName}: lwc/${bundle}/${bundle}.js-meta.xml does not exist`);
                    continue;
                }
                const meta = readXml(metaPath);
                if (text(meta, 'isExposed') !== 'true') problems.push(`${componentName}: not exposed`);
                const targets = children(meta, 'targets').flatMap((t) => texts(t, 'target'));
                if (!targets.includes(target)) problems.push(`${componentName}: ${target} is not among its targets`);
                const configs = children(meta, 'targetConfigs').flatMap((c) => children(c, 'targetConfig'));
                for (const config of configs.filter((c) => String(c['@targets'] ?? '').includes(target))) {
                    const objects = children(config, 'objects').flatMap((o) => texts(o, 'object'));
                    if (sobject !== '' && objects.length > 0 && !objects.includes(sobject)) {
                        problems.push(`${componentName}: not allowed on ${sobject} record pages`);
                    }
                }
            }
            assert.deepEqual(problems, []);
        });

        it(`${page.name}: identifiers are unique and every facet a component names exists`, () => {
            const instances = componentInstances(page.node);
            const identifiers = instances.map((c) => text(c, 'identifier'));
            assert.equal(new Set(identifiers).size, identifiers.length, 'duplicate identifiers');
            const facets = new Set(
                children(page.node, 'flexiPageRegions')
                    .filter((r) => text(r, 'type') === 'Facet')
                    .map((r) => text(r, 'name'))
            );
            for (const instance of instances) {
                for (const property of children(instance, 'componentInstanceProperties')) {
                    if (['body', 'tabs'].includes(text(property, 'name'))) {
                        assert.ok(facets.has(text(property, 'value')), `missing facet ${text(property, 'value')}`);
                    }
                }
            }
        });
    }
});

describe('tabs and the Liftoff app', () => {
    const app = readXml(join(METADATA_DIR, 'applications', 'Liftoff.app-meta.xml'));
    const appTabs = texts(app, 'tabs');

    for (const [objectName, hasTab] of Object.entries(TABS)) {
        it(`${objectName} ${hasTab ? 'has' : 'has no'} tab`, () => {
            object(objectName);
            const path = join(METADATA_DIR, 'tabs', `${objectName}.tab-meta.xml`);
            assert.equal(existsSync(path), hasTab);
            if (hasTab) {
                assert.equal(text(readXml(path), 'customObject'), 'true');
                assert.ok(appTabs.includes(objectName), `the Liftoff app does not show ${objectName}`);
            }
        });
    }

    it('every custom object is in the tab table', () => {
        const objects = model.objects.filter((o) => o.kind === 'object').map((o) => o.name);
        assert.deepEqual(objects.sort(), Object.keys(TABS).sort());
    });

    it('every app tab exists, and the Portfolio tab opens the portfolio app page', () => {
        for (const tab of appTabs.filter((t) => !t.startsWith('standard-'))) {
            assert.ok(existsSync(join(METADATA_DIR, 'tabs', `${tab}.tab-meta.xml`)), `tab ${tab} is missing`);
        }
        const portfolio = readXml(join(METADATA_DIR, 'tabs', 'LiftoffPortfolio.tab-meta.xml'));
        const page = flexipages.find((p) => p.name === text(portfolio, 'flexiPage'));
        assert.ok(page, 'the Portfolio tab names a flexipage that does not exist');
        assert.equal(text(page.node, 'type'), 'AppPage');
        assert.ok(appTabs.includes('LiftoffPortfolio'));
    });

    it('the app opens Accounts and Opportunities on the Liftoff record pages', () => {
        const overrides = children(app, 'actionOverrides').map((o) => [
            text(o, 'pageOrSobjectType'),
            text(o, 'content')
        ]);
        assert.deepEqual(overrides, [
            ['Account', 'LiftoffAccountRecordPage'],
            ['Opportunity', 'LiftoffOpportunityRecordPage']
        ]);
        for (const [sobject, content] of overrides) {
            const page = flexipages.find((p) => p.name === content);
            assert.equal(text(page?.node, 'sobjectType'), sobject);
        }
    });
});

/** Checks a picklist filter value list ("A,B") against the field's value set. */
function assertPicklistValues(objectName: string, fieldName: string, value: string, where: string): void {
    const f = fieldOf(objectName, fieldName);
    if (f?.type !== 'Picklist') return;
    const allowed = f.picklistValues.map((v) => v.value);
    for (const item of value.split(',')) {
        assert.ok(allowed.includes(item.trim()), `${where}: ${item} is not a value of ${objectName}.${fieldName}`);
    }
}

describe('list views, compact layouts and page layouts', () => {
    for (const [objectName, expected] of Object.entries(LIST_VIEWS)) {
        it(`${objectName} has exactly its list views, naming real fields and values`, () => {
            const files = filesEndingWith(join(objectsDir, objectName, 'listViews'), '.listView-meta.xml');
            assert.deepEqual(files.map((f) => basename(f, '.listView-meta.xml')).sort(), expected);
            for (const file of files) {
                const view = readXml(file);
                const where = `${objectName} list view ${basename(file)}`;
                for (const column of texts(view, 'columns')) assertField(objectName, column, where);
                for (const filter of children(view, 'filters')) {
                    assertField(objectName, text(filter, 'field'), where);
                    assertPicklistValues(objectName, text(filter, 'field'), text(filter, 'value'), where);
                }
            }
        });
    }

    for (const o of model.objects.filter((x) => x.kind === 'object')) {
        it(`${o.name}: its compact layout and page layout name real fields, and the layout shows every field`, () => {
            const objectNode = readXml(join(objectsDir, o.name, `${o.name}.object-meta.xml`));
            const compactName = text(objectNode, 'compactLayoutAssignment');
            const compactPath = join(objectsDir, o.name, 'compactLayouts', `${compactName}.compactLayout-meta.xml`);
            assert.ok(existsSync(compactPath), `${o.name} is assigned missing compact layout ${compactName}`);
            for (const f of texts(readXml(compactPath), 'fields')) assertField(o.name, f, compactPath);

            const layoutPath = join(METADATA_DIR, 'layouts', `${o.name}-${o.label} Layout.layout-meta.xml`);
            assert.ok(existsSync(layoutPath), `${o.name} has no page layout`);
            const layout = readXml(layoutPath);
            const placed = children(layout, 'layoutSections')
                .flatMap((s) => children(s, 'layoutColumns'))
                .flatMap((c) => children(c, 'layoutItems'))
                .map((item) => text(item, 'field'));
            for (const f of placed) assertField(o.name, f, layoutPath);
            assert.deepEqual(
                o.fields.map((f) => f.name).filter((name) => !placed.includes(name)),
                [],
                `${o.name} fields missing from its layout`
            );
            for (const related of children(layout, 'relatedLists')) {
                const [child = '', lookup = ''] = text(related, 'relatedList').split('.');
                assert.equal(
                    fieldOf(child, lookup)?.referenceTo,
                    o.name,
                    `bad related list ${text(related, 'relatedList')}`
                );
            }
        });
    }
});

describe('validation rules', () => {
    const rules = model.objects.flatMap((o) =>
        filesEndingWith(join(objectsDir, o.name, 'validationRules'), '.validationRule-meta.xml').map((path) => ({
            objectName: o.name,
            path,
            node: readXml(path)
        }))
    );

    it('cover the rules the issue asks for', () => {
        const names = rules.map((r) => `${r.objectName}.${basename(r.path, '.validationRule-meta.xml')}`);
        assert.ok(names.includes('OnboardingMilestone__c.CompletedDateNotInFuture'));
        assert.ok(names.includes('OnboardingMilestone__c.TargetDateNotBeforeContract'));
    });

    it('every rule skips for holders of BypassAutomation and says what to fix on a real field', () => {
        for (const rule of rules) {
            const formula = text(rule.node, 'errorConditionFormula');
            assert.match(formula, /^AND\(NOT\(\$Permission\.BypassAutomation\),/, `${rule.path} has no bypass`);
            assert.ok(text(rule.node, 'errorMessage').length > 20, `${rule.path} has no useful message`);
            assert.notEqual(text(rule.node, 'description'), '', `${rule.path} has no description`);
            const display = text(rule.node, 'errorDisplayField');
            if (display !== '') assertField(rule.objectName, display, rule.path);
            for (const m of formula.matchAll(/\$Permission\.(\w+)/g)) {
                const permission = join(METADATA_DIR, 'customPermissions', `${m[1] ?? ''}.customPermission-meta.xml`);
                assert.ok(existsSync(permission), `${rule.path} uses missing custom permission ${m[1] ?? ''}`);
            }
            for (const m of formula.matchAll(/\b(\w+__c)\b(?!\.)/g)) {
                const name = m[1] ?? '';
                const viaParent = formula.includes(`${name.replace('__c', '__r')}.`) || formula.includes(`__r.${name}`);
                if (!viaParent) assertField(rule.objectName, name, rule.path);
            }
        }
    });
});

describe('report types, reports and the dashboard', () => {
    const reportTypes = filesEndingWith(join(METADATA_DIR, 'reportTypes'), '.reportType-meta.xml');
    const tableObject = (table: string): string => {
        const [base = '', ...relations] = table.split('.');
        let current = base;
        for (const relation of relations) {
            const child = model.objects.find((o) =>
                o.fields.some((f) => f.referenceTo === current && `${f.relationshipName}__r` === relation)
            );
            assert.ok(child, `no child relationship ${relation} on ${current}`);
            current = child.name;
        }
        return current;
    };

    it('there is a report type for plans and for plans with milestones, stakeholders, health snapshots and alerts', () => {
        assert.deepEqual(reportTypes.map((p) => basename(p, '.reportType-meta.xml')).sort(), [
            'OnboardingPlans',
            'PlansWithAlerts',
            'PlansWithHealthSnapshots',
            'PlansWithMilestones',
            'PlansWithStakeholders'
        ]);
    });

    it('report type columns name real fields through real relationships', () => {
        for (const path of reportTypes) {
            for (const section of children(readXml(path), 'sections')) {
                for (const column of children(section, 'columns')) {
                    assertField(tableObject(text(column, 'table')), text(column, 'field'), path);
                }
            }
        }
    });

    const reportFiles = filesEndingWith(join(METADATA_DIR, 'reports', 'LiftoffReports'), '.report-meta.xml');

    it('reports use existing report types, fields and picklist values whose label equals the API value', () => {
        assert.ok(reportFiles.length >= 4, 'expected a few starter reports');
        const typeNames = reportTypes.map((p) => `${basename(p, '.reportType-meta.xml')}__c`);
        for (const path of reportFiles) {
            const report = readXml(path);
            assert.ok(typeNames.includes(text(report, 'reportType')), `${path} uses an unknown report type`);
            const refs = [
                ...children(report, 'columns').map((c) => text(c, 'field')),
                ...children(report, 'groupingsDown').map((g) => text(g, 'field'))
            ];
            for (const ref of refs) {
                const [table = '', fieldName = ''] = ref.split('$');
                assertField(tableObject(table), fieldName, path);
            }
            for (const criterion of children(children(report, 'filter')[0], 'criteriaItems')) {
                const [table = '', fieldName = ''] = text(criterion, 'column').split('$');
                const objectName = tableObject(table);
                assertField(objectName, fieldName, path);
                assertPicklistValues(objectName, fieldName, text(criterion, 'value'), path);
                const values = fieldOf(objectName, fieldName)?.picklistValues ?? [];
                for (const value of values.length > 0 ? text(criterion, 'value').split(',') : []) {
                    const label = values.find((v) => v.value === value)?.label;
                    assert.equal(label, value, `${path}: filter on ${value} would depend on the label's language`);
                }
            }
        }
    });

    it('the starter dashboard shows only reports that exist', () => {
        const dashboard = readXml(
            join(METADATA_DIR, 'dashboards', 'LiftoffDashboards', 'LiftoffPortfolioStarter.dashboard-meta.xml')
        );
        const components = children(children(dashboard, 'dashboardGridLayout')[0], 'dashboardGridComponents');
        assert.ok(components.length >= 3, 'the dashboard has too few components');
        for (const component of components) {
            const report = text(children(component, 'dashboardComponent')[0], 'report');
            assert.ok(
                existsSync(join(METADATA_DIR, 'reports', `${report}.report-meta.xml`)),
                `missing report ${report}`
            );
        }
    });
});
