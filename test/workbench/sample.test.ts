import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTILE_STRINGS, SAMPLE_PLAN_FILE, writeSample } from '../../scripts/data/generate-sample.ts';
import { SAMPLE_DIR } from './helpers.ts';

type Tree = { records: Record<string, unknown>[] };

function records(type: string): Record<string, unknown>[] {
    return (JSON.parse(readFileSync(join(SAMPLE_DIR, `${type}s.json`), 'utf8')) as Tree).records;
}

describe('generated sample data', () => {
    it('regenerates byte for byte identical to the committed files', () => {
        const dir = mkdtempSync(join(tmpdir(), 'liftoff-sample-'));
        const written = writeSample(dir).sort();
        assert.deepEqual(written, readdirSync(SAMPLE_DIR).sort());
        for (const file of written) {
            assert.equal(
                readFileSync(join(dir, file), 'utf8'),
                readFileSync(join(SAMPLE_DIR, file), 'utf8'),
                `${file} differs: run npx tsx scripts/data/generate-sample.ts and commit`
            );
        }
    });

    it('is written as sObject tree files with a plan, as sf data export tree --plan writes them', () => {
        const plan = JSON.parse(readFileSync(join(SAMPLE_DIR, SAMPLE_PLAN_FILE), 'utf8')) as {
            sobject: string;
            saveRefs: boolean;
            resolveRefs: boolean;
            files: string[];
        }[];
        assert.deepEqual(plan[0], { sobject: 'Account', saveRefs: true, resolveRefs: false, files: ['Accounts.json'] });
        for (const entry of plan) {
            const list = records(entry.sobject);
            list.forEach((record, index) => {
                const attributes = record.attributes as { type: string; referenceId: string };
                assert.equal(attributes.type, entry.sobject);
                assert.equal(attributes.referenceId, `${entry.sobject}Ref${index + 1}`);
            });
        }
    });

    it('covers about 200 accounts, three segments, 18 monthly cohorts and plans at every stage', () => {
        const plans = records('OnboardingPlan__c');
        assert.ok(records('Account').length >= 190 && records('Account').length <= 210);
        assert.deepEqual(new Set(plans.map((p) => p.Segment__c)), new Set(['HighTouch', 'Guided', 'TechTouch']));
        assert.equal(new Set(plans.map((p) => String(p.ContractSignedDate__c).slice(0, 7))).size, 18);
        for (const status of ['Draft', 'HandoffSubmitted', 'Active', 'OnHold', 'Completed', 'Churned', 'Cancelled']) {
            assert.ok(
                plans.some((p) => p.Status__c === status),
                `a plan with status ${status}`
            );
        }
    });

    it('holds realistic misses, silent sponsors, departed champions, churn and hostile text', () => {
        const milestones = records('OnboardingMilestone__c');
        const late = milestones.filter(
            (m) => m.CompletedDate__c && m.TargetDate__c && String(m.CompletedDate__c) > String(m.TargetDate__c)
        );
        assert.ok(late.length > 50, `${late.length} milestones completed late`);
        const stakeholders = records('OnboardingStakeholder__c');
        assert.ok(
            stakeholders.some(
                (s) =>
                    s.OnboardingRole__c === 'ExecutiveSponsor' &&
                    s.MeetingsAttended__c === 0 &&
                    s.LastEngagedDate__c === null
            )
        );
        assert.ok(stakeholders.some((s) => s.BuyingRole__c === 'Champion' && s.Departed__c === true));
        assert.ok(records('OnboardingPlan__c').filter((p) => p.ChurnDate__c).length >= 5);
        const descriptions = records('Opportunity').map((o) => String(o.Description));
        assert.ok(
            HOSTILE_STRINGS.filter((text) => descriptions.includes(text)).length >= 4,
            'hostile strings in Opportunity descriptions'
        );
    });
});
