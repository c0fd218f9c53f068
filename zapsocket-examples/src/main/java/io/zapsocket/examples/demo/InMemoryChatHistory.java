package io.zapsocket.examples.demo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link ChatHistory} in this process's memory, guarded by one lock; lost when the process stops. */
final class InMemoryChatHistory implements ChatHistory {
    private final int size;
    private final Deque<Message> recent = new ArrayDeque<>();
    private final Map<String, Message> byId;

    InMemoryChatHistory() {
        this(SIZE, REMEMBERED_IDS);
    }

    InMemoryChatHistory(int size, int rememberedIds) {
        this.size = size;
        this.byId = Forgetful.map(rememberedIds);
    }

    @Override
    public synchronized CompletionStage<Posted> post(Message message) {
        Message seen = byId.get(message.id());
        if (seen != null) {
            return CompletableFuture.completedFuture(new Posted(seen, false));
        }
        byId.put(message.id(), message);
        recent.addLast(message);
        if (recent.size() > size) {
            recent.removeFirst();
        }
        return CompletableFuture.completedFuture(new Posted(message, true));
    }

    @Override
    public synchronized CompletionStage<List<Message>> recent() {
        return CompletableFuture.completedFuture(new ArrayList<>(recent));
    }
}
