/**
 * docs/data-model.md is generated from the object metadata; it must match what the generator writes today, so
 * the document never describes fields that changed.
 */
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATA_MODEL_DOC, loadDataModel, renderDataModel } from '../../scripts/docs/data-model.ts';

describe('docs/data-model.md', () => {
    it('is up to date with the metadata (regenerate with "npx tsx scripts/docs/data-model.ts")', async () => {
        const expected = await renderDataModel(loadDataModel());
        assert.equal(readFileSync(DATA_MODEL_DOC, 'utf8'), expected);
    });

    it('lists every custom object, field and relationship of the metadata', async () => {
        const model = loadDataModel();
        const rendered = await renderDataModel(model);
        for (const object of model.objects) {
            assert.ok(rendered.includes(`(\`${object.name}\`)`), `${object.name} is missing`);
            for (const field of object.fields) {
                assert.ok(rendered.includes(`| \`${field.name}\``), `${object.name}.${field.name} is missing`);
            }
        }
        assert.ok(rendered.includes('Account ||--o{ OnboardingPlan__c : "Account__c"'), 'the diagram lacks Account');
        assert.ok(rendered.includes('`DirectReports__r`'), 'the self relationship of stakeholders is missing');
    });

    it('reflects a change to a field description', async () => {
        const model = loadDataModel();
        const plan = model.objects.find((o) => o.name === 'OnboardingPlan__c');
        const status = plan?.fields.find((f) => f.name === 'Status__c');
        assert.ok(status, 'OnboardingPlan__c.Status__c is missing');
        status.description = 'A changed description that the committed document does not hold.';
        const rendered = await renderDataModel(model);
        assert.notEqual(rendered, readFileSync(DATA_MODEL_DOC, 'utf8'));
        assert.ok(rendered.includes(status.description));
    });
});
