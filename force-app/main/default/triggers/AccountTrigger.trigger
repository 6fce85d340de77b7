trigger AccountTrigger on Account(after delete) {
    TriggerDispatcher.run(Schema.Account.SObjectType);
}
