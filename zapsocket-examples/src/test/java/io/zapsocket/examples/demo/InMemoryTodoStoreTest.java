package io.zapsocket.examples.demo;

import java.time.Clock;

class InMemoryTodoStoreTest extends TodoStoreContract {
    @Override
    TodoStore newStore(Clock clock, int maxItems, int rememberedOps) {
        return new InMemoryTodoStore(clock, maxItems, rememberedOps);
    }

    @Override
    TodoStore otherNode(Clock clock) {
        return store; // one process: the other "node" is the same store
    }
}
