trigger EventTrigger on Event(after insert, after update) {
    TriggerDispatcher.run(Schema.Event.SObjectType);
}
