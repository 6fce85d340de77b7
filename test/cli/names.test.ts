import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromOrgRow, orgNames, toOrgSoql } from '../../scripts/cli/names.ts';

describe('namespace mapping (F30)', () => {
    const names = orgNames('liftoff__');

    it('prefixes the package names only, relationship paths included', () => {
        assert.equal(names.toOrg('OnboardingPlan__c'), 'liftoff__OnboardingPlan__c');
        assert.equal(names.toOrg('OnboardingPlan__r.Segment__c'), 'liftoff__OnboardingPlan__r.liftoff__Segment__c');
        assert.equal(names.toOrg('HealthModel__mdt'), 'liftoff__HealthModel__mdt');
        assert.equal(names.toOrg('Legacy_Id__c'), 'Legacy_Id__c', "a subscriber's own field keeps its name");
        assert.equal(names.toOrg('Name'), 'Name');
        assert.equal(names.toOrg('liftoff__ExternalId__c'), 'liftoff__ExternalId__c', 'already prefixed');
    });

    it('rewrites a query and unprefixes the rows it returns', () => {
        const soql = toOrgSoql(names, 'SELECT Id, Segment__c, Legacy_Id__c FROM OnboardingPlan__c');
        const row = fromOrgRow(names, {
            Id: 'a01',
            liftoff__Segment__c: 'Guided',
            liftoff__Opportunity__r: { IsWon: true }
        });

        assert.equal(soql, 'SELECT Id, liftoff__Segment__c, Legacy_Id__c FROM liftoff__OnboardingPlan__c');
        assert.deepEqual(row, { Id: 'a01', Segment__c: 'Guided', Opportunity__r: { IsWon: true } });
    });

    it('leaves names alone in an org without the namespace', () => {
        const plain = orgNames('');

        assert.equal(plain.toOrg('OnboardingPlan__c'), 'OnboardingPlan__c');
        assert.equal(toOrgSoql(plain, 'SELECT Id FROM OnboardingPlan__c'), 'SELECT Id FROM OnboardingPlan__c');
    });
});
