import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { liftoffVirtualModules, registryModule, schemaModule } from '../../scripts/workbench/virtual-modules.ts';
import { metadata } from './helpers.ts';

type Hook = (this: unknown, id: string) => string | null;

function plugin(): { resolve: Hook; load: Hook; missing: Set<string> } {
    const missing = new Set<string>();
    const instance = liftoffVirtualModules({
        metadata: metadata(),
        missingLabels: missing,
        components: ['mutualPlan']
    });
    return { resolve: instance.resolveId as Hook, load: instance.load as Hook, missing };
}

describe('virtual platform modules of the workbench build', () => {
    it('checks schema imports against the metadata, as a deploy would', () => {
        assert.equal(
            schemaModule(metadata(), 'OnboardingPlan__c.HealthScore__c'),
            'export default { objectApiName: "OnboardingPlan__c", fieldApiName: "HealthScore__c" };'
        );
        assert.equal(schemaModule(metadata(), 'Account'), 'export default { objectApiName: "Account" };');
        assert.throws(
            () => schemaModule(metadata(), 'OnboardingPlan__c.NoSuchField__c'),
            /NoSuchField__c is not a field of OnboardingPlan__c/
        );
        assert.throws(
            () => schemaModule(metadata(), 'Nothing__c.Name'),
            /object Nothing__c is not in the package metadata/
        );
    });

    it('serves the real label text and reports labels the labels file lacks', () => {
        const { resolve, load, missing } = plugin();
        const label = metadata().labels[0];
        const id = resolve.call(null, `@salesforce/label/c.${label.fullName}`);
        assert.ok(id);
        assert.equal(load.call(null, id), `export default ${JSON.stringify(label.value)};`);
        const unknown = resolve.call(null, '@salesforce/label/c.NoSuchLabelAnywhere');
        assert.ok(unknown);
        assert.equal(load.call(null, unknown), 'export default "[NoSuchLabelAnywhere]";');
        assert.deepEqual([...missing], ['NoSuchLabelAnywhere']);
    });

    it('turns an Apex import into a client that is also a wire adapter', () => {
        const { resolve, load } = plugin();
        const id = resolve.call(null, '@salesforce/apex/MutualPlanController.getPlan');
        assert.ok(id);
        const code = load.call(null, id) ?? '';
        assert.match(code, /callApex\("MutualPlanController\.getPlan", params\)/);
        assert.match(code, /method\.adapter = apexAdapter/);
    });

    it('leaves modules lightning-base-components provides to it, and supplies the ones it lacks', () => {
        const { resolve } = plugin();
        assert.equal(resolve.call(null, 'lightning/button'), null);
        assert.equal(resolve.call(null, '@salesforce/i18n/number.decimalSeparator'), null);
        for (const name of [
            'lightning/platformResourceLoader',
            'lightning/uiRecordApi',
            'lightning/platformShowToastEvent',
            'lightning/logger',
            'lightning/refresh',
            '@salesforce/resourceUrl/ChartJs'
        ]) {
            assert.ok(resolve.call(null, name), name);
        }
    });

    it('lists the compiled package components for the shell', () => {
        assert.equal(
            registryModule(['mutualPlan', 'onboardingHealth']),
            `import c0 from 'c/mutualPlan';\nimport c1 from 'c/onboardingHealth';\nexport default { "mutualPlan": c0, "onboardingHealth": c1 };`
        );
    });
});
