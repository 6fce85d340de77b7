trigger TaskTrigger on Task(after insert, after update) {
    TriggerDispatcher.run(Schema.Task.SObjectType);
}
