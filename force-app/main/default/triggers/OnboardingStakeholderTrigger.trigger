trigger OnboardingStakeholderTrigger on OnboardingStakeholder__c(
    before insert,
    after insert,
    before update,
    after update,
    before delete,
    after delete,
    after undelete
) {
    TriggerDispatcher.run(Schema.OnboardingStakeholder__c.SObjectType);
}
