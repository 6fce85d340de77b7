trigger OnboardingMilestoneTrigger on OnboardingMilestone__c(
    before insert,
    after insert,
    before update,
    after update,
    before delete,
    after delete,
    after undelete
) {
    TriggerDispatcher.run(Schema.OnboardingMilestone__c.SObjectType);
}
