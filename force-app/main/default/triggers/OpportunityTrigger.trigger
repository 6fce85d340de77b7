trigger OpportunityTrigger on Opportunity(after insert, after update) {
    TriggerDispatcher.run(Schema.Opportunity.SObjectType);
}
