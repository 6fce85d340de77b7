trigger AdoptionSnapshotTrigger on AdoptionSnapshot__c(
    before insert,
    after insert,
    before update,
    after update,
    before delete,
    after delete,
    after undelete
) {
    TriggerDispatcher.run(Schema.AdoptionSnapshot__c.SObjectType);
}
