package mutators

// SharedObjects are the injected objects built once at package init and shared by every
// pod they are injected into, for TestChainLeavesSharedObjectsAlone.
func SharedObjects() any { return prebuiltObjects }

// RevisionObjects are the injected objects c's mutators built once for its config
// revision and share with every pod they go into, for TestChainLeavesSharedObjectsAlone.
func RevisionObjects(c *Chain) any { return c.revisionObjects }
