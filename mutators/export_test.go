package mutators

// SharedObjects are the injected objects built once at package init and shared by every
// pod they are injected into, for TestChainLeavesSharedObjectsAlone.
func SharedObjects() any { return prebuiltObjects }
