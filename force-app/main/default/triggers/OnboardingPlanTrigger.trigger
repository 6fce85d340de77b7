trigger OnboardingPlanTrigger on OnboardingPlan__c(
    before insert,
    after insert,
    before update,
    after update,
    before delete,
    after delete,
    after undelete
) {
    TriggerDispatcher.run(Schema.OnboardingPlan__c.SObjectType);
}
